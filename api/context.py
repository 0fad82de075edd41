"""What every resolver gets: the engine and this request's DataLoaders."""

from typing import TYPE_CHECKING

from strawberry.fastapi import BaseContext

from api.broker import Broker
from api.dataloaders import Loaders
from graph.engine import GraphEngine

if TYPE_CHECKING:  # torch behind it: imported by the app's start, not by every command
    from api.model_store import ServedModel


class Context(BaseContext):
    """Per-request context: the process's engine and broker, fresh loaders per request."""

    def __init__(
        self, engine: GraphEngine, broker: Broker, loaders: Loaders,
        model: "ServedModel | None" = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.engine = engine
        self.broker = broker
        self.loaders = loaders
        self.model = model  # the current adoption model, loaded at start (None: not trained)
