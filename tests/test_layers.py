"""The rooms hold: the GraphQL service never reaches the command line, and no two modules
import each other except strawberry's lazy type pairs (each names the other only lazily)."""

import grimp
import networkx as nx
import pytest

from api.types.panes import ContactIntent
from graph.codes import Intent

PACKAGES = ("api", "graph", "loaders", "recommenders")
GRAPHQL_SIDE = ("api.types", "api.schema", "api.mutations", "api.subscriptions", "api.app")
# Customer.household and Household.members: annotated with strawberry.lazy, imported inside
# the resolver, so neither module needs the other to load.
LAZY_PAIRS = [{"api.types.customers", "api.types.households"}]


@pytest.fixture(scope="module")
def imports() -> grimp.ImportGraph:
    """Every import between Kith's modules, and to the libraries they use."""
    return grimp.build_graph(*PACKAGES, include_external_packages=True)


@pytest.mark.parametrize("module", GRAPHQL_SIDE)
@pytest.mark.parametrize("forbidden", ["api.commands", "typer"])
def test_the_graphql_side_never_imports_the_command_line(
    imports: grimp.ImportGraph, module: str, forbidden: str
) -> None:
    chain = imports.find_shortest_chain(importer=module, imported=forbidden, as_packages=True)
    assert chain is None, f"{module} reaches {forbidden} through {' -> '.join(chain or ())}"


def test_no_module_imports_one_that_imports_it_back(imports: grimp.ImportGraph) -> None:
    edges = nx.DiGraph()
    for module in imports.modules:
        if module.split(".")[0] in PACKAGES:
            edges.add_node(module)
            edges.add_edges_from(
                (module, other) for other in imports.find_modules_directly_imported_by(module)
                if other.split(".")[0] in PACKAGES
            )  # fmt: skip
    circles = [c for c in nx.strongly_connected_components(edges) if len(c) > 1]
    assert circles == LAZY_PAIRS


def test_the_intents_a_view_takes_are_the_contracts_intents() -> None:
    assert {i.value for i in ContactIntent} == {i.value for i in Intent} - {Intent.SALES}
