"""Turning what a person typed into safe full-text search terms for either engine."""

import re

_TERM = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


def search_terms(text: str) -> list[str]:
    """Split free text into at most 8 lower-case word terms; operators and quotes are dropped."""
    return [term.lower() for term in _TERM.findall(text)][:MAX_TERMS]
