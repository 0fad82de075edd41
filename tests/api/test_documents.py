"""A document is checked once however often it is sent; its limits still refuse every time."""

import uuid

from api.security.documents import COUNTS
from tests.api.served import ADMIN, BRANCH, CC, MARKETING, post

# A branch officer's 360, made a document of its own by a comment (the cache key is the text).
THREE_SIXTY = """
query Customer360($id: ID!) {
  customer(id: $id) {
    fullName age city
    household { name }
    family { relation fullName }
    holdings { productName balance { minorUnits currency } }
    cases { id category stage }
  }
}
"""
CARD = "fullName age city occupation family { fullName age } holdings { productName role }"
TOO_DEEP = '{ customer(id: "C-1") ' + "{ household { members { customer " * 3 + "{ id" + " }" * 11


def fresh(document: str) -> str:
    """The same document under a text never sent before."""
    return f"# {uuid.uuid4()}\n{document}"


def test_a_repeated_document_is_validated_and_read_once(api: str) -> None:
    document = fresh(THREE_SIXTY)
    validated, read = COUNTS.validated, COUNTS.literals_read
    first = post(api, document, BRANCH, id="C-0000001").json()
    assert first["data"]["customer"]["fullName"] == "Maya Okafor"
    assert (COUNTS.validated, COUNTS.literals_read) == (validated + 1, read + 1)
    for customer in ("C-0000002", "C-0000001", "C-0000005"):
        again = post(api, document, BRANCH, id=customer).json()
        assert "errors" not in again, again
    assert (COUNTS.validated, COUNTS.literals_read) == (validated + 1, read + 1)


def test_another_text_is_another_document(api: str) -> None:
    validated = COUNTS.validated
    post(api, fresh(THREE_SIXTY), BRANCH, id="C-0000001")
    post(api, fresh(THREE_SIXTY), BRANCH, id="C-0000001")
    assert COUNTS.validated == validated + 2


def test_the_policy_verdict_still_depends_on_the_caller(api: str) -> None:
    """Validation is shared by every caller; what each kind of caller may see is not."""
    document = fresh(THREE_SIXTY)
    validated = COUNTS.validated
    assert "errors" not in post(api, document, ADMIN, id="C-0000001").json()
    refused = post(api, document, MARKETING, id="C-0000001").json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "Customer.family" in refused["errors"][0]["message"]
    assert "errors" not in post(api, document, ADMIN, id="C-0000002").json()
    assert COUNTS.validated == validated + 1


def test_a_repeated_document_over_a_limit_is_refused_every_time(api: str) -> None:
    document = fresh(TOO_DEEP)
    validated = COUNTS.validated
    for caller in (ADMIN, ADMIN, CC):
        answer = post(api, document, caller).json()
        assert answer.get("data") is None
        assert "maximum operation depth of 8" in answer["errors"][0]["message"]
    assert COUNTS.validated == validated + 1


def test_page_sizes_given_as_variables_are_costed_each_time(api: str) -> None:
    """The cost is kept per document and page sizes: a larger page is not let through.

    Each alias costs 1 + 12 per customer: 12 aliases of 10 cost 1,452, of 100 14,412."""
    document = fresh(
        "query ($n: Int) { "
        + " ".join(
            f"p{k}: customers(first: $n) {{ edges {{ node {{ {CARD} }} }} }}" for k in range(12)
        )
        + " }"
    )
    assert "errors" not in post(api, document, ADMIN, n=10).json()
    refused = post(api, document, ADMIN, n=100).json()
    assert "over the budget of 10000" in refused["errors"][0]["message"]
    assert "errors" not in post(api, document, ADMIN, n=10).json()
