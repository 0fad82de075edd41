"""Evidence as facts: each sentence names the data classes it reveals.

A need's evidence is stored as facts, `CLASS+CLASS|words` ("FAMILY+HOLDINGS|daughter Ada,
14, no education plan"), so that sentences are assembled at read time for the audience: a
fact is said only to a caller who may see every class it names (the API's policy decides,
docs/security.md). A line stored before facts were tagged names no class: it counts as
revealing family, finances and holdings, the strictest reading.
"""

from collections.abc import Callable, Iterable
from typing import Final

SEPARATOR: Final = "|"
UNTAGGED: Final = frozenset({"FAMILY", "FINANCES", "HOLDINGS"})


def fact(words: str, *classes: str) -> str:
    """A fact: its words and the data classes they reveal."""
    return f"{'+'.join(sorted(classes))}{SEPARATOR}{words}"


def classes_of(line: str) -> frozenset[str]:
    """The data classes a stored fact reveals (an untagged line: the strictest set)."""
    head, found, _ = line.partition(SEPARATOR)
    if not found or not head.replace("+", "").replace("_", "").isupper():
        return UNTAGGED
    return frozenset(head.split("+"))


def words_of(line: str) -> str:
    """What a stored fact says, without its tag."""
    _, found, words = line.partition(SEPARATOR)
    return words if found and classes_of(line) is not UNTAGGED else line


def visible(lines: Iterable[str], may_see: Callable[[str], bool]) -> tuple[str, ...]:
    """The facts whose every data class the audience may see, still tagged."""
    return tuple(line for line in lines if all(may_see(c) for c in classes_of(line)))
