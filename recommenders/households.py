"""Households Kith derives: people linked by family and joint accounts at one address (networkx).

The rule. Customers are nodes; two of them are joined by an edge when they are
- spouses, whatever their addresses (spouses living apart still keep one household);
- otherwise related (parent and child, siblings) and at the same address;
- holders of one open account together and at the same address;
- a parent and their child under 18 (on the day given) who has no address on file, when
  the child's parents here live in one home (spouses, or one address); parents in two homes
  keep the child with the one that shares an open account with them, or neither.
A derived household is a connected component of two or more customers. Addresses are the
same when `normalise_address` (recommenders/addresses.py) makes them equal: case, accents,
punctuation, spacing, street-type and direction abbreviations, postcode spacing; otherwise a
customer with no address is at no one's address. Every edge keeps its reasons, said aloud
for an officer ("C-1 and C-2: spouses, same address").

Reconciled with the bank's households: a loaded household is never changed. Only customers
without one are grouped (`households_to_write`): a tie to someone in a loaded household
joins no one to it, and a derived household holds no one the bank has placed.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph.records import Resident
from recommenders.addresses import normalise_address
from recommenders.ages import age_on

__all__ = ["DerivedHousehold", "derive_households", "households_to_write", "normalise_address"]

PREFIX = "HD-"  # a derived household's id: this and its smallest member id
ADULT_AGE = 18  # from this age a child with no address is not assumed to live with a parent


@dataclass(frozen=True, slots=True)
class DerivedHousehold:
    """A household found by the rule: its members (the eldest heads it) and the evidence."""

    id: str
    head_id: str
    members: tuple[str, ...]
    evidence: tuple[str, ...]


def derive_households(residents: Iterable[Resident], *, on: date) -> list[DerivedHousehold]:
    """Group the given customers by the rule (ages on `on`); a tie to anyone not given counts
    for nothing."""
    given = {r.id: r for r in residents}
    folded: dict[str | None, str | None] = {}  # a household's people share one written form
    address: dict[str, str | None] = {}
    for id_, resident in given.items():
        if resident.address not in folded:
            folded[resident.address] = normalise_address(resident.address)
        address[id_] = folded[resident.address]
    reasons: dict[frozenset[str], list[str]] = {}  # each edge's, said aloud
    links = [link for resident in given.values() for link in _links(resident, address)]
    for first, second, reason in [*links, *_minor_links(given, address, on)]:
        if first != second and first in given and second in given:
            pair = frozenset((first, second))
            reasons.setdefault(pair, []).append(f"{first} and {second}: {reason}")
    linked = nx.Graph(tuple(pair) for pair in reasons)
    found = [
        _household(linked, members, given, reasons) for members in nx.connected_components(linked)
    ]
    return sorted(found, key=lambda h: h.id)


def households_to_write(residents: Iterable[Resident], *, on: date) -> list[DerivedHousehold]:
    """The derived households to keep: grouped among customers with no loaded household."""
    return derive_households((r for r in residents if r.household_id is None), on=on)


_TIE_WORDS = {"SPOUSE": "spouses", "PARENT": "parent and child", "SIBLING": "siblings"}


def _links(resident: Resident, address: Mapping[str, str | None]) -> Iterable[tuple[str, str, str]]:
    """The resident's edges by the rule: (first, second, reason); a parent is named first."""
    here = address[resident.id]
    for other, tie in resident.ties:
        same = here is not None and here == address.get(other)
        if tie == "SPOUSE" or same:
            first, second = (resident.id, other)
            if tie != "PARENT":
                first, second = sorted((resident.id, other))
            words = _TIE_WORDS.get(tie, tie.lower())
            yield first, second, f"{words}, same address" if same else words
    for account_id, other in resident.joint:
        if here is not None and here == address.get(other):
            first, second = sorted((resident.id, other))
            yield first, second, f"joint account {account_id}, same address"


def _minor_links(
    given: Mapping[str, Resident], address: Mapping[str, str | None], on: date
) -> Iterable[tuple[str, str, str]]:
    """Edges from each child under 18 with no address to the parents they live with."""
    parents: dict[str, list[str]] = {}
    spouses: set[frozenset[str]] = set()
    joint: set[frozenset[str]] = set()
    for resident in given.values():
        for other, tie in resident.ties:
            if tie == "PARENT":
                parents.setdefault(other, []).append(resident.id)
            elif tie == "SPOUSE":
                spouses.add(frozenset((resident.id, other)))
        joint |= {frozenset((resident.id, other)) for _, other in resident.joint}
    for child, theirs in sorted(parents.items()):
        years = age_on(given[child].birth_date, on) if child in given else None
        if address.get(child) is not None or years is None or years >= ADULT_AGE:
            continue
        homes = _homes([p for p in theirs if p in given], address, spouses)
        if len(homes) > 1:  # parents apart: the child is where they share an account
            homes = [home for home in homes if any(frozenset((p, child)) in joint for p in home)]
        if len(homes) == 1:
            for parent in homes[0]:
                yield parent, child, "parent and child, a child with no address on file"


def _homes(
    parents: list[str], address: Mapping[str, str | None], spouses: set[frozenset[str]]
) -> list[list[str]]:
    """Split a child's parents into homes: spouses, or one address, live together."""
    homes: list[list[str]] = []
    for parent in sorted(parents):
        home = next((h for h in homes if any(_together(parent, p, address, spouses) for p in h)),
                    None)  # fmt: skip
        if home is None:
            homes.append([parent])
        else:
            home.append(parent)
    return homes


def _together(
    one: str, other: str, address: Mapping[str, str | None], spouses: set[frozenset[str]]
) -> bool:
    here = address[one]
    return frozenset((one, other)) in spouses or (here is not None and here == address[other])


def _household(
    linked: nx.Graph, members: set[str], given: Mapping[str, Resident],
    reasons: Mapping[frozenset[str], list[str]],
) -> DerivedHousehold:  # fmt: skip
    ordered = tuple(sorted(members))
    # The eldest heads it (an unknown birth date last); among equals, the smallest id.
    head = min(ordered, key=lambda i: (given[i].birth_date or "9999-12-31", i))
    # A component is closed: the edges at its members are its edges, each seen once.
    evidence = sorted(line for a, b in linked.edges(members) for line in reasons[frozenset((a, b))])
    return DerivedHousehold(PREFIX + ordered[0], head, ordered, tuple(evidence))
