"""The customer graph: engines, schema and the Cypher every layer above uses."""
