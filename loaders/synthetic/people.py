"""People and households: singles, couples, families with children, elderly parents, siblings."""

from dataclasses import dataclass, field
from datetime import timedelta
from random import Random
from typing import Final

from loaders.synthetic.calendar import SNAPSHOT
from loaders.synthetic.catalogue import (
    CITIES,
    DISTRICTS,
    FEMALE,
    HOMETOWNS,
    MALE,
    OCCUPATIONS,
    STREET_KINDS,
    STREET_NAMES,
    SURNAMES,
)

_CITY_NAMES: Final = tuple(CITIES)
_CITY_WEIGHTS: Final = tuple(CITIES.values())
# Household shapes and how common they are.
_SHAPES: Final = ("SINGLE", "COUPLE", "FAMILY", "SINGLE_PARENT", "ELDERLY")
_SHAPE_WEIGHTS: Final = (27, 20, 33, 8, 6)
# Contact habits by age band: (persona, weight).
_PERSONAS: Final[dict[str, tuple[tuple[str, int], ...]]] = {
    "young": (("DIGITAL", 60), ("MIXED", 30), ("PHONE", 5), ("BRANCH", 5)),
    "middle": (("DIGITAL", 30), ("MIXED", 40), ("PHONE", 20), ("BRANCH", 10)),
    "senior": (("DIGITAL", 10), ("MIXED", 20), ("PHONE", 35), ("BRANCH", 35)),
}


@dataclass(slots=True, eq=False)  # a person is who they are, not what they look like
class Person:
    """A customer as the generator knows them (more than the file says: persona, age)."""

    id: str
    first: str
    last: str
    gender: str
    age: int
    birth: str
    city: str
    hometown: str
    occupation: str | None
    schooling: str | None
    trips: int
    income: int  # monthly, minor units
    marketing: bool
    profiling: bool
    persona: str


@dataclass(slots=True)
class Household:
    """People who live and decide together; the first member is its head."""

    id: str
    shape: str
    city: str
    members: list[Person]
    address: str = ""  # every member's


@dataclass(slots=True)
class FamilyUnit:
    """One or more related households with the family ties between their people."""

    households: list[Household]
    ties: list[tuple[str, str, str]] = field(default_factory=list)  # (fromId, toId, tie)


