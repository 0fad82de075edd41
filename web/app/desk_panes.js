// The agent desktop's panes: each draws one field of a tailored view, as the API gives it.
import { el } from "/app/kith.js";

export const TITLES = {
  CONTACT_HISTORY: "Contact history",
  OPEN_CASES: "Open cases",
  SERVICE_EXCELLENCE: "Service excellence",
  NEXT_BEST_ACTION: "Next best action",
  CONTACT_PREFERENCES: "Contact preferences",
  HOLDINGS: "Holdings",
  USAGE_TRENDS: "Usage trends",
  LIFESTYLE: "Lifestyle",
  HOUSEHOLD: "Household",
  FEEDBACK: "Feedback",
};

export function when(iso) {
  return iso ? iso.slice(0, 16).replace("T", " ") : "";
}

function money(minor, currency) {
  const format = new Intl.NumberFormat("en-GB", { style: "currency", currency });
  return format.format(minor / 10 ** format.resolvedOptions().maximumFractionDigits);
}

function table(headings, rows, rowClass = () => null) {
  return el("table", {},
    el("thead", {}, el("tr", {}, headings.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((row) => el("tr", { class: rowClass(row) }, row.cells.map((c) => el("td", {}, c))))),
  );
}

function contactHistory(view) {
  if (!view.contactHistory.length) return el("p", { class: "muted" }, "No contacts yet.");
  const rows = view.contactHistory.map((e) => ({
    matches: e.matchesIntent,
    cells: [when(e.at), e.channel, e.direction, e.intent, e.outcome],
  }));
  return table(["When", "Channel", "Direction", "Intent", "Outcome"], rows,
    (row) => (row.matches ? "matches" : null));
}

function openCases(view) {
  if (!view.openCases.length) return el("p", { class: "muted" }, "No open case.");
  return el("ul", {}, view.openCases.map((c) =>
    el("li", {}, `${c.id} ${c.category}: ${c.stage}, open ${c.daysOpen} days`)));
}

function serviceExcellence(data) {
  const s = data.serviceExcellence;
  const score = s.satisfactionScore === null ? "no score yet" : `${s.satisfactionScore}/100`;
  const turnaround = s.meanTurnaroundMinutes === null ? "none timed"
    : `${s.meanTurnaroundMinutes} min`;
  return el("div", {},
    el("p", { class: "satisfaction" },
      el("span", { class: "smiley", role: "img", "aria-label": s.satisfactionLevel }, s.smiley),
      el("span", {}, ` ${s.satisfactionLevel}, ${score}`)),
    el("dl", { class: "figures" },
      el("dt", {}, "Interactions"), el("dd", { "data-figure": "interactions" }, String(s.interactions)),
      el("dt", {}, "Resolved"), el("dd", {}, String(s.resolved)),
      el("dt", {}, "Unresolved"), el("dd", {}, String(s.unresolved)),
      el("dt", {}, "Repeat contacts"), el("dd", {}, String(s.repeatContacts)),
      el("dt", {}, "Mean turnaround"), el("dd", {}, turnaround)),
  );
}

// The script's steps as checkboxes; `ticked` (a Set) outlives redraws while on the screen.
function nextBestAction(view, ticked) {
  const offer = view.nextBestAction;
  if (!offer) return el("p", { class: "muted" }, "No offer for this customer now.");
  const steps = offer.script.map((step, index) => {
    const key = `${offer.id}:${index}`;
    const box = el("input", {
      type: "checkbox", id: `step-${index}`, checked: ticked.has(key),
      onchange: (event) => (event.target.checked ? ticked.add(key) : ticked.delete(key)),
    });
    return el("li", {}, box, el("label", { for: `step-${index}` }, step));
  });
  return el("div", {},
    el("p", {}, el("strong", {}, offer.productName),
      offer.needKind ? ` for ${offer.needKind.toLowerCase().replaceAll("_", " ")}` : ""),
    el("ol", { class: "script", "aria-label": "Approach script" }, steps));
}

function contactPreferences(data, view) {
  const channels = data.contactPreferences;
  if (!channels.length) return el("p", { class: "muted" }, "No channel used yet.");
  return el("div", {},
    view.replyChannel ? el("p", {}, `Reply on ${view.replyChannel}.`) : null,
    el("ul", { class: "channels" }, channels.map((c) => el("li", { class: c.best ? "best" : null },
      c.best ? el("strong", {}, `${c.channel} (preferred)`) : c.channel,
      ` score ${c.score.toFixed(2)}`,
      c.responseRate === null ? "" : `, answers ${Math.round(c.responseRate * 100)} %`))));
}

function holdings(data) {
  if (!data.holdings.length) return el("p", { class: "muted" }, "No accounts.");
  return table(["Account", "Product", "Balance"], data.holdings.map((h) => ({
    cells: [h.accountId, h.productName, money(h.balance.minorUnits, h.balance.currency)],
  })));
}

function lifestyle(data) {
  const t = data.lifestyle.total;
  return el("dl", { class: "figures" },
    el("dt", {}, "Assets"), el("dd", {}, money(t.assetsMinor, t.currency)),
    el("dt", {}, "Liabilities"), el("dd", {}, money(t.liabilitiesMinor, t.currency)),
    el("dt", {}, "Monthly cashflow"), el("dd", {}, money(t.monthlyCashflowMinor, t.currency)),
    el("dt", {}, "Debt ratio"), el("dd", {}, t.debtRatio === null ? "n/a" : t.debtRatio.toFixed(2)));
}

function household(data) {
  const home = data.household;
  if (!home) return el("p", { class: "muted" }, "Not in a household.");
  return el("div", {}, el("p", {}, home.name),
    el("ul", {}, home.members.map((m) => el("li", {}, `${m.customer.fullName} (${m.role})`))));
}

function feedback(data) {
  if (!data.feedback.length) return el("p", { class: "muted" }, "No survey answers.");
  return el("ul", {}, data.feedback.map((f) =>
    el("li", {}, `${when(f.at)} ${f.kind} ${f.score}${f.touchpoint ? ` at ${f.touchpoint}` : ""}`)));
}

// A line chart of one service's monthly count, its incident months marked as a second series.
function trendChart(trend, charts) {
  const months = trend.points.map((p) => p.month);
  const hit = new Set(trend.incidents.flatMap((i) => i.months));
  const label = `${trend.service} on ${trend.accountId}: contacts a month`;
  const canvas = el("canvas", { role: "img", "aria-label": label });
  charts.push(new Chart(canvas, {
    type: "line",
    data: {
      labels: months,
      datasets: [
        { label: "Count", data: trend.points.map((p) => p.count), borderColor: "#0b5cad" },
        {
          label: "Incident", data: trend.points.map((p) => (hit.has(p.month) ? p.count : null)),
          showLine: false, pointStyle: "triangle", pointRadius: 9, backgroundColor: "#a4161a",
          borderColor: "#a4161a",
        },
      ],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  }));
  const incidents = trend.incidents.map((i) => el("li", {},
    `${i.startedOn} to ${i.endedOn}: ${i.description}`));
  return el("figure", { class: "trend" },
    el("figcaption", {}, `${trend.service} (${trend.accountId})`),
    el("div", { class: "chart" }, canvas),
    incidents.length ? el("ul", { class: "incidents", "aria-label": "Incidents" }, incidents)
      : el("p", { class: "muted" }, "No incident in these months."));
}

function usageTrends(data, charts) {
  if (!data.usageTrends.length) return el("p", { class: "muted" }, "No usage for this contact.");
  return el("div", {}, data.usageTrends.map((trend) => trendChart(trend, charts)));
}

// Draw one pane: `view` holds the frame's fields, `data` the customer's (caller or customer).
export function pane(kind, view, data, state) {
  const draw = {
    CONTACT_HISTORY: () => contactHistory(view),
    OPEN_CASES: () => openCases(view),
    NEXT_BEST_ACTION: () => nextBestAction(view, state.ticked),
    SERVICE_EXCELLENCE: () => serviceExcellence(data),
    CONTACT_PREFERENCES: () => contactPreferences(data, view),
    HOLDINGS: () => holdings(data),
    USAGE_TRENDS: () => usageTrends(data, state.charts),
    LIFESTYLE: () => lifestyle(data),
    HOUSEHOLD: () => household(data),
    FEEDBACK: () => feedback(data),
  }[kind];
  const field = kind.toLowerCase().replace(/_(.)/g, (_, c) => c.toUpperCase());
  const source = ["CONTACT_HISTORY", "OPEN_CASES", "NEXT_BEST_ACTION"].includes(kind) ? view : data;
  if (!draw || !(field in source)) {
    return el("p", { class: "muted" }, "Not shown to this role or on this channel.");
  }
  return draw();
}
