// Household explorer: find a customer, explore their household's graph, read their lifestyle.
import { el, gql } from "/app/kith.js";
import { ExplorerGraph, legend } from "/app/explorer-graph.js";
import { LIFESTYLE, lifestylePane } from "/app/explorer-lifestyle.js";

const SEARCH = `query Search($text: String!) {
  search(text: $text, first: 20) { customer { id fullName city age email phone } }
}`;
const CUSTOMER = `query Customer($id: ID!) { customer(id: $id) { ${LIFESTYLE} } }`;
const REACHABLE = `query Reachable($id: ID!) { customer(id: $id) { id } }`;
const AROUND = `query Around($id: ID!, $depth: Int!, $relations: [Relation!]) {
  neighborhood(customerId: $id, depth: $depth, relations: $relations) {
    center truncated nodes { id label name } edges { source type target role }
  }
}`;
// What each relation checkbox follows (the API's Relation enum).
const RELATIONS = [
  ["Family ties", ["SPOUSE_OF", "PARENT_OF", "SIBLING_OF"]],
  ["Household membership", ["MEMBER_OF"]],
  ["Products held", ["HOLDS"]],
];
const NOT_IN_BOOK = "not found, or not in your book";

function searchForm(onSearch) {
  const input = el("input", { id: "explorer-text", type: "search", required: true,
    autocomplete: "off" });
  return el("form", { class: "explorer-search", role: "search", onsubmit: (event) => {
    event.preventDefault();
    onSearch(input.value.trim());
  } },
  el("label", { for: "explorer-text" }, "Customer name, phone or email"), input,
  el("button", { type: "submit" }, "Search"));
}

function options() {
  const depth = el("select", { id: "explorer-depth" },
    ...[1, 2, 3].map((d) => el("option", { value: String(d) }, String(d))));
  const boxes = RELATIONS.map(([label, types]) => el("label", { class: "check" },
    el("input", { type: "checkbox", checked: true, value: types.join(",") }), ` ${label}`));
  return { depth, boxes, fieldset: el("fieldset", { class: "explorer-options" },
    el("legend", {}, "What to draw"),
    el("label", { for: "explorer-depth" }, "Hops from the customer "), depth, ...boxes) };
}

export function mount(element) {
  element.append(el("link", { rel: "stylesheet", href: "/app/explorer.css" }));
  const results = el("ul", { class: "explorer-results", "aria-label": "Search results" });
  const found = el("p", { class: "muted", "aria-live": "polite" });
  const status = el("p", { class: "explorer-status", role: "status", "aria-live": "polite" });
  const pane = el("section", { class: "pane explorer-lifestyle", "aria-live": "polite",
    "aria-labelledby": "lifestyle-title" },
  el("h3", { id: "lifestyle-title" }, "Lifestyle"),
  el("p", { class: "muted" }, "Pick a customer to see their financial core and family."));
  const canvas = el("div", { id: "explorer-graph", role: "img",
    "aria-label": "Graph of the customer's household and neighbourhood; the list of nodes beside it has the same people" });
  const list = el("ul", { id: "explorer-nodes", "aria-label": "Nodes in the graph" });
  const choice = options();
  const graphPane = el("section", { class: "pane explorer-graph-pane",
    "aria-labelledby": "graph-title" },
  el("h3", { id: "graph-title" }, "Household and neighbourhood"),
  el("p", { class: "muted" },
    "Click a person to expand their neighbourhood; double-click to open their 360. ",
    "The list of nodes does the same from the keyboard."),
  status, el("div", { class: "explorer-drawing" }, canvas, el("div", { class: "explorer-list" },
    el("h4", {}, "Nodes"), list)), legend());
  const pending = new Set();

  function relations() {
    const types = choice.boxes.map((b) => b.querySelector("input"))
      .filter((i) => i.checked).flatMap((i) => i.value.split(","));
    return types.length ? types : null;
  }

  async function around(id) {
    const depth = Number(choice.depth.value);
    return (await gql(AROUND, { id, depth, relations: relations() })).neighborhood;
  }

  async function open(node) {
    pane.replaceChildren(el("h3", { id: "lifestyle-title" }, "Lifestyle"),
      el("p", { class: "muted" }, `Loading ${node.name}…`));
    try {
      const customer = (await gql(CUSTOMER, { id: node.id })).customer;
      pane.replaceChildren(...(customer ? lifestylePane(customer) : [
        el("h3", { id: "lifestyle-title" }, "Lifestyle"),
        el("p", { class: "error" }, `${node.name}: ${NOT_IN_BOOK}.`)]));
      return customer;
    } catch (error) {
      pane.replaceChildren(el("h3", { id: "lifestyle-title" }, "Lifestyle"),
        el("p", { class: "error", role: "alert" }, error.message));
      return null;
    }
  }

  async function expand(node) {
    if (graph.expanded.has(node.id) || pending.has(node.id)) return;
    pending.add(node.id);
    try {
      // Only a customer the caller may open is expanded: the API answers null for the others.
      if (!(await gql(REACHABLE, { id: node.id })).customer) {
        status.textContent = `${node.name}: ${NOT_IN_BOOK}; not expanded.`;
        return;
      }
      const added = graph.merge(await around(node.id), node.id);
      status.textContent = `Expanded ${node.name}: ${added} new node${added === 1 ? "" : "s"}.`;
    } catch (error) {
      status.textContent = error.message;
    } finally {
      pending.delete(node.id);
    }
  }

  async function choose(hit) {
    element.querySelector(".explorer-work").hidden = false;
    const customer = await open({ id: hit.id, name: hit.fullName });
    if (!customer) {
      graph.cy.elements().remove();
      list.replaceChildren();
      status.textContent = `${hit.fullName}: ${NOT_IN_BOOK}.`;
      return;
    }
    const neighborhood = await around(hit.id);
    const count = graph.draw(neighborhood);
    status.textContent = `${customer.fullName}: ${count} nodes` +
      (neighborhood.truncated ? " (cut at 300 edges)." : ".");
  }

  async function search(text) {
    results.replaceChildren();
    found.textContent = "Searching…";
    try {
      const hits = (await gql(SEARCH, { text })).search.map((h) => h.customer);
      found.textContent = hits.length ? `${hits.length} found.` :
        `No customer found for “${text}” in your reach.`;
      results.replaceChildren(...hits.map((c) => el("li", {},
        el("button", { type: "button", onclick: () => choose(c) }, c.fullName),
        el("span", { class: "muted" },
          [c.city, c.age === null ? null : `age ${c.age}`, c.email, c.phone]
            .filter(Boolean).join(" · ")))));
    } catch (error) {
      found.textContent = "";
      results.replaceChildren(el("li", { class: "error", role: "alert" }, error.message));
    }
  }

  const work = el("div", { class: "explorer-work panes", hidden: true }, graphPane, pane);
  element.append(el("h2", {}, "Household explorer"),
    el("section", { class: "pane", "aria-labelledby": "find-title" },
      el("h3", { id: "find-title" }, "Find a customer"), searchForm(search), choice.fieldset,
      found, results),
    work);
  const graph = new ExplorerGraph(canvas, list, { expand, open });
}
