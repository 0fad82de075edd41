"""Kith's top layer: the GraphQL service (app, schema, types, security) and the `kith`
command line (`api.commands`), both calling jobs over the graph (`api.jobs`)."""
