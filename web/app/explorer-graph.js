// The explorer's graph: cytoscape on a canvas, and the same nodes as a keyboard list of buttons.
import { el } from "/app/kith.js";

// How each node label is drawn; the legend is made from the same table.
export const KINDS = {
  Customer: { shape: "ellipse", colour: "#0b5cad", name: "Person" },
  Household: { shape: "round-rectangle", colour: "#b35c00", name: "Household" },
  Account: { shape: "diamond", colour: "#1e6b35", name: "Account (product)" },
};
const OTHER = { shape: "hexagon", colour: "#6b4c9a", name: "Other" };
const CENTRE = "#f0a500";

function kind(label) {
  return KINDS[label] || OTHER;
}

// People first in the list of nodes, then households, accounts and anything else.
function rank(label) {
  const at = Object.keys(KINDS).indexOf(label);
  return at < 0 ? 99 : at;
}

const STYLE = [
  { selector: "node", style: {
    label: "data(name)", "font-size": 12, color: "#1b1f24", "text-valign": "bottom",
    "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 110, width: 30, height: 30,
    shape: "data(shape)", "background-color": "data(colour)" } },
  { selector: "node.centre", style: {
    width: 46, height: 46, "border-width": 5, "border-color": CENTRE, "font-weight": "bold" } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#1b1f24" } },
  { selector: "edge", style: {
    width: 2, "line-color": "#8a96a3", "curve-style": "bezier", label: "data(kind)",
    "font-size": 9, color: "#4a5560", "text-rotation": "autorotate",
    "text-background-color": "#fff", "text-background-opacity": 1 } },
  { selector: "edge[directed]", style: {
    "target-arrow-shape": "triangle", "target-arrow-color": "#8a96a3" } },
];

function nodeElement(node) {
  const k = kind(node.label);
  return { group: "nodes", data: { id: node.id, name: node.name, label: node.label,
    shape: k.shape, colour: k.colour } };
}

function edgeElement(edge) {
  const kindName = edge.type.toLowerCase().replaceAll("_", " ");
  return { group: "edges", data: {
    id: `${edge.source}|${edge.type}|${edge.target}`, source: edge.source, target: edge.target,
    kind: edge.role ? `${kindName} (${edge.role.toLowerCase()})` : kindName,
    directed: edge.type === "PARENT_OF" || edge.type === "HOLDS" ? true : undefined } };
}

export function legend() {
  return el("ul", { class: "legend", "aria-label": "Legend" },
    ...[...Object.values(KINDS), OTHER].map((k) => el("li", {},
      el("span", { class: `swatch ${k.shape}`, style: `background:${k.colour}`,
        "aria-hidden": "true" }), k.name)),
    el("li", {}, el("span", { class: "swatch ellipse centre", "aria-hidden": "true" }),
      "The customer the graph is centred on"));
}

// A graph in `container`; `actions` are {expand(node), open(node)} for person nodes.
export class ExplorerGraph {
  constructor(container, list, actions) {
    this.list = list;
    this.actions = actions;
    this.expanded = new Set();
    this.cy = cytoscape({ container, style: STYLE, wheelSensitivity: 0.3, elements: [] });
    window.kithExplorer = this.cy; // the end-to-end tests read the drawing's element count
    this.cy.on("tap", "node[label = 'Customer']", (event) => actions.expand(this.node(event)));
    this.cy.on("dbltap", "node[label = 'Customer']", (event) => actions.open(this.node(event)));
  }

  node(event) {
    const data = event.target.data();
    return { id: data.id, name: data.name, label: data.label };
  }

  // Start again from one customer's neighbourhood.
  draw(neighborhood) {
    this.centre = neighborhood.center;
    this.expanded = new Set([neighborhood.center]);
    this.cy.elements().remove();
    return this.merge(neighborhood, neighborhood.center);
  }

  // Add the nodes and edges not drawn yet; return how many nodes were new.
  merge(neighborhood, around) {
    this.expanded.add(around);
    const fresh = neighborhood.nodes.filter((n) => this.cy.getElementById(n.id).empty());
    this.cy.add(fresh.map(nodeElement));
    this.cy.add(neighborhood.edges.map(edgeElement)
      .filter((e) => this.cy.getElementById(e.data.id).empty()));
    this.cy.getElementById(this.centre).addClass("centre");
    this.cy.nodes().unselect();
    this.cy.getElementById(around).select();
    this.cy.resize(); // the container may have just been shown
    // Rings by hops from the centre: the household around the customer, then beyond.
    const hops = {};
    this.cy.elements().breadthFirstSearch({ root: this.cy.getElementById(this.centre),
      visit: (node, edge, previous, index, depth) => { hops[node.id()] = depth; } });
    this.cy.layout({ name: "concentric", concentric: (n) => 10 - (hops[n.id()] ?? 9),
      levelWidth: () => 1, minNodeSpacing: 40, padding: 24, animate: false }).run();
    this.listNodes();
    return fresh.length;
  }

  listNodes() {
    const nodes = this.cy.nodes().map((n) => n.data())
      .sort((a, b) => (a.id === this.centre ? -1 : b.id === this.centre ? 1 :
        rank(a.label) - rank(b.label) || a.name.localeCompare(b.name)));
    this.list.replaceChildren(...nodes.map((n) => this.item(n)));
  }

  item(data) {
    const node = { id: data.id, name: data.name, label: data.label };
    const person = data.label === "Customer";
    return el("li", { "data-node": data.id },
      el("span", { class: `swatch ${data.shape}`, style: `background:${data.colour}`,
        "aria-hidden": "true" }),
      el("span", { class: "node-name" }, data.name,
        el("span", { class: "muted" }, ` · ${kind(data.label).name}`,
          data.id === this.centre ? " · centre" : "")),
      person ? el("span", { class: "node-actions" },
        el("button", { type: "button", "aria-label": `Expand ${data.name}`,
          disabled: this.expanded.has(data.id), onclick: () => this.actions.expand(node) },
          this.expanded.has(data.id) ? "Expanded" : "Expand"),
        el("button", { type: "button", "aria-label": `Open 360 of ${data.name}`,
          onclick: () => this.actions.open(node) }, "Open 360")) : null);
  }
}
