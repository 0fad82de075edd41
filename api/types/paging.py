"""Relay paging shared by every connection: opaque offset cursors and PageInfo."""

import base64
import binascii
from collections.abc import Callable, Mapping
from typing import Final, TypeVar

import strawberry

from api.security.errors import BadArgument

MAX_PAGE: Final = 100
T = TypeVar("T")
E = TypeVar("E")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def first_page_size(first: int) -> int:
    """Check a page size against the limit every list shares."""
    if not 1 <= first <= MAX_PAGE:
        raise BadArgument(f"first must be 1-{MAX_PAGE}, got {first}")
    return first


def cursor(kind: str, offset: int) -> str:
    """An opaque cursor for a position in a list of `kind`."""
    return base64.urlsafe_b64encode(f"{kind}:{offset}".encode()).decode()


def start_after(kind: str, after: str | None) -> int:
    """The offset a page starts at, after the given cursor of a list of `kind`."""
    if after is None:
        return 0
    try:
        named, _, number = base64.urlsafe_b64decode(after.encode()).decode().partition(":")
        if named == kind and number.isdigit():
            return int(number) + 1
    except (binascii.Error, UnicodeDecodeError):
        pass
    raise BadArgument(f"after: {after!r} is not a cursor of this list")


def page_info(cursors: list[str], start: int, has_next: bool) -> PageInfo:
    """PageInfo for a page whose edges carry `cursors`."""
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=start > 0,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def queue_page(
    kind: str, start: int, first: int, ids: list[str], found: Mapping[str, T],
    edge: Callable[[str, T], E],
) -> tuple[list[E], PageInfo]:  # fmt: skip
    """The edges of one page of a work queue (ids read one past the page) and its PageInfo;
    an id gone between the two reads is left out."""
    pairs = [(cursor(kind, start + n), found[id_]) for n, id_ in enumerate(ids[:first])
             if id_ in found]  # fmt: skip
    edges = [edge(at, node) for at, node in pairs]
    return edges, page_info([at for at, _ in pairs], start, has_next=len(ids) > first)
