"""Offers from needs: the right product, service first, nothing already held."""

from graph.records import CaseSummary, Holding, Money
from recommenders.needs import Need
from recommenders.offers import (
    DEFAULT_CLOSE,
    SEGMENT_POLICY,
    acceptance_lift,
    offer_score,
    offers_for,
    script_for_channel,
    segment_of,
    told,
    variant_for,
)

CATALOGUE = {
    "EDUCATION_SAVINGS": [("P-EDU", "Junior Education Saver")],
    "MEDICAL_INSURANCE": [("P-MEDICAL", "Senior Medical Cover")],
    "PENSION": [("P-PENSION", "Personal Pension")],
}
ADA = Need("CHILD_EDUCATION", 0.9, ("daughter Ada, 14, no education plan",), "C-3")
SAM = Need("CHILD_EDUCATION", 0.7, ("son Sam, 9, no education plan",), "C-4")
GRACE = Need("AGING_PARENT_CARE", 0.6, ("mother Grace, 68, no medical cover",), "C-5")


def case(category: str, resolved: bool) -> CaseSummary:
    return CaseSummary(
        id="K-1", customer_id="C-1", category=category, stage="RESOLVED" if resolved else "OPENED",
        opened_at=1, stage_at=None, resolved_at=2 if resolved else None, product_id=None,
        account_id=None,
    )  # fmt: skip


def test_each_need_gets_its_product_once_best_first_with_a_script() -> None:
    offers = offers_for([ADA, SAM, GRACE], [], [], CATALOGUE, "Maya")
    # No model yet: need x value x 2/3 (0.9 x 0.8 x 2/3; 0.6 x 0.8 x 2/3).
    assert [(o.product_id, o.score, o.need_kind) for o in offers] == [
        ("P-EDU", 0.48, "CHILD_EDUCATION"),
        ("P-MEDICAL", 0.32, "AGING_PARENT_CARE"),
    ]
    script = offers[0].script
    assert script[0] == "Check first that Maya has no service issue waiting."
    assert script[3] == (
        "Daughter Ada, 14, no education plan: our Junior Education Saver is made for this."
    )
    assert script[4].startswith("If they say")
    assert len(script) == 6


def test_an_open_complaint_or_dispute_puts_service_first() -> None:
    assert offers_for([ADA], [case("COMPLAINT", resolved=False)], [], CATALOGUE, "Maya") == []
    assert offers_for([ADA], [case("CARD_DISPUTE", resolved=False)], [], CATALOGUE, "Maya") == []
    resolved = offers_for([ADA], [case("CARD_DISPUTE", resolved=True)], [], CATALOGUE, "Maya")
    assert [o.product_id for o in resolved] == ["P-EDU"]
    loan_query = offers_for([ADA], [case("LOAN_QUERY", resolved=False)], [], CATALOGUE, "Maya")
    assert [o.product_id for o in loan_query] == ["P-EDU"]


def holding(product_id: str, category: str) -> Holding:
    return Holding(account_id="A", product_id=product_id, product_name="x", role="PRIMARY",
                   balance=Money(0, "GBP"), status="OPEN", category=category)  # fmt: skip


def test_nothing_the_customer_holds_for_their_own_need_and_nothing_off_the_catalogue() -> None:
    pension = Need("RETIREMENT_GAP", 0.8, ("58, no pension with us",))
    assert offers_for([pension], [], [holding("P-PENSION", "PENSION")], CATALOGUE, "Maya") == []
    travel = Need("TRAVEL", 0.5, ("travels abroad 4 times a year, no travel cover",))
    assert offers_for([travel], [], [], CATALOGUE, "Maya") == []


def test_the_customers_own_policy_does_not_meet_a_relatives_need() -> None:
    # Maya's medical cover is her own; her mother Grace's need stands (needs_of weighed who
    # covers Grace), and so does the offer.
    held = [holding("P-MEDICAL", "MEDICAL_INSURANCE")]
    assert [o.product_id for o in offers_for([GRACE], [], held, CATALOGUE, "Maya")] == ["P-MEDICAL"]


def test_a_case_closed_without_a_resolved_step_no_longer_holds_offers_back() -> None:
    closed = CaseSummary(
        id="K-1", customer_id="C-1", category="CARD_DISPUTE", stage="CLOSED", opened_at=1,
        stage_at=5, resolved_at=None, product_id=None, account_id=None,
    )  # fmt: skip
    assert [o.product_id for o in offers_for([ADA], [closed], [], CATALOGUE, "Maya")] == ["P-EDU"]


