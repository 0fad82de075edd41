"""Errors the graph layer raises; the entry points translate them for people."""


class GraphError(Exception):
    """Base class of every error raised by graph/."""


class ConfigurationError(GraphError):
    """The settings cannot work: a path that cannot be written, a bad URI, no binaries."""


class EngineUnavailable(GraphError):
    """The engine cannot be reached; the message says which one and how to bring it back."""


class StatementError(GraphError):
    """The engine refused a statement (syntax, constraint violation, bad parameter)."""


class BulkImportRefused(GraphError):
    """A bulk import cannot run here: the graph holds data already, or the engine imports
    offline; the message says which and what to run instead."""
