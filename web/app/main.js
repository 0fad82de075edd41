// Sign-in, the screens a role may use, and hash routing between them.
import { el, forget, remember, session } from "/app/kith.js";
import { SCREENS } from "/app/screens.js";

const screen = document.getElementById("screen");
const form = document.getElementById("sign-in");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const fields = Object.fromEntries(new FormData(form));
  const pasted = fields.token.trim();
  delete fields.token;
  if (pasted) {
    remember({ token: pasted, ...claimsOf(pasted) });
    show();
    return;
  }
  for (const name of ["portfolio", "customer"]) if (!fields[name]) delete fields[name];
  const answer = await fetch("/dev/token", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify(fields),
  });
  const body = await answer.json();
  if (!answer.ok) {
    const production = answer.status === 404 || answer.status === 405;
    document.getElementById("sign-in-error").textContent = production
      ? "This service issues no tokens (production): paste the one the bank's sign-in gave you."
      : JSON.stringify(body.detail);
    return;
  }
  remember({ token: body.token, ...fields });
  show();
});

// What a token says of its bearer (the service checks the signature; this only shows it).
function claimsOf(token) {
  const payload = token.split(".")[1] || "";
  const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
  return { role: claims.role, channel: claims.channel, portfolio: claims.portfolio,
           customer: claims.customer };
}

function show() {
  const who = session();
  const nav = document.getElementById("screens");
  if (!who) {
    form.hidden = false;
    nav.hidden = true;
    screen.replaceChildren();
    return;
  }
  form.hidden = true;
  nav.hidden = false;
  const mine = SCREENS.filter((s) => s.roles.includes(who.role));
  nav.replaceChildren(
    ...mine.map((s) => el("a", { href: `#/${s.path}` }, s.title)),
    el("button", { type: "button", onclick: () => { forget(); location.hash = ""; show(); } },
      "Sign out"),
  );
  document.getElementById("who").textContent = `${who.role} on ${who.channel}`;
  const wanted = location.hash.replace("#/", "");
  const chosen = mine.find((s) => s.path === wanted) || mine[0];
  screen.replaceChildren();
  if (chosen) {
    for (const link of nav.querySelectorAll("a")) {
      link.toggleAttribute("aria-current", link.getAttribute("href") === `#/${chosen.path}`);
    }
    chosen.mount(screen, who);
  } else {
    screen.append(el("p", {}, "No screen here is for this role."));
  }
}

window.addEventListener("hashchange", show);
show();