def test_evidence_is_said_undated_in_the_script() -> None:
    dated = Need("CHILD_EDUCATION", 0.9, ("daughter Ada, 14 on {asOf}, no education plan",), "C-3")
    [offer] = offers_for([dated], [], [], CATALOGUE, "Maya")
    assert offer.script[3].startswith("Daughter Ada, 14, no education plan: our")


def test_the_model_propensity_reorders_offers_of_equal_value() -> None:
    # The model thinks Maya's next product is medical cover, not the education plan.
    offers = offers_for([ADA, GRACE], [], [], CATALOGUE, "Maya", {"P-MEDICAL": 0.7})
    assert [(o.product_id, o.score) for o in offers] == [
        ("P-MEDICAL", 0.384),  # 0.6 x 0.8 x (0.5 + 0.7) / 1.5
        ("P-EDU", 0.24),  # 0.9 x 0.8 x (0.5 + 0) / 1.5: not among the model's best
    ]


def test_score_is_need_times_value_times_lift() -> None:
    assert offer_score(1.0, "MORTGAGE", 1.0) == 1.0
    assert offer_score(1.0, "MORTGAGE", 0.0) == round(1 / 3, 4)
    assert offer_score(0.5, "TRAVEL_INSURANCE", 0.5) == round(0.5 * 0.5 * 2 / 3, 4)


def test_answers_move_a_product_up_or_down() -> None:
    assert acceptance_lift(0, 0) == 1.0  # no answers yet: no change
    taken = offers_for([ADA], [], [], CATALOGUE, "Maya", answers={"P-EDU": (8, 10)})
    refused = offers_for([ADA], [], [], CATALOGUE, "Maya", answers={"P-EDU": (0, 10)})
    # (8 + 2) / 20 = 0.5 accepted -> x 1.5/1.2; (0 + 2) / 20 = 0.1 -> x 1.1/1.2.
    assert taken[0].score == round(0.48 * 1.5 / 1.2, 4)
    assert refused[0].score == round(0.48 * 1.1 / 1.2, 4)


def test_the_segment_policy_favours_its_products_and_closes_its_way() -> None:
    assert segment_of(24, "MASS") == "YOUNG_STARTER"
    assert segment_of(45, "MASS_AFFLUENT") == "EVERYDAY"
    assert segment_of(24, "PRIVATE") == "AFFLUENT"
    assert segment_of(None, None) == "EVERYDAY"


def test_a_young_adult_in_a_parents_home_is_a_young_starter_whatever_their_tier() -> None:
    assert segment_of(19, "MASS_AFFLUENT", in_parents_home=True) == "YOUNG_STARTER"
    assert segment_of(19, "PRIVATE", in_parents_home=True) == "YOUNG_STARTER"
    assert segment_of(19, "MASS_AFFLUENT") == "EVERYDAY"  # living on their own: the tier counts
    assert segment_of(27, "MASS_AFFLUENT", in_parents_home=True) == "EVERYDAY"
    everyday = offers_for([ADA, GRACE], [], [], CATALOGUE, "Maya", segment="EVERYDAY")
    # Both products are in the everyday bundle: each lifted by 15 %.
    assert [o.score for o in everyday] == [round(0.48 * 1.15, 4), round(0.32 * 1.15, 4)]
    assert "household bundle" in everyday[0].script[-1]
    affluent = offers_for([ADA, GRACE], [], [], CATALOGUE, "Maya", segment="AFFLUENT")
    # Advisory: medical cover is favoured, the education saver is not.
    assert [(o.product_id, o.score) for o in affluent] == [
        ("P-EDU", 0.48),
        ("P-MEDICAL", round(0.32 * 1.15, 4)),
    ]
    assert affluent[0].script[-1].startswith("Book an advisory meeting")


# A stored script as offers_for writes it, closing the everyday segment's way.
STORED = (
    "Check first that Maya has no service issue waiting.",
    "Thank Maya for banking with us.",
    "How are you planning for their studies?",
    "Daughter Ada, 14, no education plan: our Junior Education Saver is made for this.",
    'If they say "We can\'t spare much each month.": It starts from small monthly amounts.',
    SEGMENT_POLICY["EVERYDAY"][1],
)
SAVER = "Junior Education Saver"


def with_close(close: str) -> tuple[str, ...]:
    return (*STORED[:-1], close)


def test_the_contact_center_checks_security_first_and_closes_remotely() -> None:
    for close in (*(c for _, c in SEGMENT_POLICY.values()), DEFAULT_CLOSE):
        call = script_for_channel(with_close(close), "CONTACT_CENTER", SAVER)
        assert call[0] == "Confirm the caller has passed security before you discuss any product."
        assert call[1:-1] == STORED[:-1]  # the officer's steps, in their order
        assert call[-1] == (
            "Offer to send the Junior Education Saver's details by SMS or email, or to book a "
            "call back; open it on this call only if they ask to."
        )


