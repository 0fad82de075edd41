// Segment builder: a filter previewed live, saved as a segment, its lookalikes and CSV export.
import { el, gql } from "/app/kith.js";
import { chartPanes, drawCharts } from "/app/segment_charts.js";

const PREVIEW = `query Preview($filter: CustomerFilterInput) {
  segmentPreview(filter: $filter) {
    count nps npsAnswers
    ageBands { label customers } tiers { label customers } preferredChannels { label customers }
    productPenetration { productId name holders share }
    sample { id fullName age city email phone marketingConsent }
  }
}`;
const SAVE = `mutation Save($name: String!, $filter: CustomerFilterInput!) {
  createSegment(name: $name, filter: $filter) {
    __typename
    ... on SegmentSaved { segment { id name exportUrl } }
    ... on InvalidInput { field message }
    ... on NotFound { field message }
  }
}`;
const LOOKALIKES = `query Lookalikes($id: ID!) {
  segment(id: $id) { lookalikes(first: 10) { similarity customer { id fullName } } }
}`;
// The schema's ChannelCode enum.
const CHANNELS = ["BRANCH", "BRANCH_TABLET", "ATM", "KIOSK", "MOBILE", "WEB", "CONTACT_CENTER"];
const WAIT_MS = 300;

// A labelled input; the label names it by id (a wrapping label would add a select's choice).
function field(label, input, hint) {
  input.id = `segment-${input.name.replace(":", "-")}`;
  return el("div", { class: "field" }, el("label", { for: input.id }, label,
    hint ? el("span", { class: "muted" }, ` (${hint})`) : null), input);
}

function choice(name, options) {
  return el("select", { name }, ...options.map(([value, text]) => el("option", { value }, text)));
}

function filterForm() {
  return el("form", { class: "pane filters", "aria-labelledby": "filters-title" },
    el("h3", { id: "filters-title" }, "Filters"),
    field("City", el("input", { name: "city", autocomplete: "off" })),
    field("Value tier", el("input", { name: "valueTier", autocomplete: "off" }), "e.g. AFFLUENT"),
    el("div", { class: "pair" },
      field("Min age", el("input", { name: "minAge", type: "number", min: 0, max: 130 })),
      field("Max age", el("input", { name: "maxAge", type: "number", min: 0, max: 130 }))),
    el("fieldset", { class: "products" }, el("legend", {}, "Products"),
      el("p", { class: "muted" }, "Loading the products the bank's customers hold…")),
    field("Has an open case", choice("hasOpenCase", [["", "Any"], ["true", "Yes"], ["false", "No"]])),
    field("Preferred channel", choice("preferredChannel",
      [["", "Any"], ...CHANNELS.map((c) => [c, c])])),
    field("Need", el("input", { name: "need", autocomplete: "off" }), "e.g. CHILD_EDUCATION"),
    field("Last contact after", el("input", { name: "lastContactAfter", type: "date" })),
    field("Last contact before", el("input", { name: "lastContactBefore", type: "date" })),
  );
}

// One three-way choice per product the whole bank's preview lists.
function productChoices(fieldset, products) {
  const rows = products.map((p) => field(`${p.name} (${p.productId})`, choice(`product:${p.productId}`,
    [["", "Any"], ["holds", "Holds"], ["lacks", "Does not hold"]])));
  fieldset.replaceChildren(el("legend", {}, "Products"),
    ...(rows.length ? rows : [el("p", { class: "muted" }, "No customer holds a product yet.")]));
}

// The API's CustomerFilterInput from the form: only what the analyst set.
function filterOf(form) {
  const filter = {};
  const holds = [];
  const lacks = [];
  for (const [name, raw] of new FormData(form)) {
    const value = String(raw).trim();
    if (!value) continue;
    if (name.startsWith("product:")) (value === "holds" ? holds : lacks).push(name.slice(8));
    else if (name === "minAge" || name === "maxAge") filter[name] = Number(value);
    else if (name === "hasOpenCase") filter[name] = value === "true";
    else if (name.startsWith("lastContact")) filter[name] = `${value}T00:00:00Z`;
    else filter[name] = value;
  }
  if (holds.length) filter.holdsProducts = holds;
  if (lacks.length) filter.lacksProducts = lacks;
  return filter;
}

