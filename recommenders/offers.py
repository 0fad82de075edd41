"""Opportunities from needs: the product that meets each need, with an approach script.

Service comes first: while a complaint or dispute is open (until its RESOLVED step or
its CLOSED stage), nothing is offered. Each
script is ordered steps an officer follows: check service, acknowledge, a discovery
question, the offer in the customer's own terms (the need's evidence), the likely
objection with its answer, and the close.

An offer scores need relevance x value to the bank x propensity: the need's score, the
product's relative worth (margin and lifetime, VALUE_TO_BANK), and the graph model's
chance that the customer takes it next, mapped to (0.5 + p) / 1.5 so a product the model
did not rank among the customer's best still counts a third, and one with no model yet
(p = 0.5) two thirds. The segment offer policy (SEGMENT_POLICY) lifts what the customer's
segment leans to by 15 % and closes the script its way. Officers' answers feed back: a
product whose offers are accepted more often than the assumed 20 % moves up, one mostly
declined moves down (the rate is smoothed toward 20 % by ten answers' weight). The score
is capped at 1.

The stored script is the face-to-face one; script_for_channel says it the contact
channel's way when it is read (CHANNEL_SCRIPTS), so no channel needs scoring again.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from graph.codes import ProductCategory, ViewChannel
from graph.records import CaseSummary, Holding
from recommenders.facts import words_of
from recommenders.needs import Need, said

# Need -> (product category, discovery question, likely objection, its answer).
PLAYBOOK: Final[dict[str, tuple[str, str, str, str]]] = {
    "CHILD_EDUCATION": (ProductCategory.EDUCATION_SAVINGS,
                        "How are you planning for their studies?",
                        "We can't spare much each month.",
                        "It starts from small monthly amounts and can be paused."),
    "AGING_PARENT_CARE": (ProductCategory.MEDICAL_INSURANCE,
                          "Who looks after their health costs today?",
                          "They are healthy for now.",
                          "Cover is easier and cheaper to arrange before it is needed."),
    "RETIREMENT_GAP": (ProductCategory.PENSION, "What would you like retirement to look like?",
                       "I have a workplace pension.",
                       "We can show how the two together meet your target."),
    "HOME_PURCHASE": (ProductCategory.MORTGAGE, "Have you thought about buying your own home?",
                      "Prices are too high.",
                      "An agreement in principle shows what you can afford."),
    "NEW_BABY": (ProductCategory.LIFE_INSURANCE, "How are you all settling in with the baby?",
                 "We'll sort it out later.",
                 "Cover costs least while you are young and healthy."),
    "TRAVEL": (ProductCategory.TRAVEL_INSURANCE, "Where are you off to next?",
               "My card covers travel.", "Annual cover protects every trip, family included."),
}  # fmt: skip
# How a customer's own screen says why a product fits: in their terms, no internal evidence.
CUSTOMER_TERMS: Final[dict[str, str]] = {
    "CHILD_EDUCATION": "Saving early gives your children's studies time to grow",
    "AGING_PARENT_CARE": "Health cover for the people you look after",
    "RETIREMENT_GAP": "Plan the retirement you want, alongside any pension you have",
    "HOME_PURCHASE": "See what you could borrow for a home of your own",
    "NEW_BABY": "Protect your growing family",
    "TRAVEL": "Cover every trip in the year, family included",
}
SERVICE_FIRST: Final = frozenset({"COMPLAINT", "CARD_DISPUTE", "BILLING_DISPUTE"})

# Relative worth of a sale to the bank (margin over the product's life), by category.
VALUE_TO_BANK: Final[dict[str, float]] = {
    ProductCategory.MORTGAGE: 1.0,
    ProductCategory.INVESTMENT: 0.9,
    ProductCategory.PENSION: 0.9,
    ProductCategory.EDUCATION_SAVINGS: 0.8,
    ProductCategory.LIFE_INSURANCE: 0.8,
    ProductCategory.MEDICAL_INSURANCE: 0.8,
    ProductCategory.PERSONAL_LOAN: 0.7,
    ProductCategory.HIRE_PURCHASE: 0.6,
    ProductCategory.SAVINGS: 0.6,
    ProductCategory.CARD: 0.6,
    ProductCategory.TRAVEL_INSURANCE: 0.5,
    ProductCategory.CURRENT: 0.4,
}
NO_MODEL: Final = 0.5  # the propensity assumed while no model has scored the customer
ASSUMED_ACCEPTANCE: Final = 0.2  # before any answers
ANSWERS_WEIGHT: Final = 10  # the assumption counts as this many answers


def acceptance_lift(accepted: int, answered: int) -> float:
    """How the bank's answers to this product's offers move its score (1.0: no evidence)."""
    rate = (accepted + ASSUMED_ACCEPTANCE * ANSWERS_WEIGHT) / (answered + ANSWERS_WEIGHT)
    return (1 + rate) / (1 + ASSUMED_ACCEPTANCE)


def offer_score(
    need_score: float, category: str, propensity: float, answers: tuple[int, int] = (0, 0),
    segment: str | None = None,
) -> float:  # fmt: skip
    """Need relevance x value to the bank x propensity x answers x segment policy (see the
    module doc), 0-1."""
    lift = (0.5 + propensity) / 1.5 * acceptance_lift(*answers)
    if segment is not None and category in SEGMENT_POLICY[segment][0]:
        lift *= POLICY_LIFT
    return round(min(need_score * VALUE_TO_BANK.get(category, 0.5) * lift, 1.0), 4)


# The segment offer policy: what each segment leans to, and how to close with them.
# Young, low-asset customers: low fees and mobile; salaried, middle income: bundles;
# affluent: advisory and comprehensive service.
SEGMENT_POLICY: Final[dict[str, tuple[frozenset[str], str]]] = {
    "YOUNG_STARTER": (
        frozenset(
            {ProductCategory.CARD, ProductCategory.SAVINGS, ProductCategory.TRAVEL_INSURANCE}
        ),
        "Offer to open it in the mobile app now: no fee to open, none to keep.",
    ),
    "EVERYDAY": (
        frozenset(
            {
                ProductCategory.EDUCATION_SAVINGS,
                ProductCategory.LIFE_INSURANCE,
                ProductCategory.MEDICAL_INSURANCE,
                ProductCategory.MORTGAGE,
            }
        ),
        "Offer it within the household bundle (one monthly payment), or book a follow-up "
        "on their preferred channel.",
    ),
    "AFFLUENT": (
        frozenset(
            {
                ProductCategory.INVESTMENT,
                ProductCategory.PENSION,
                ProductCategory.MORTGAGE,
                ProductCategory.MEDICAL_INSURANCE,
            }
        ),
        "Book an advisory meeting with their relationship manager to review it with their "
        "whole plan.",
    ),
}
POLICY_LIFT: Final = 1.15  # a product the segment leans to
DEFAULT_CLOSE: Final = "Offer to set it up now, or book a follow-up on their preferred channel."

# The steps offers_for writes, as (start, end) of their text: script_for_channel reads a
# stored script back by them. Checked in this order; a step matching none is a close when
# it is the last, otherwise OTHER.
STEP_SHAPES: Final[dict[str, tuple[str, str]]] = {
    "SERVICE_CHECK": ("Check first that ", " has no service issue waiting."),
    "ACKNOWLEDGE": ("Thank ", " for banking with us."),
    "OFFER": ("", " is made for this."),
    "OBJECTION": ('If they say "', ""),
    "DISCOVERY": ("", "?"),
}


def _step(kind: str, middle: str) -> str:
    """A scripted step of this kind around its own words."""
    start, end = STEP_SHAPES[kind]
    return f"{start}{middle}{end}"


def offer_step(words: Sequence[str], product_name: str) -> str:
    """The offer said with the need's evidence; the product alone when none may be said."""
    because = "; ".join(words)
    if not because:
        return _step("OFFER", f"Our {product_name}")
    return _step("OFFER", f"{because[:1].upper()}{because[1:]}: our {product_name}")