def test_the_desk_keeps_a_face_to_face_segment_close_and_replaces_the_rest() -> None:
    desk = (
        "Offer to open the Junior Education Saver now at the desk, or book an advisory "
        "meeting to go through it."
    )
    for channel in ("BRANCH_TABLET", "RELATIONSHIP_MANAGER"):
        for segment in ("EVERYDAY", "AFFLUENT"):  # the bundle, the advisory meeting
            stored = with_close(SEGMENT_POLICY[segment][1])
            assert script_for_channel(stored, channel, SAVER) == stored
        # "Open it in the mobile app" sends the customer away from the desk.
        for close in (SEGMENT_POLICY["YOUNG_STARTER"][1], DEFAULT_CLOSE):
            assert script_for_channel(with_close(close), channel, SAVER) == (*STORED[:-1], desk)


def test_self_service_gets_the_offer_and_one_call_to_action() -> None:
    # The customer's own screen: the offer in their terms, never the officer's evidence.
    offer = "Saving early gives your children's studies time to grow: our Junior Education "
    offer += "Saver is made for this."
    assert script_for_channel(STORED, "MOBILE_APP", SAVER, "CHILD_EDUCATION") == (
        offer, "Open the Junior Education Saver in the app now: it takes a few minutes."
    )  # fmt: skip
    assert script_for_channel(STORED, "WEB", SAVER, "CHILD_EDUCATION") == (
        offer, "Open the Junior Education Saver online now: it takes a few minutes."
    )  # fmt: skip
    # A kiosk is seen by passers-by: the product only, never the family's evidence.
    assert script_for_channel(STORED, "KIOSK", SAVER) == (
        "Ask a colleague in this branch about the Junior Education Saver: they can open it "
        "with you.",
    )


def test_a_step_of_no_known_shape_keeps_its_place_for_officers_only() -> None:
    stored = (*STORED[:3], "Mention the fee-free first year.", *STORED[3:])
    call = script_for_channel(stored, "CONTACT_CENTER", SAVER)
    assert call[1:-1] == stored[:-1]
    assert "Mention the fee-free first year." not in script_for_channel(stored, "WEB", SAVER)


def test_offers_for_writes_the_shapes_the_channels_read() -> None:
    stored = offers_for([ADA], [], [], CATALOGUE, "Maya", segment="YOUNG_STARTER")[0].script
    assert script_for_channel(stored, "MOBILE_APP", SAVER)[0].endswith(
        f"our {SAVER} is made for this."
    )
    assert "Ada" not in script_for_channel(stored, "MOBILE_APP", SAVER)[0]
    # Said to an audience that may not see the family: the product, without the fact.
    assert told(stored, (), SAVER)[3] == f"Our {SAVER} is made for this."
    assert told(stored, ADA.evidence, SAVER) == stored
    assert script_for_channel(stored, "CONTACT_CENTER", SAVER)[1:-1] == stored[:-1]


PLANS = [("P-EDU-EARLY", "Early Years Plan"), ("P-EDU-TEEN", "Teen Saver Plan"),
         ("P-EDU-UNI", "University Plan")]  # fmt: skip


def test_a_need_is_offered_the_variant_the_model_ranks_best_for_the_customer() -> None:
    # The bank's customers open Early Years most, but for Ada's parent (Ada is 14) the
    # model ranks the Teen Saver first: that is the plan offered, and named in the script.
    likely = {"P-EDU-UNI": 0.1, "P-EDU-TEEN": 0.3, "P-SAVER": 0.4}
    [offer] = offers_for([ADA], [], [], {"EDUCATION_SAVINGS": PLANS}, "Maya", likely)
    assert (offer.product_id, offer.product_name) == ("P-EDU-TEEN", "Teen Saver Plan")
    assert any("Teen Saver Plan" in line for line in offer.script)


def test_without_the_models_word_the_most_opened_variant_is_offered() -> None:
    assert variant_for(PLANS, None) == ("P-EDU-EARLY", "Early Years Plan")
    assert variant_for(PLANS, {"P-SAVER": 0.9}) == ("P-EDU-EARLY", "Early Years Plan")
    [offer] = offers_for([ADA], [], [], {"EDUCATION_SAVINGS": PLANS}, "Maya")
    assert offer.product_id == "P-EDU-EARLY"
