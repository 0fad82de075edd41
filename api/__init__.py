"""Kith's entry points: the command line now, the GraphQL API later."""
