"""CSV exports over plain HTTP, streamed page by page so memory stays flat.

Rows pass the same gate as every read (api.types.gate): the segment's criteria need the
caller's row access, the selection is confined to the caller's reach (a relationship
manager exports their book only), only customers with marketing consent leave, and each
row is audited before it does. Cells a spreadsheet would run as a formula are neutralised
(OWASP's CSV injection advice). Refusals are JSON with a code, like the API's errors.
"""

import asyncio
import csv
import io
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import replace
from typing import Final

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from api.security.audit import AuditUnavailable
from api.security.errors import DomainError
from api.security.http import SecurityState
from api.security.identity import Principal
from api.security.policy import Access, access
from api.security.router import authenticated
from api.types.gate import Reader, selection_for
from api.types.selection import filter_from_json
from graph.customers import get_profiles
from graph.engines import GraphEngine
from graph.errors import EngineUnavailable
from graph.segments import get_segment
from graph.selection import CustomerFilter, list_customer_ids_after

PAGE: Final = 1_000
COLUMNS: Final = ("id", "fullName", "email", "phone", "city")
# A cell starting with one of these is a formula to a spreadsheet (OWASP: CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

router = APIRouter()


@router.get("/segments/{segment_id}/members.csv", response_model=None)
async def export_segment(segment_id: str, request: Request) -> Response:
    """Members of a saved segment within reach who consented to marketing, as CSV."""
    engine: GraphEngine = request.app.state.engine
    guard: SecurityState = request.app.state.security
    try:
        principal, correlation = await authenticated(request, guard)
    except HTTPException as refused:
        code = "UNAUTHENTICATED" if refused.status_code == 401 else "RATE_LIMITED"
        return _refusal(refused.status_code, code, str(refused.detail), refused.headers)
    if principal is None or not _may_export(principal):
        return _refusal(403, "FORBIDDEN", "segment exports are not for this role")
    deadline = guard.settings.request_deadline_s
    try:
        # Up to the first page the export is a request like any other: bounded by the deadline
        # (a stalled engine answers 503 then, not after the engine's own timeout).
        async with asyncio.timeout(deadline):
            return await _export(engine, guard, Reader(principal, engine, guard, correlation),
                                 segment_id)  # fmt: skip
    except TimeoutError:
        late = f"the export did not start within its deadline of {deadline:g} s"
        return _refusal(503, "DEADLINE_EXCEEDED", late)
    except AuditUnavailable as error:
        return _refusal(503, error.code, str(error))
    except DomainError as error:
        return _refusal(403 if error.code == "FORBIDDEN" else 400, error.code, str(error))
    except EngineUnavailable:
        return _refusal(503, "DATABASE_UNAVAILABLE", "the graph engine does not answer")


async def _export(
    engine: GraphEngine, guard: SecurityState, reader: Reader, segment_id: str
) -> Response:
    segment = await get_segment(engine, segment_id=segment_id)
    if segment is None:
        return _refusal(404, "NOT_FOUND", f"no segment {segment_id}")
    _, selection = await selection_for(
        reader, filter_from_json(segment.definition), operation=f"export {segment_id}",
        rows=True,
    )  # fmt: skip
    selection = replace(selection, marketing_consent=True)
    principal, correlation = reader.principal, reader.correlation

    def audit(customer_ids: list[str]) -> None:  # raises AuditUnavailable: the stream stops
        guard.audit.record(principal, f"export {segment_id}", customer_ids, "RETURNED", correlation)

    # The first page is read (and audited) before answering, so its failure is a coded error.
    first = await _page(engine, selection, None, audit)
    return StreamingResponse(
        _csv(engine, selection, audit, first),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{segment_id}.csv"'},
    )


def _refusal(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = {"code": code, "detail": message}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _may_export(principal: Principal) -> bool:
    """Exports need the segments and the contact details, as the policy grants them."""
    role, channel = principal.role, principal.channel
    segments = access(role, channel, "Query", "segment")
    contact = access(role, channel, "Customer", "email")
    return segments is not Access.ABSENT and contact is not Access.ABSENT


Rows = tuple[list[tuple[str, ...]], str | None]


async def _page(
    engine: GraphEngine, selection: CustomerFilter, after: str | None,
    audit: Callable[[list[str]], None],
) -> Rows:  # fmt: skip
    """One page of rows (audited) and the id to continue after; None when it was the last."""
    ids = await list_customer_ids_after(engine, selection=selection, after_id=after, limit=PAGE)
    profiles = await get_profiles(engine, customer_ids=ids)
    audit([i for i in ids if i in profiles])
    rows: list[tuple[str, ...]] = [
        (p.id, p.full_name, p.email or "", p.phone or "", p.city or "")
        for i in ids
        if (p := profiles.get(i)) is not None
    ]
    return rows, (ids[-1] if len(ids) == PAGE else None)


async def _csv(
    engine: GraphEngine, selection: CustomerFilter, audit: Callable[[list[str]], None],
    first: Rows,
) -> AsyncIterator[str]:  # fmt: skip
    yield _line(COLUMNS)
    rows, after = first
    while True:
        for row in rows:
            yield _line(row)
        if after is None:
            return
        rows, after = await _page(engine, selection, after, audit)


def neutralised(cell: str) -> str:
    """The cell as text a spreadsheet shows and never runs: a leading quote before a
    formula's first character."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def _line(values: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralised(v) for v in values])
    return buffer.getvalue()