function sampleTable(sample) {
  const cell = (value) => el("td", {}, value === null || value === undefined ? "—" : String(value));
  return el("table", {},
    el("caption", { class: "muted" }, "The first members by name"),
    el("thead", {}, el("tr", {}, ...["Id", "Name", "Age", "City", "Email", "Phone",
      "Marketing consent"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...sample.map((c) => el("tr", {}, cell(c.id), cell(c.fullName), cell(c.age),
      cell(c.city), cell(c.email), cell(c.phone), cell(c.marketingConsent ? "yes" : "no")))));
}

export function mount(element, session) {
  const form = filterForm();
  const count = el("p", { class: "count", "aria-live": "polite", id: "segment-count" }, "Counting…");
  const problem = el("p", { class: "error", role: "alert" });
  const sample = el("div", { class: "sample" });
  const charts = chartPanes();
  const saving = savePane(form, session);
  element.replaceChildren(
    el("link", { rel: "stylesheet", href: "/app/segments.css" }),
    el("h2", {}, "Segment builder"),
    el("div", { class: "segments" },
      form,
      el("div", { class: "results" },
        el("section", { class: "pane", "aria-labelledby": "selection-title" },
          el("h3", { id: "selection-title" }, "Selection"), count, problem),
        el("div", { class: "panes charts" }, ...charts.map((c) => c.pane)),
        el("section", { class: "pane", "aria-labelledby": "sample-title" },
          el("h3", { id: "sample-title" }, "Sample"), sample),
        saving)),
  );
  let asked = 0;
  let timer = null;
  async function refresh() {
    const mine = ++asked;
    try {
      const { segmentPreview: preview } = await gql(PREVIEW, { filter: filterOf(form) });
      if (mine !== asked) return preview; // a newer filter was asked for: draw that one
      problem.textContent = "";
      count.textContent = `${preview.count} customer${preview.count === 1 ? "" : "s"}`;
      drawCharts(charts, preview);
      sample.replaceChildren(sampleTable(preview.sample));
      return preview;
    } catch (error) {
      if (mine === asked) problem.textContent = error.message;
    }
  }
  const later = () => { clearTimeout(timer); timer = setTimeout(refresh, WAIT_MS); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", (event) => event.preventDefault());
  refresh().then((whole) => {
    if (whole) productChoices(form.querySelector(".products"), whole.productPenetration);
  });
}

// Save the filter as a named segment; then its lookalikes and its CSV export.
function savePane(form, session) {
  const name = el("input", { name: "segmentName", required: true, maxlength: 120, autocomplete: "off" });
  const status = el("p", { "aria-live": "polite", id: "segment-saved" });
  const after = el("div", { class: "after-save" });
  const save = el("form", { "aria-labelledby": "save-title" },
    field("Segment name", name), el("button", { type: "submit" }, "Save segment"));
  save.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.className = "";
    try {
      const { createSegment: saved } = await gql(SAVE, { name: name.value, filter: filterOf(form) });
      if (saved.__typename !== "SegmentSaved") throw new Error(saved.message);
      status.textContent = `Saved "${saved.segment.name}" as ${saved.segment.id}.`;
      after.replaceChildren(exportButton(saved.segment, session), await lookalikes(saved.segment));
    } catch (error) {
      status.className = "error";
      status.textContent = error.message;
    }
  });
  return el("section", { class: "pane", "aria-labelledby": "save-title" },
    el("h3", { id: "save-title" }, "Save and export"), save, status, after);
}

async function lookalikes(segment) {
  const box = el("section", { "aria-labelledby": "lookalikes-title" },
    el("h4", { id: "lookalikes-title" }, "Lookalikes"));
  const none = "No lookalikes yet (customers are scored by kith score).";
  try {
    const { segment: found } = await gql(LOOKALIKES, { id: segment.id });
    const list = found ? found.lookalikes : [];
    box.append(list.length ? el("ol", {}, ...list.map((l) => el("li", {},
      `${l.customer.fullName} (${l.customer.id}), similarity ${l.similarity}`)))
      : el("p", { class: "muted" }, none));
  } catch (error) {
    // Before `kith train` and `kith score` no member has an embedding: the API says so.
    const unscored = error.errors && error.errors.some((e) => e.extensions
      && e.extensions.code === "INVALID_INPUT");
    box.append(unscored ? el("p", { class: "muted" }, none, el("br"), `The API: ${error.message}`)
      : el("p", { class: "error" }, error.message));
  }
  return box;
}

// The export needs the bearer token, which a link cannot send: fetch it, then offer the blob.
function exportButton(segment, session) {
  const problem = el("p", { class: "error", role: "alert" });
  const again = el("p", {});
  let url = null;
  const button = el("button", { type: "button", onclick: async () => {
    problem.textContent = "";
    const answer = await fetch(segment.exportUrl,
      { headers: { authorization: `Bearer ${session.token}` } });
    if (!answer.ok) {
      const body = await answer.json().catch(() => ({}));
      problem.textContent = body.detail || answer.statusText;
      return;
    }
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(await answer.blob());
    const link = el("a", { href: url, download: `${segment.id}.csv` }, `Download ${segment.id}.csv again`);
    again.replaceChildren(link);
    link.click();
  } }, "Export CSV");
  return el("div", {}, button,
    el("p", { class: "muted" }, "Only members who consented to marketing are exported."), problem, again);
}