class People:
    """Draws family units with fresh ids until the bank has its customers."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.customers = 0
        self.households = 0

    def unit(self, budget: int) -> FamilyUnit:
        """Draw one family unit of at most `budget` people."""
        shape = self.rng.choices(_SHAPES, _SHAPE_WEIGHTS)[0]
        unit = FamilyUnit([self._household(shape, budget)])
        head = unit.households[0].members[0]
        budget -= len(unit.households[0].members)
        self._tie_household(unit, unit.households[0])
        if 35 <= head.age <= 62 and budget >= 2 and self.rng.random() < 0.35:
            unit.households.append(self._parents_of(head, unit))
        elif 20 <= head.age <= 60 and budget >= 1 and self.rng.random() < 0.12:
            sibling = self.person(self.rng.randint(max(18, head.age - 8), head.age + 8), head.last)
            unit.households.append(self._new_household("SINGLE", [sibling]))
            unit.ties.append((head.id, sibling.id, "SIBLING"))
        return unit

    def person(self, age: int, last: str | None = None, city: str | None = None) -> Person:
        """Draw one person of `age`."""
        rng = self.rng
        self.customers += 1
        gender = "F" if rng.random() < 0.5 else "M"
        first = rng.choice(FEMALE if gender == "F" else MALE)
        last = last or rng.choice(SURNAMES)
        birth = SNAPSHOT - timedelta(days=age * 365 + age // 4 + rng.randrange(1, 365))
        adult = age >= 18
        wealth = rng.lognormvariate(0, 0.5)
        income = 0 if not adult else int((160_000 if age >= 67 else 260_000) * wealth) // 100 * 100
        band = "young" if age < 35 else "middle" if age < 62 else "senior"
        personas, weights = zip(*_PERSONAS[band], strict=True)
        return Person(
            id=f"C-{self.customers:07d}", first=first, last=last, gender=gender, age=age,
            birth=birth.isoformat(), city=city or rng.choices(_CITY_NAMES, _CITY_WEIGHTS)[0],
            hometown=rng.choice(HOMETOWNS),
            occupation=(rng.choice(OCCUPATIONS) if 22 <= age < 67 else None),
            schooling=_schooling(age, rng), trips=min(int(wealth * rng.randint(0, 3)), 12),
            income=income, marketing=adult and rng.random() < 0.78,
            profiling=rng.random() < 0.9, persona=rng.choices(personas, weights)[0],
        )  # fmt: skip

    def _household(self, shape: str, budget: int) -> Household:
        rng = self.rng
        if shape == "SINGLE" or budget < 2:
            return self._new_household("SINGLE", [self.person(rng.choice(_SINGLE_AGES))])
        if shape == "ELDERLY":
            return self._new_household("ELDERLY", self._couple(rng.randint(65, 90), budget))
        if shape == "COUPLE":
            return self._new_household("COUPLE", self._couple(rng.randint(22, 80), budget))
        head_age = rng.randint(27, 56)
        parents = [self.person(head_age)]
        if shape == "FAMILY":
            parents.append(
                self.person(_partner_age(head_age, rng), parents[0].last, parents[0].city)
            )
        room = budget - len(parents)
        children = [
            self.person(rng.randint(0, min(head_age - 20, 23)), parents[0].last, parents[0].city)
            for _ in range(min(rng.choice((1, 1, 2, 2, 2, 3)), room))
        ]
        return self._new_household(shape if children else "COUPLE", parents + children)

    def _couple(self, age: int, budget: int) -> list[Person]:
        first = self.person(age)
        if budget < 2 or self.rng.random() < 0.25:  # widowed or living alone
            return [first]
        last = first.last if self.rng.random() < 0.7 else None
        return [first, self.person(_partner_age(age, self.rng), last, first.city)]

    def _parents_of(self, child: Person, unit: FamilyUnit) -> Household:
        age = min(child.age + self.rng.randint(22, 38), 96)
        parents = self._couple(age, 2)
        parents[0].last = child.last
        household = self._new_household("ELDERLY", parents)
        self._tie_household(unit, household)
        unit.ties.extend((parent.id, child.id, "PARENT") for parent in parents)
        return household

    def _new_household(self, shape: str, members: list[Person]) -> Household:
        self.households += 1
        city = members[0].city
        return Household(
            f"H-{self.households:07d}", shape, city, members, address(self.households, city)
        )

    def _tie_household(self, unit: FamilyUnit, household: Household) -> None:
        """Spouses, parents and their children, and siblings among the children."""
        members = household.members
        adults = [p for p in members if p.age >= 18][:2]
        if household.shape in ("COUPLE", "FAMILY", "ELDERLY") and len(adults) == 2:
            unit.ties.append((adults[0].id, adults[1].id, "SPOUSE"))
        if household.shape not in ("FAMILY", "SINGLE_PARENT"):
            return
        parents = members[: 2 if household.shape == "FAMILY" else 1]
        children = members[len(parents) :]
        unit.ties.extend((p.id, c.id, "PARENT") for p in parents for c in children)
        unit.ties.extend(
            (a.id, b.id, "SIBLING") for i, a in enumerate(children) for b in children[i + 1 :]
        )


_HOUSES: Final = 250  # numbers on a street
_ADDRESSES: Final = _HOUSES * len(STREET_KINDS) * len(STREET_NAMES) * len(DISTRICTS)


def address(number: int, city: str) -> str:
    """The household numbered `number`'s address: no two of the first 432,000 share one."""
    # A stride coprime with the count walks every address once, in a scattered order (and
    # draws nothing from the seeded source, so the rest of a bank is as it was).
    n = number * 7_919 % _ADDRESSES
    n, house = divmod(n, _HOUSES)
    n, kind = divmod(n, len(STREET_KINDS))
    district, name = divmod(n, len(STREET_NAMES))
    street = f"{STREET_NAMES[name]} {STREET_KINDS[kind]}"
    return f"{house + 1} {street}, {DISTRICTS[district]}, {city}"


# Single adults lean young; a weighted list is the cheapest way to draw that.
_SINGLE_AGES: Final = tuple(range(18, 35)) * 3 + tuple(range(35, 60)) * 2 + tuple(range(60, 88))


def _partner_age(age: int, rng: Random) -> int:
    return max(18, min(age + rng.randint(-6, 6), 96))


def _schooling(age: int, rng: Random) -> str | None:
    if 4 <= age <= 10:
        return "PRIMARY"
    if 11 <= age <= 17:
        return "SECONDARY"
    if 18 <= age <= 22 and rng.random() < 0.55:
        return "UNIVERSITY"
    return None
