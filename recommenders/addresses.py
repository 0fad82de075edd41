"""Addresses as `kith households` compares them: one written form for the ways people type one.

The normalisation, in order (docs/recommenders.md, "Addresses"):
1. Unicode compatibility form, case folded, accents dropped (`Sráid` = `Sraid`);
2. apostrophes dropped (`St. Mary's` = `St Marys`), other punctuation read as a space, so
   `Flat 2,40 Canal St` keeps its 2 and its 40 apart;
3. whitespace collapsed;
4. each word of a street type, direction or unit written one way (`Rd` = `Road`,
   `Ave` = `Avenue`, `N` = `North`, `Apt` = `Flat`; `St` is both Street and Saint, so both
   read `st`);
5. a postcode split by a space joined (`LS6 2AB` = `LS62AB`, `D04 X2Y3` = `D04X2Y3`);
6. a trailing country name dropped (`…, Ireland`).
Nothing else is guessed: a different house number, flat, street or town stays different.
"""

import re
import unicodedata
from typing import Final

_APOSTROPHES: Final = re.compile(r"['\u2018\u2019`]")
_PUNCTUATION: Final = re.compile(r"[^\w\s]|_")  # neither a letter, a digit nor a space

# Each group's words are written as its first one.
_SAME_WORD: Final[tuple[tuple[str, ...], ...]] = (
    ("road", "rd"), ("st", "street", "str", "saint"), ("ave", "avenue", "av"),
    ("drive", "dr", "drv"), ("lane", "ln"), ("place", "pl"), ("court", "ct"),
    ("crescent", "cres", "cresc"), ("terrace", "terr", "tce"), ("square", "sq"),
    ("gardens", "gdns"), ("park", "pk"), ("close", "cl"), ("grove", "gr", "gro"),
    ("boulevard", "blvd"), ("highway", "hwy"), ("parade", "pde"), ("mount", "mt"),
    ("heights", "hts"), ("upper", "upr"), ("lower", "lwr"), ("county", "co"),
    ("apt", "apartment", "flat", "flt", "unit"), ("north", "n"), ("south", "s"),
    ("east", "e"), ("west", "w"), ("northeast", "ne"), ("northwest", "nw"),
    ("southeast", "se"), ("southwest", "sw"),
)  # fmt: skip
_CANONICAL: Final[dict[str, str]] = {word: group[0] for group in _SAME_WORD for word in group}
# A UK outward code then inward code (`ls6 2ab`), or an Eircode (`d04 x2y3`, `d6w xy12`).
_POSTCODE_HALVES: Final = (
    (re.compile(r"[a-z]{1,2}\d[a-z\d]?"), re.compile(r"\d[a-z]{2}")),
    (re.compile(r"[a-z]\d{2}|d6w"), re.compile(r"[a-z\d]{4}")),
)
_COUNTRIES: Final = (("ireland",), ("eire",), ("uk",), ("united", "kingdom"), ("gb",))


def normalise_address(address: str | None) -> str | None:
    """An address as compared (the module's steps); None when nothing is left of it."""
    if address is None:
        return None
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", address).casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    words = _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", plain)).split()
    words = _without_country(_join_postcodes([_CANONICAL.get(w, w) for w in words]))
    return " ".join(words) or None


def _join_postcodes(words: list[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        if joined and any(
            outward.fullmatch(joined[-1]) and inward.fullmatch(word)
            for outward, inward in _POSTCODE_HALVES
        ):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _without_country(words: list[str]) -> list[str]:
    for country in _COUNTRIES:
        if len(words) > len(country) and tuple(words[-len(country) :]) == country:
            return words[: -len(country)]
    return words
