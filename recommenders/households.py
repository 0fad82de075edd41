"""Households Kith derives: people linked by family and joint accounts at one address (networkx).

The rule. Customers are nodes; two of them are joined by an edge when they are
- spouses, whatever their addresses (spouses living apart still keep one household);
- otherwise related (parent and child, siblings) and at the same address;
- holders of one open account together and at the same address.
A derived household is a connected component of two or more customers. Addresses are the
same when `normalise_address` makes them equal (case folded, punctuation ignored, spaces
collapsed); a customer with no address is at no one's address. Every edge keeps its reasons,
said aloud for an officer ("C-1 and C-2: spouses, same address").

Reconciled with the bank's households: a loaded household is never changed. Only customers
without one are grouped (`households_to_write`): a tie to someone in a loaded household
joins no one to it, and a derived household holds no one the bank has placed.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from graph.records import Resident

PREFIX = "HD-"  # a derived household's id: this and its smallest member id
_PUNCTUATION = re.compile(r"[^\w\s]|_")  # neither a letter, a digit nor a space


@dataclass(frozen=True, slots=True)
class DerivedHousehold:
    """A household found by the rule: its members (the eldest heads it) and the evidence."""

    id: str
    head_id: str
    members: tuple[str, ...]
    evidence: tuple[str, ...]


def normalise_address(address: str | None) -> str | None:
    """An address as compared: case folded, punctuation ignored, whitespace collapsed."""
    if address is None:
        return None
    folded = _PUNCTUATION.sub("", unicodedata.normalize("NFKC", address).casefold())
    return " ".join(folded.split()) or None


def derive_households(residents: Iterable[Resident]) -> list[DerivedHousehold]:
    """Group the given customers by the rule; a tie to anyone not given counts for nothing."""
    given = {r.id: r for r in residents}
    folded: dict[str | None, str | None] = {}  # a household's people share one written form
    address: dict[str, str | None] = {}
    for id_, resident in given.items():
        if resident.address not in folded:
            folded[resident.address] = normalise_address(resident.address)
        address[id_] = folded[resident.address]
    reasons: dict[frozenset[str], list[str]] = {}  # each edge's, said aloud
    for resident in given.values():
        for first, second, reason in _links(resident, address):
            if first != second and first in given and second in given:
                pair = frozenset((first, second))
                reasons.setdefault(pair, []).append(f"{first} and {second}: {reason}")
    linked = nx.Graph(tuple(pair) for pair in reasons)
    found = [
        _household(linked, members, given, reasons) for members in nx.connected_components(linked)
    ]
    return sorted(found, key=lambda h: h.id)


def households_to_write(residents: Iterable[Resident]) -> list[DerivedHousehold]:
    """The derived households to keep: grouped among customers with no loaded household."""
    return derive_households(r for r in residents if r.household_id is None)


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
