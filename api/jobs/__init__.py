"""Read -> compute -> write over the graph: scoring, households, the next-product model and
its store, the attrition re-check. Called by commands and mutations alike; no GraphQL, no
command line here."""
