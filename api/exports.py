"""CSV exports over plain HTTP, streamed page by page so memory stays flat."""

import csv
import io
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Final

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse

from api.security.http import SecurityState
from api.security.identity import Principal
from api.security.policy import Access, access
from api.security.router import authenticated
from api.types.selection import filter_from_json, filter_on_today
from graph.customers import get_profiles
from graph.engines import GraphEngine
from graph.segments import get_segment
from graph.selection import CustomerFilter, list_customer_ids_after

PAGE: Final = 1_000
COLUMNS: Final = ("id", "fullName", "email", "phone", "city")

router = APIRouter()


@router.get("/segments/{segment_id}/members.csv")
async def export_segment(segment_id: str, request: Request) -> StreamingResponse:
    """Members of a saved segment who consented to marketing, as CSV (each one audited)."""
    engine: GraphEngine = request.app.state.engine
    guard: SecurityState = request.app.state.security
    principal, correlation = authenticated(request, guard)
    if principal is None or not _may_export(principal):
        raise HTTPException(status_code=403, detail="segment exports are not for this role")
    segment = await get_segment(engine, segment_id=segment_id)
    if segment is None:
        raise HTTPException(status_code=404, detail=f"no segment {segment_id}")
    selection = replace(
        await filter_on_today(engine, filter_from_json(segment.definition)),
        marketing_consent=True,
    )

    def audit(customer_ids: list[str]) -> None:  # raises AuditUnavailable: the stream stops
        guard.audit.record(principal, f"export {segment_id}", customer_ids, "RETURNED", correlation)

    return StreamingResponse(
        _csv(engine, selection, audit),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{segment_id}.csv"'},
    )


def _may_export(principal: Principal) -> bool:
    """Exports need the segments and the contact details, as the policy grants them."""
    role, channel = principal.role, principal.channel
    segments = access(role, channel, "Query", "segment")
    contact = access(role, channel, "Customer", "email")
    return segments is not Access.ABSENT and contact is not Access.ABSENT


async def _csv(
    engine: GraphEngine, selection: CustomerFilter, audit: Callable[[list[str]], None]
) -> AsyncIterator[str]:
    yield _line(COLUMNS)
    after: str | None = None
    while ids := await list_customer_ids_after(
        engine, selection=selection, after_id=after, limit=PAGE
    ):
        profiles = await get_profiles(engine, customer_ids=ids)
        audit([i for i in ids if i in profiles])  # raises AuditUnavailable: the stream stops
        for customer_id in ids:
            if (p := profiles.get(customer_id)) is not None:
                yield _line((p.id, p.full_name, p.email or "", p.phone or "", p.city or ""))
        after = ids[-1]


def _line(values: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()
