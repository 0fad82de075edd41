"""GraphQL types, one module per domain noun, each built from its graph record."""
