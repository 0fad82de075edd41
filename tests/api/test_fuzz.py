"""Generated operations (schemathesis) never get a server error or an unmasked error.

The full run (10,000 operations) is `bench/fuzz_api.py`; this keeps a small one in the suite.
"""

from bench.fuzz_api import failures, fuzz
from graph.engines.settings import GraphSettings
from tests.api.served import serve


def test_generated_operations_get_no_server_error(api_graph: GraphSettings) -> None:
    with serve(api_graph) as base:
        tally = fuzz(base, operations=150)
    assert tally["operations"] == 150
    assert tally["http 200"] == 150  # every one reached the GraphQL endpoint and answered
    assert failures(tally) == 0, tally
