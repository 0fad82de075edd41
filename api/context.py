"""What every resolver gets: the engine and this request's DataLoaders."""

from strawberry.fastapi import BaseContext

from api.dataloaders import Loaders, make_loaders
from graph.engine import GraphEngine


class Context(BaseContext):
    """Per-request context: one engine for the process, fresh loaders per request."""

    def __init__(self, engine: GraphEngine) -> None:
        super().__init__()
        self.engine = engine
        self.loaders: Loaders = make_loaders(engine)
