// The agent desktop: the view tailored to this contact, recording it, and the alerts queue.
import { el, gql, subscribe } from "/app/kith.js";
import { pane, TITLES, when } from "/app/desk_panes.js";

const VIEW_CHANNELS = ["BRANCH_TABLET", "RELATIONSHIP_MANAGER", "CONTACT_CENTER", "MOBILE_APP",
  "WEB", "KIOSK"];
const INTENTS = ["BILLING", "CARDS", "LOANS", "COMPLAINT", "GENERAL"];
const CHANNEL_CODES = ["CONTACT_CENTER", "BRANCH", "BRANCH_TABLET", "MOBILE", "WEB", "ATM", "KIOSK"];
const RECORD_INTENTS = [...INTENTS, "SALES"];
const OUTCOMES = ["RESOLVED", "UNRESOLVED", "TRANSFERRED", "NO_RESPONSE"];

const SERVICE = `
  serviceExcellence { interactions resolved unresolved meanTurnaroundMinutes repeatContacts
                      satisfactionScore satisfactionLevel smiley }
  contactPreferences { channel score responseRate best }
  holdings { accountId productName balance { minorUnits currency } }
  usageTrends { accountId service currency points { month count amountMinor }
                incidents { id description startedOn endedOn months } }`;

// Only what the role may see: the API refuses a whole request naming a field it may not.
function viewQuery(role) {
  const finances = ["BRANCH_OFFICER", "CARE_AGENT", "ADMINISTRATOR"].includes(role)
    ? "lifestyle { total { currency assetsMinor liabilitiesMinor monthlyCashflowMinor debtRatio } }"
    : "";
  const family = ["BRANCH_OFFICER", "ADMINISTRATOR"].includes(role)
    ? "household { name members { role customer { fullName } } }" : "";
  return `query Desk($id: ID!, $channel: ViewChannel!, $intent: ContactIntent!) {
    view(customerId: $id, channel: $channel, intent: $intent) {
      __typename
      ... on ViewFrame {
        panes { kind reason } replyChannel
        nextBestAction { id productName needKind script }
        contactHistory { id at channel direction intent outcome matchesIntent }
        openCases { id category stage daysOpen }
      }
      ... on ContactCenterView { caller { fullName } ${SERVICE} }
      ... on FullView { customer { fullName feedback { kind score at touchpoint } ${SERVICE}
                                   ${finances} ${family} } }
      ... on SelfServiceView { firstName }
    }
  }`;
}

const RECORD = `mutation Record($interaction: InteractionInput!) {
  recordInteraction(interaction: $interaction) {
    __typename
    ... on InteractionRecorded { interactionId }
    ... on NotFound { message }
    ... on InvalidInput { message }
  }
}`;

const KINDS = { ContactCenterView: "contact-center view", FullView: "full 360 view",
  SelfServiceView: "self-service view" };

const ALERTS = `subscription { alertRaised { id customerId kind severity reason raisedAt } }`;

// A labelled field; the label names it alone (not with the value it holds).
function field(label, control) {
  control.id = `desk-${label.toLowerCase().replace(/\W+/g, "-")}`;
  return el("div", { class: "field" }, el("label", { for: control.id }, label), control);
}

function choice(label, name, values, selected) {
  return field(label, el("select", { name },
    values.map((v) => el("option", { value: v, selected: v === selected }, v))));
}

function contactForm(session, open) {
  const channels = session.role === "ADMINISTRATOR" ? VIEW_CHANNELS
    : VIEW_CHANNELS.filter((c) => c === session.channel);
  if (!channels.length) {
    return el("p", { class: "error" },
      `No customer view is served on ${session.channel}: sign in on a front-office channel.`);
  }
  const customer = session.customer
    ? el("p", {}, "Verified caller ", el("strong", {}, session.customer),
      el("input", { type: "hidden", name: "customer", value: session.customer }))
    : field("Customer id", el("input", { name: "customer", required: true,
      autocomplete: "off" }));
  const form = el("form", { class: "contact", "aria-label": "Contact",
    onsubmit: (event) => { event.preventDefault(); open(Object.fromEntries(new FormData(form))); } },
  choice("Channel", "channel", channels, channels.includes(session.channel) ? session.channel
    : channels[0]),
  choice("Intent", "intent", INTENTS, "GENERAL"), customer,
  el("button", { type: "submit" }, "Open view"));
  return form;
}

