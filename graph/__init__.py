"""The customer graph: Cypher and records per domain, shared code lists, and the engines
(`graph.engines`) every layer above speaks through."""
