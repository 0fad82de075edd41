// The segment preview's aggregate profile as Chart.js charts, drawn exactly as the API gives it.
import { el } from "/app/kith.js";

const BLUE = "#0b5cad";

// One chart pane: a heading, a canvas described in words for screen readers, and a note.
function figure(key, title, wide = false) {
  const canvas = el("canvas", { role: "img", "data-chart": key });
  const note = el("p", { class: "muted" });
  const pane = el("figure", { class: wide ? "pane chart wide" : "pane chart" },
    el("h3", {}, title), el("div", { class: "chart-box" }, canvas), note);
  return { key, pane, canvas, note, chart: null };
}

export function chartPanes() {
  return [
    figure("ageBands", "Age bands"),
    figure("tiers", "Value tiers"),
    figure("channels", "Preferred channels"),
    figure("products", "Product penetration", true),
    figure("nps", "Net promoter score"),
  ];
}

function bars(labels, values, label, scale = {}) {
  return {
    type: "bar",
    data: { labels, datasets: [{ label, data: values, backgroundColor: BLUE }] },
    options: {
      animation: false, maintainAspectRatio: false, indexAxis: "y",
      plugins: { legend: { display: false } },
      // A left axis gets at most half the width: small labels keep CONTACT_CENTER whole.
      scales: { x: { beginAtZero: true, ticks: { precision: 0 }, ...scale },
        y: { ticks: { font: { size: 11 } } } },
    },
  };
}

function shares(list) {
  return bars(list.map((s) => s.label), list.map((s) => s.customers), "customers");
}

function said(list) {
  return list.map((s) => `${s.label} ${s.customers}`).join(", ") || "none";
}

// Each chart's configuration and its words, from one preview.
function configure(key, preview) {
  if (key === "ageBands") return [shares(preview.ageBands), said(preview.ageBands)];
  if (key === "tiers") return [shares(preview.tiers), said(preview.tiers)];
  if (key === "channels") {
    const list = preview.preferredChannels;
    return [shares(list), list.length ? said(list) : "no preferred channel found yet"];
  }
  if (key === "products") {
    const list = preview.productPenetration;
    const config = bars(list.map((p) => p.name), list.map((p) => p.share * 100),
      "% of the selection holding it", { max: 100 });
    const words = list.map((p) => `${p.name} ${p.holders} (${Math.round(p.share * 100)}%)`);
    return [config, words.join(", ") || "no products held"];
  }
  const answers = preview.npsAnswers;
  const config = bars(["NPS"], preview.nps === null ? [] : [preview.nps], "NPS",
    { min: -100, max: 100 });
  const words = preview.nps === null ? "no NPS answers"
    : `${preview.nps} over ${answers} answer${answers === 1 ? "" : "s"}`;
  return [config, words];
}

// Redraw every chart from a preview.
export function drawCharts(panes, preview) {
  for (const pane of panes) {
    const [config, words] = configure(pane.key, preview);
    if (pane.chart) pane.chart.destroy();
    pane.chart = new Chart(pane.canvas, config);
    pane.canvas.setAttribute("aria-label", `${pane.pane.querySelector("h3").textContent}: ${words}`);
    pane.note.textContent = words;
  }
}
