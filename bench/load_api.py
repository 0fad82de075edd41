"""The served API under load: locust, headless, staff users against the demo bank.

Run: .venv/bin/python -m bench.load_api --data-dir DIR [--users 100] [--seconds 60]
     where DIR holds a loaded (and scored) bank, e.g. after
     KITH_DATA_DIR=DIR kith engine start && kith schema apply && kith demo && kith score

Starts `kith serve` on DIR in development mode (tokens signed with the data dir's
development key, the default rate limit of 600 requests a minute per user) and runs
bench/locustfile.py against it: 60 % full 360s by branch officers, 30 % contact-center
billing views (a token per verified caller), 10 % pages of customers. Prints requests,
5xx, failures (GraphQL errors inside HTTP 200 included), p50, p95 and p99 per request
kind and in all.
"""

import argparse
import csv
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx

from api.security.identity import dev_key_path

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port free on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def customer_ids(data_dir: Path, out: Path) -> Path:
    """Write the demo bank's customer ids to a file for the locust users."""
    source = data_dir / "demo" / "customers.csv"
    with source.open(encoding="utf-8") as rows:
        ids = [row["id"] for row in csv.DictReader(rows)]
    out.write_text("\n".join(ids), encoding="utf-8")
    return out


def main() -> None:
    """Serve, load, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KITH_")}
    env["KITH_DATA_DIR"] = str(args.data_dir)
    server = subprocess.Popen([BIN / "kith", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_until_ready(f"http://127.0.0.1:{port}")
        with TemporaryDirectory() as folder:
            report = run_locust(args, port, Path(folder))
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(report)


def wait_until_ready(base: str) -> None:
    """Wait for /readyz (the engine may be loading its data)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(1)
    raise SystemExit("kith serve did not become ready within 10 minutes")


def run_locust(args: argparse.Namespace, port: int, folder: Path) -> str:
    """Run the locust users headless; the per-kind and total figures as a table."""
    key = dev_key_path(args.data_dir).read_text(encoding="ascii").strip()
    ids = customer_ids(args.data_dir, folder / "ids.txt")
    env = {**os.environ, "KITH_BENCH_KEY": key, "KITH_BENCH_CUSTOMERS": str(ids)}
    prefix = folder / "run"
    subprocess.run(
        [BIN / "locust", "-f", Path(__file__).with_name("locustfile.py"), "--headless",
         "-u", str(args.users), "-r", str(max(1, args.users // 10)), "-t", f"{args.seconds}s",
         "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary"],
        env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return table(prefix)


def table(prefix: Path) -> str:
    """Locust's CSV stats as the figures BENCHMARKS.md reports."""
    errors: dict[str, int] = {}
    with Path(f"{prefix}_failures.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            errors[row["Error"]] = errors.get(row["Error"], 0) + int(row["Occurrences"])
    five_xx = sum(n for error, n in errors.items() if "HTTP 5" in error)
    lines = ["| request | requests | failures | p50 ms | p95 ms | p99 ms | req/s |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            lines.append(f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
                         f"{row['50%']} | {row['95%']} | {row['99%']} | "
                         f"{float(row['Requests/s']):.1f} |")  # fmt: skip
    lines.append(f"\n5xx: {five_xx}; failures by reason: {errors or 'none'}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
