"""The name to address a person by, in scripts, evidence and their own screens.

The rule: their `givenName` when the bank gives one; otherwise their `fullName` whole. A
full name is never split: banks store some surname-first (`O'BRIEN, Siobhán`), so its
first word is not a given name, and a salutation built from it would be a guess.
"""

from graph.records import Customer, FamilyMember


def addressed_as(person: Customer | FamilyMember) -> str:
    """Return the name to address the person by: their given name, else their full name."""
    return person.given_name or person.full_name