function recordForm(session, intent, record) {
  const code = CHANNEL_CODES.includes(session.channel) ? session.channel : "BRANCH";
  const form = el("form", { class: "record", "aria-label": "Record interaction",
    onsubmit: (event) => { event.preventDefault(); record(Object.fromEntries(new FormData(form))); } },
  el("h3", {}, "Record this interaction"),
  choice("Channel code", "channel", CHANNEL_CODES, code),
  choice("Interaction intent", "intent", RECORD_INTENTS, intent),
  choice("Outcome", "outcome", OUTCOMES, "RESOLVED"),
  field("Turnaround minutes (optional)",
    el("input", { name: "turnaround", type: "number", min: "0", inputmode: "numeric" })),
  el("button", { type: "submit" }, "Record"));
  return form;
}

function alertItem(alert, onOpen) {
  return el("li", { class: `severity-${alert.severity}` },
    el("strong", {}, `${alert.kind} (severity ${alert.severity})`),
    ` ${alert.customerId}: ${alert.reason} `, el("span", { class: "muted" }, when(alert.raisedAt)),
    onOpen ? el("button", { type: "button", onclick: () => onOpen(alert.customerId) },
      `Open ${alert.customerId}`) : null);
}

export function mount(element, session) {
  element.append(el("link", { rel: "stylesheet", href: "/app/desk.css" }));
  const state = { ticked: new Set(), charts: [], contact: null };
  const status = el("p", { class: "error", role: "alert" });
  const view = el("div", { class: "desk-view", "aria-live": "polite" });
  const queue = el("ol", { class: "alerts", "aria-live": "polite", "aria-label": "Alerts" });

  async function open(contact) {
    state.contact = contact;
    status.textContent = "";
    try {
      const data = await gql(viewQuery(session.role),
        { id: contact.customer, channel: contact.channel, intent: contact.intent });
      draw(data.view);
    } catch (error) {
      status.textContent = error.message;
    }
  }

  async function record(fields) {
    const interaction = { customerId: state.contact.customer, channel: fields.channel,
      intent: fields.intent, outcome: fields.outcome };
    if (fields.turnaround !== "") interaction.turnaroundMinutes = Number(fields.turnaround);
    try {
      const answer = (await gql(RECORD, { interaction })).recordInteraction;
      if (answer.__typename !== "InteractionRecorded") throw new Error(answer.message);
      await open(state.contact);
      status.textContent = "";
      view.prepend(el("p", { class: "done", role: "status" }, `Recorded ${answer.interactionId}.`));
    } catch (error) {
      status.textContent = error.message;
    }
  }

  function draw(found) {
    for (const chart of state.charts.splice(0)) chart.destroy();
    if (!found) {
      view.replaceChildren(el("p", {}, `No customer ${state.contact.customer} here.`));
      return;
    }
    const data = found.caller ? found : found.customer || {};
    const name = data.caller?.fullName || data.fullName || found.firstName;
    view.replaceChildren(
      el("h3", { class: "who" }, `${name}: ${KINDS[found.__typename]}, `
        + `${state.contact.intent.toLowerCase()} contact`),
      el("div", { class: "panes" }, found.panes.map((p) => el("section", {
        class: `pane pane-${p.kind.toLowerCase().replaceAll("_", "-")}`, "data-kind": p.kind,
        "aria-labelledby": `pane-${p.kind}` },
      el("h3", { id: `pane-${p.kind}` }, TITLES[p.kind] || p.kind),
      el("p", { class: "muted reason" }, p.reason),
      pane(p.kind, found, data, state)))),
      recordForm(session, state.contact.intent, record),
    );
  }

  const openFromAlert = session.customer ? null : (customer) => {
    const input = element.querySelector("form.contact input[name=customer]");
    if (input) input.value = customer;
    element.querySelector("form.contact")?.requestSubmit();
  };
  element.append(el("div", { class: "desk" },
    el("div", {}, el("h2", {}, "Agent desktop"), contactForm(session, open), status, view),
    el("aside", { "aria-labelledby": "alerts-title" },
      el("h2", { id: "alerts-title" }, "Alerts"),
      el("p", { class: "muted" }, "Proactive care: new alerts appear here, newest first."),
      queue)));
  const close = subscribe(ALERTS, {}, (data) => queue.prepend(alertItem(data.alertRaised,
    openFromAlert)));
  // main.js replaces the screen's children on leaving: end the subscription with it.
  const watch = new MutationObserver(() => {
    if (!element.contains(view)) { close(); watch.disconnect(); }
  });
  watch.observe(element, { childList: true });
}