def told(script: Sequence[str], facts: Sequence[str], product_name: str) -> tuple[str, ...]:
    """A stored script with its offer said from these facts only (those the audience may
    see: recommenders.facts), so a fact hidden from them is in no sentence."""
    offer = offer_step([said(words_of(line), None) for line in facts], product_name)
    return tuple(offer if step_kind(step) == "OFFER" else step for step in script)


YOUNG_ADULT_AGE: Final = 25  # under it, living in a parent's household: a dependant


def segment_of(age: float | None, value_tier: str | None, in_parents_home: bool = False) -> str:
    """The offer-policy segment: affluent by tier, young starters by age and tier.

    A young adult (under YOUNG_ADULT_AGE) living in a parent's household is a young
    starter whatever their tier: balances at that age in the family home are often the
    family's money (savings a parent put by), so the tier alone is no affluence signal."""
    if in_parents_home and age is not None and age < YOUNG_ADULT_AGE:
        return "YOUNG_STARTER"
    if value_tier in ("AFFLUENT", "PRIVATE"):
        return "AFFLUENT"
    if age is not None and age < 30 and value_tier in (None, "MASS"):
        return "YOUNG_STARTER"
    return "EVERYDAY"


def _ended(case: CaseSummary) -> bool:
    """A case ends at its first RESOLVED step, or when its stage is CLOSED."""
    return case.resolved_at is not None or case.stage in ("RESOLVED", "CLOSED")


