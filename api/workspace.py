"""The browser workspace at `/`: static pages on the public API, and the development sign-in.

The pages are plain HTML and JavaScript modules under `web/app/` (no build step); the two
libraries they draw with come from the npm registry (`web/package-lock.json`, installed by
`make setup`) and are served from here, never from a CDN.
"""

from pathlib import Path
from typing import Final

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from api.security.http import SecurityState
from api.security.identity import Role, Unauthenticated, issue_token

WEB: Final = Path(__file__).resolve().parent.parent / "web"
# The only files of node_modules the pages load.
VENDOR: Final = {
    "cytoscape.js": WEB / "node_modules" / "cytoscape" / "dist" / "cytoscape.min.js",
    "chart.js": WEB / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js",
}
# Scripts and styles from this origin only; the libraries draw with inline styles.
PAGE_POLICY: Final = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-ancestors 'none'"
)

router = APIRouter()


class TokenRequest(BaseModel):
    """Who signs in to the development workspace."""

    role: Role
    channel: str
    portfolio: str | None = Field(default=None, max_length=64)
    customer: str | None = Field(default=None, max_length=64)


@router.get("/", include_in_schema=False)
async def workspace() -> FileResponse:
    """The workspace's page."""
    return FileResponse(
        WEB / "app" / "index.html", headers={"Content-Security-Policy": PAGE_POLICY}
    )


@router.get("/vendor/{name}", include_in_schema=False)
async def vendor(name: str) -> FileResponse:
    """A library the pages draw with, from the project's own npm install."""
    path = VENDOR.get(name)
    if path is None or not path.exists():
        raise HTTPException(404, f"no library {name}: run `make setup`")
    return FileResponse(path, media_type="text/javascript")


async def dev_token(request: Request, given: TokenRequest) -> dict[str, str]:
    """Issue a development token (this route exists only in development mode)."""
    guard: SecurityState = request.app.state.security
    try:
        token = issue_token(
            guard.keyring, user=f"workspace-{given.role.lower()}", role=given.role,
            channel=given.channel, portfolio=given.portfolio, customer=given.customer,
        )  # fmt: skip
    except Unauthenticated as refusal:
        raise HTTPException(400, str(refusal)) from refusal
    return {"token": token}


def mount_workspace(app: FastAPI, *, development: bool) -> None:
    """Serve the workspace; in development also its sign-in that issues tokens."""
    app.include_router(router)
    app.mount("/app", StaticFiles(directory=WEB / "app"), name="app")
    if development:
        app.add_api_route("/dev/token", dev_token, methods=["POST"], include_in_schema=False)
