"""The GraphQL API under schemathesis: generated operations against the served app.

Run: .venv/bin/python -m bench.fuzz_api --operations 10000

Serves the app (development mode, an administrator's test token, so every field is
reachable) over a fresh graph holding the example bank, lets schemathesis generate
operations from `schema.graphql` (queries and mutations, valid by the schema, with any
argument values) and sends each one. Counted: HTTP 5xx and unreadable bodies (server
errors), errors without a code (unmasked), INTERNAL errors (a fault the service masked,
counted as a failure too), and how many errors of each code came back.
"""

import argparse
import asyncio
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.settings import GraphSettings
from loaders.pipeline import load_files, plan
from tests.api.served import ADMIN, serve
from tests.loaders.bank_files import bank_paths, copy_examples

SCHEMA = Path(__file__).resolve().parent.parent / "schema.graphql"


def fuzz(base: str, operations: int, seed: int = 7) -> Counter[str]:
    """Send `operations` generated operations to the app at `base`; tally the outcomes."""
    schema = schemathesis.graphql.from_file(SCHEMA.read_text(encoding="utf-8"))
    tally: Counter[str] = Counter()

    @settings(max_examples=operations, deadline=None, database=None, derandomize=seed > 0,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=schema.as_strategy())
    def send(case: Any) -> None:
        response = case.call(base_url=f"{base}/graphql", headers=ADMIN, timeout=60)
        tally["operations"] += 1
        if response.status_code >= 500:
            tally[f"http {response.status_code}"] += 1
            return
        try:
            body = response.json()
        except ValueError:
            tally["unreadable body"] += 1
            return
        if "data" not in body:  # a GraphQL answer always has data, even null (else: not ours)
            tally[f"http {response.status_code} without data"] += 1
            return
        tally[f"http {response.status_code}"] += 1
        errors = body.get("errors") or []
        for error in errors:
            tally[f"code {(error.get('extensions') or {}).get('code', 'NONE (unmasked)')}"] += 1

    send()
    return tally


def failures(tally: Counter[str]) -> int:
    """Server errors, unreadable bodies, unmasked and INTERNAL errors."""
    bad = ("http 5", "unreadable", "without data", "code NONE", "code INTERNAL")
    return sum(n for key, n in tally.items() if any(marker in key for marker in bad))


@contextmanager
def example_bank() -> Iterator[GraphSettings]:
    """A fresh engine in a temporary data dir holding the example bank."""
    with TemporaryDirectory() as folder:
        data_dir = Path(folder) / "engine"
        server = EmbeddedServer(data_dir)
        server.start()
        settings_ = GraphSettings(data_dir=data_dir, graph_database=f"z{uuid.uuid4().hex[:8]}")

        async def load() -> None:
            engine = await EmbeddedEngine.open(settings_)
            await engine.apply_schema()
            await load_files(engine, plan(bank_paths(copy_examples(Path(folder) / "bank"))))
            await engine.close()

        asyncio.run(load())
        try:
            yield settings_
        finally:
            server.stop()


def main() -> None:
    """Fuzz the served API and print the tally."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7, help="0: a random run")
    args = parser.parse_args()
    with example_bank() as graph, serve(graph) as base:
        tally = fuzz(base, args.operations, args.seed)
    for key, count in sorted(tally.items()):
        print(f"{key:40} {count:>8}")
    print(f"{'failures (5xx, unmasked, INTERNAL)':40} {failures(tally):>8}")


if __name__ == "__main__":
    main()