@dataclass(frozen=True, slots=True)
class Offer:
    """A product to offer, its score, the need behind it and how to open the conversation."""

    product_id: str
    product_name: str
    score: float
    need_kind: str
    script: tuple[str, ...]


def offers_for(
    needs: Sequence[Need], cases: Sequence[CaseSummary], holdings: Sequence[Holding],
    catalogue: Mapping[str, Sequence[tuple[str, str]]], first_name: str,
    propensities: Mapping[str, float] | None = None,
    answers: Mapping[str, tuple[int, int]] | None = None, segment: str | None = None,
) -> list[Offer]:  # fmt: skip
    """The offers for one customer, best first; `catalogue` is category -> its products as
    (id, name), the most opened first (the variant offered where the model ranks none);
    `propensities` the model's product id -> chance (None: no model scored them);
    `answers` product id -> (accepted, answered) offers, bank-wide; `segment` the offer
    policy's (segment_of), which favours some products and says how to close."""
    if any(c.category in SERVICE_FIRST and not _ended(c) for c in cases):
        return []  # a case is open: service before sales
    held = {h.category for h in holdings if h.status != "CLOSED"}
    best: dict[str, Offer] = {}
    for need in needs:
        category, question, objection, answer = PLAYBOOK[need.kind]
        # A need about a relative already weighed who covers them: the customer's own
        # policy (medical cover for themself) does not meet their parent's need.
        mine = need.subject_id is None and category in held
        if mine or not catalogue.get(category):
            continue
        product_id, name = variant_for(catalogue[category], propensities)
        script = (
            _step("SERVICE_CHECK", first_name),
            _step("ACKNOWLEDGE", first_name),
            question,
            offer_step([said(words_of(line), None) for line in need.evidence], name),
            _step("OBJECTION", f'{objection}": {answer}'),
            SEGMENT_POLICY[segment][1] if segment is not None else DEFAULT_CLOSE,
        )
        chance = NO_MODEL if propensities is None else propensities.get(product_id, 0.0)
        tally = (answers or {}).get(product_id, (0, 0))
        score = offer_score(need.score, category, chance, tally, segment)
        offer = Offer(product_id, name, score, need.kind, script)
        if product_id not in best or best[product_id].score < offer.score:
            best[product_id] = offer
    return sorted(best.values(), key=lambda o: (-o.score, o.product_id))


def variant_for(
    products: Sequence[tuple[str, str]], propensities: Mapping[str, float] | None
) -> tuple[str, str]:
    """The variant of a category to offer: the one the model gives this customer the best
    chance of taking, else the first (the one the bank's customers open most)."""
    ranked = [p for p in products if p[0] in (propensities or {})]
    if propensities and ranked:
        return max(ranked, key=lambda p: (propensities[p[0]], p[0]))
    return products[0]


