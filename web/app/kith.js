// The workspace's only way to the service: the public GraphQL API with the signed-in token.

const KEY = "kith.session";

export function session() {
  const saved = sessionStorage.getItem(KEY);
  return saved ? JSON.parse(saved) : null;
}

export function remember(value) {
  sessionStorage.setItem(KEY, JSON.stringify(value));
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
  }
}

// POST a document; resolve with its data, reject with the API's own messages.
export async function gql(query, variables = {}) {
  const answer = await fetch("/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${session().token}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await answer.json();
  if (!answer.ok) throw new GraphQLError([{ message: body.detail || answer.statusText }]);
  if (body.errors) throw new GraphQLError(body.errors);
  return body.data;
}

// Subscribe over graphql-transport-ws; the token goes in connection_init (no headers here).
export function subscribe(query, variables, onData) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/graphql`, "graphql-transport-ws");
  socket.addEventListener("open", () => {
    socket.send(JSON.stringify({
      type: "connection_init", payload: { authorization: `Bearer ${session().token}` },
    }));
  });
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "connection_ack") {
      socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query, variables } }));
    } else if (message.type === "next" && message.payload.data) {
      onData(message.payload.data);
    } else if (message.type === "ping") {
      socket.send(JSON.stringify({ type: "pong" }));
    }
  });
  return () => socket.close();
}

// Build an element: el("li", {class: "x"}, "text", child).
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}
