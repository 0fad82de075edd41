"""The engines behind the customer graph: the protocol, the factory, and the adapters.

Only this package talks to a database driver (`neo4j`, `falkordb`, `redis`); every layer
above speaks `GraphEngine` and gets one from `open_engine`.
"""

from graph.engines.protocol import GraphEngine
from graph.engines.settings import GraphSettings

__all__ = ["GraphEngine", "GraphSettings", "open_engine"]


async def open_engine(settings: GraphSettings) -> GraphEngine:
    """Connect to Neo4j when KITH_GRAPH_URI is set, else start or reuse the embedded engine."""
    # Imported here: a process uses one adapter, and each pulls in its own driver.
    if settings.embedded:
        from graph.engines.embedded import EmbeddedEngine

        return await EmbeddedEngine.open(settings)
    from graph.engines.neo4j_engine import Neo4jEngine

    return await Neo4jEngine.open(settings)