@dataclass(frozen=True, slots=True)
class ChannelScript:
    """How a channel says a stored script: its opening, the step kinds it keeps, its close."""

    opening: tuple[str, ...]
    steps: frozenset[str]  # kinds kept, in their stored order
    close: str  # {product}: the product's name
    segment_closes: frozenset[str] = frozenset()  # segment closes kept over `close` here
    customer_facing: bool = False  # the customer's own screen: the offer in their terms


OFFICER_STEPS: Final = frozenset({*STEP_SHAPES, "OTHER"})
# At a desk the segment's close wins where it is said face to face (the bundle, the
# advisory meeting); the young starters' "open it in the mobile app" and the no-segment
# close give way to the desk's. On the phone and on the customer's own screen the
# channel's close always wins: a segment close is an officer's in-person offer.
FACE_TO_FACE: Final = ChannelScript(
    opening=(),
    steps=OFFICER_STEPS,
    close="Offer to open the {product} now at the desk, or book an advisory meeting to go "
    "through it.",
    segment_closes=frozenset({SEGMENT_POLICY["EVERYDAY"][1], SEGMENT_POLICY["AFFLUENT"][1]}),
)
# Self-service: no officer's steps, only the offer in the customer's terms and one call
# to action.
CHANNEL_SCRIPTS: Final[dict[str, ChannelScript]] = {
    ViewChannel.BRANCH_TABLET: FACE_TO_FACE,
    ViewChannel.RELATIONSHIP_MANAGER: FACE_TO_FACE,
    ViewChannel.CONTACT_CENTER: ChannelScript(
        opening=("Confirm the caller has passed security before you discuss any product.",),
        steps=OFFICER_STEPS,
        close="Offer to send the {product}'s details by SMS or email, or to book a call "
        "back; open it on this call only if they ask to.",
    ),
    ViewChannel.MOBILE_APP: ChannelScript(
        (),
        frozenset({"OFFER"}),
        "Open the {product} in the app now: it takes a few minutes.",
        customer_facing=True,
    ),
    ViewChannel.WEB: ChannelScript(
        (),
        frozenset({"OFFER"}),
        "Open the {product} online now: it takes a few minutes.",
        customer_facing=True,
    ),
    # A kiosk's screen is seen by whoever stands near it: the product only, no family
    # evidence ("daughter Ada, 14, no education plan").
    ViewChannel.KIOSK: ChannelScript(
        (),
        frozenset(),
        "Ask a colleague in this branch about the {product}: they can open it with you.",
    ),
}


def step_kind(step: str) -> str:
    """The kind of a scripted step by its shape (STEP_SHAPES), OTHER when none."""
    shapes = STEP_SHAPES.items()
    found = (kind for kind, (start, end) in shapes if step.startswith(start) and step.endswith(end))
    return next(found, "OTHER")


def script_for_channel(
    script: Sequence[str], channel: str, product_name: str, need_kind: str | None = None
) -> tuple[str, ...]:
    """Say a stored script the way of a view channel, named as ViewChannel names it; the
    customer's own screens say the offer in the customer's terms (CUSTOMER_TERMS)."""
    rule = CHANNEL_SCRIPTS[channel]
    if rule.customer_facing:
        terms = CUSTOMER_TERMS.get(need_kind or "", "Made for you")
        script = [_step("OFFER", f"{terms}: our {product_name}") if step_kind(s) == "OFFER"
                  else s for s in script]  # fmt: skip
    kinds = [step_kind(step) for step in script]
    stored_close = script[-1] if kinds and kinds[-1] == "OTHER" else None
    if stored_close is not None:
        kinds[-1] = "CLOSE"  # offers_for closes every script
    kept = (step for step, kind in zip(script, kinds, strict=True) if kind in rule.steps)
    close = stored_close if stored_close in rule.segment_closes else None
    return (*rule.opening, *kept, close or rule.close.format(product=product_name))
