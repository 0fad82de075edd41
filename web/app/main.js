// Sign-in, the screens a role may use, and hash routing between them.
import { el, forget, remember, session } from "/app/kith.js";
import { SCREENS } from "/app/screens.js";

const screen = document.getElementById("screen");
const form = document.getElementById("sign-in");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const fields = Object.fromEntries(new FormData(form));
  for (const name of ["portfolio", "customer"]) if (!fields[name]) delete fields[name];
  const answer = await fetch("/dev/token", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify(fields),
  });
  const body = await answer.json();
  if (!answer.ok) {
    document.getElementById("sign-in-error").textContent = body.detail;
    return;
  }
  remember({ token: body.token, ...fields });
  show();
});

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
