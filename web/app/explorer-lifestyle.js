// The lifestyle pane of one customer: financial core and family life, as the API gives them.
import { el } from "/app/kith.js";

// Fields every role that opens the explorer may see (FINANCES, FAMILY: docs/security.md).
export const LIFESTYLE = `
  id fullName age
  household { id name }
  family { customerId relation fullName age schooling }
  lifestyle {
    total { currency assetsMinor liabilitiesMinor monthlyCashflowMinor debtRatio }
    byProduct { category productName balance { minorUnits currency } monthlyFlow { minorUnits currency } }
    monthlyIncome { minorUnits currency }
  }`;

// Minor units of an ISO 4217 currency, e.g. 520000 GBP -> "£5,200.00".
export function money(minorUnits, currency) {
  const format = new Intl.NumberFormat("en-GB", { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(Number(minorUnits) / 10 ** digits);
}

function pair(term, value) {
  return [el("dt", {}, term), el("dd", {}, value)];
}

function core(lifestyle) {
  const total = lifestyle.total;
  const ratio = total.debtRatio === null ? "none (no assets)" : total.debtRatio.toFixed(2);
  const income = lifestyle.monthlyIncome;
  return el("section", { "aria-labelledby": "core-title" },
    el("h4", { id: "core-title" }, "Financial core"),
    el("dl", { class: "figures" },
      pair("Assets", money(total.assetsMinor, total.currency)),
      pair("Liabilities", money(total.liabilitiesMinor, total.currency)),
      pair("Debt ratio (liabilities / assets)", ratio),
      pair("Monthly cashflow", money(total.monthlyCashflowMinor, total.currency)),
      income ? pair("Monthly income", money(income.minorUnits, income.currency)) : null),
    el("table", {},
      el("caption", {}, "By product"),
      el("thead", {}, el("tr", {}, ...["Product", "Category", "Balance", "Monthly flow"]
        .map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...lifestyle.byProduct.map((p) => el("tr", {},
        el("th", { scope: "row" }, p.productName),
        el("td", {}, p.category),
        el("td", { class: "amount" }, money(p.balance.minorUnits, p.balance.currency)),
        el("td", { class: "amount" },
          p.monthlyFlow ? money(p.monthlyFlow.minorUnits, p.monthlyFlow.currency) : "—"))))));
}

function family(customer) {
  const relatives = customer.family;
  return el("section", { "aria-labelledby": "family-title" },
    el("h4", { id: "family-title" }, "Family life"),
    el("p", {}, "Household: ", customer.household ? customer.household.name : "none recorded"),
    relatives.length === 0 ? el("p", { class: "muted" }, "No relatives recorded.") :
      el("table", {},
        el("caption", {}, "Relatives"),
        el("thead", {}, el("tr", {}, ...["Relation", "Name", "Age", "Schooling"]
          .map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...relatives.map((r) => el("tr", {},
          el("td", {}, r.relation),
          el("th", { scope: "row" }, r.fullName),
          el("td", {}, r.age === null ? "—" : String(r.age)),
          el("td", {}, r.schooling || "—"))))));
}

// Draw the pane for a customer the API returned (never null here).
export function lifestylePane(customer) {
  return [
    el("h3", { id: "lifestyle-title" }, `Lifestyle: ${customer.fullName}`),
    el("p", { class: "muted" }, customer.age === null ? "" : `Age ${customer.age}`),
    core(customer.lifestyle),
    family(customer),
  ];
}
