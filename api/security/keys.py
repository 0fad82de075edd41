"""Development keys kept in the data dir: the token signing key and the audit key."""

import contextlib
import os
import secrets
from pathlib import Path


def local_key(path: Path) -> bytes:
    """The key stored at `path`, made on first use (readable by its owner only)."""
    if not path.exists():
        # Workers of one deployment start together: the key is written whole under another
        # name and linked into place, so the first link wins and nobody reads half a key.
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_hex(32), encoding="ascii")
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text(encoding="ascii").strip().encode()
