"""Who in a household decides: the adult at the centre of its shared finances (networkx).

The household's adults are nodes; every account two of them hold together is an edge
(weight: accounts shared). An adult's standing is their weighted degree (how much of the
household's money runs through them), plus one per joint account they hold as primary,
plus their share of the household's income. The highest decides; ties go to the elder.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph.records import Customer, Holding
from recommenders.ages import age_on


@dataclass(frozen=True, slots=True)
class Decider:
    """The household member who decides, and why, said aloud."""

    customer_id: str
    reason: str


def household_decider(
    members: Sequence[Customer], holdings: Mapping[str, Sequence[Holding]], today: date
) -> Decider | None:
    """The deciding adult of a household, or None when it has no adult."""
    adults = {m.id: m for m in members if (age_on(m.birth_date, today) or 0) >= 18}
    if not adults:
        return None
    shared = nx.Graph()
    shared.add_nodes_from(adults)
    primary: dict[str, int] = dict.fromkeys(adults, 0)
    for holders in _joint_accounts(adults, holdings):
        for n, first in enumerate(holders):
            for second in holders[n + 1 :]:
                weight = shared.get_edge_data(first, second, {"weight": 0})["weight"]
                shared.add_edge(first, second, weight=weight + 1)
        primary[holders[0]] += 1
    income = {i: max(m.monthly_income.minor_units, 0) if m.monthly_income else 0
              for i, m in adults.items()}  # fmt: skip
    total = sum(income.values()) or 1
    standing = {
        i: shared.degree(i, weight="weight") + primary[i] + income[i] / total for i in adults
    }
    decider = max(adults, key=lambda i: (standing[i], -_born(adults[i]), i))
    return Decider(decider, _reason(primary[decider], income[decider] / total))


def _joint_accounts(
    adults: Mapping[str, Customer], holdings: Mapping[str, Sequence[Holding]]
) -> list[list[str]]:
    """The adult holders of each open account two or more of them share, primary first."""
    found: dict[str, list[str]] = {}
    for customer_id in sorted(adults):
        for holding in holdings.get(customer_id, ()):
            others = sorted(c for c in holding.co_holder_ids if c in adults)
            if others and holding.status != "CLOSED" and holding.role == "PRIMARY":
                found.setdefault(holding.account_id, [customer_id, *others])
    return [found[a] for a in sorted(found)]


def _born(member: Customer) -> int:
    return int((member.birth_date or "9999-12-31").replace("-", ""))


def _reason(primary_accounts: int, income_share: float) -> str:
    parts = []
    if primary_accounts:
        plural = "s" if primary_accounts > 1 else ""
        parts.append(f"primary holder of {primary_accounts} joint account{plural}")
    parts.append(f"{income_share:.0%} of the household's income")
    return "; ".join(parts)
