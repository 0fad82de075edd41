"""The policy covers the whole schema: no type or root field escapes it."""

from graphql import GraphQLInterfaceType, GraphQLObjectType

from api.schema import schema
from api.security.identity import Role
from api.security.policy import CLASSES, FIELDS, TYPES, Access, access

ROOTS = ("Query", "Mutation", "Subscription")


def test_every_type_and_root_field_has_a_data_class() -> None:
    graphql_schema = schema._schema
    types = {
        name
        for name, kind in graphql_schema.type_map.items()
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType)
        and not name.startswith("__")
        and name not in ROOTS
    }
    assert sorted(types - TYPES.keys()) == []
    for root in ROOTS:
        kind = graphql_schema.type_map[root]
        assert isinstance(kind, GraphQLObjectType)
        assert sorted(f"{root}.{f}" for f in kind.fields if f"{root}.{f}" not in FIELDS) == []
    assert set(TYPES.values()) | set(FIELDS.values()) <= CLASSES.keys()


def test_an_unknown_field_is_denied_to_everyone() -> None:
    for role in Role:
        assert access(role, "BRANCH_TABLET", "Query", "somethingNew") is Access.ABSENT
        assert access(role, "BRANCH_TABLET", "SomeNewType", "id") is Access.ABSENT


def test_channels_cap_what_a_role_is_granted() -> None:
    rm = Role.RELATIONSHIP_MANAGER
    assert access(rm, "BRANCH_TABLET", "Customer", "valueTier") is Access.FULL
    assert access(rm, "CONTACT_CENTER", "Customer", "valueTier") is Access.ABSENT
    assert access(rm, "KIOSK", "Customer", "lifestyle") is Access.ABSENT
