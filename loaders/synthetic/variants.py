"""The bank's real catalogue: a few hundred product variants over the twelve categories.

Each variant carries what it was designed for (an income band, an age range, travel or
card spending, the bank's range it belongs to), so customers adopt the ones that fit them.
"""

from dataclasses import dataclass
from itertools import product
from typing import Final, Literal

Catalogue = Literal["compact", "variants"]
CATALOGUES: Final[tuple[Catalogue, ...]] = ("compact", "variants")

# The bank sells its everyday products in three ranges; a family tends to bank in one.
LINES: Final = ("Classic", "Online", "Green")


@dataclass(frozen=True, slots=True)
class Fit:
    """Who a variant (or one of its options) is made for."""

    tier: int = 0  # income band: 0 basic .. 3 premier; options add up
    ages: tuple[int, int] = (0, 120)  # a child's age for an education plan
    travel: bool = False  # made for people who travel abroad often
    spend: bool = False  # made for heavy card spenders
    line: str = ""  # the range it belongs to, if any

    def __add__(self, other: "Fit") -> "Fit":
        low, high = max(self.ages[0], other.ages[0]), min(self.ages[1], other.ages[1])
        return Fit(
            tier=min(self.tier + other.tier, 3),
            ages=(low, high) if low <= high else other.ages,
            travel=self.travel or other.travel,
            spend=self.spend or other.spend,
            line=other.line or self.line,
        )


@dataclass(frozen=True, slots=True)
class Variant:
    """A product of the catalogue and who it is made for."""

    id: str
    name: str
    category: str
    fit: Fit


# One option of a product: (code in the id, words in the name, who it fits).
Option = tuple[str, str, Fit]
_LINED: Final[tuple[Option, ...]] = tuple((line[0], line, Fit(line=line)) for line in LINES)


def _grid(category: str, prefix: str, *axes: tuple[Option, ...]) -> list[Variant]:
    """Every combination of a product's options is one variant."""
    variants = []
    for options in product(*axes):
        fit = Fit()
        for _, _, part in options:
            fit = fit + part
        code = "-".join(code for code, _, _ in options)
        name = " ".join(words for _, words, _ in options)
        variants.append(Variant(f"{prefix}-{code}", name, category, fit))
    return variants


_CURRENT: Final = (
    ("ESS", "Essential Current Account", Fit(tier=0)),
    ("EVR", "Everyday Current Account", Fit(tier=1)),
    ("RWD", "Reward Current Account", Fit(tier=2, spend=True)),
    ("PRM", "Premier Current Account", Fit(tier=3, travel=True)),
)
_SAVINGS: Final = (
    ("REG", "Regular Saver", Fit(tier=0, ages=(18, 35))),
    ("EASY", "Easy Access Saver", Fit(tier=1)),
    ("N30", "30-day Notice Saver", Fit(tier=1, ages=(30, 120))),
    ("N95", "95-day Notice Saver", Fit(tier=2, ages=(40, 120))),
    ("F1", "1-year Fixed Saver", Fit(tier=2)),
    ("F2", "2-year Fixed Saver", Fit(tier=2, ages=(35, 120))),
    ("F3", "3-year Fixed Saver", Fit(tier=3, ages=(45, 120))),
    ("F5", "5-year Fixed Saver", Fit(tier=3, ages=(55, 120))),
    ("ISA", "Cash ISA", Fit(tier=2, ages=(25, 75))),
    ("FISA", "2-year Fixed Cash ISA", Fit(tier=3, ages=(40, 120))),
)
_CHILD_AGES: Final = (
    ("BABY", "(0-4)", Fit(ages=(0, 4))),
    ("PRIM", "(5-10)", Fit(ages=(5, 10))),
    ("SEC", "(11-14)", Fit(ages=(11, 14))),
    ("SIXTH", "(15-17)", Fit(ages=(15, 17))),
)
_EDUCATION: Final = (
    ("SAVER", "Children's Saver", Fit(tier=0)),
    ("JISA", "Junior Cash ISA", Fit(tier=1)),
    ("JSISA", "Junior Stocks and Shares ISA", Fit(tier=3)),
)
_CARD_TIERS: Final = (
    ("CLS", "Classic", Fit(tier=0)),
    ("GLD", "Gold", Fit(tier=1)),
    ("PLT", "Platinum", Fit(tier=2)),
    ("BLK", "Black", Fit(tier=3)),
)
_CARD_REWARDS: Final = (
    ("CASH", "Cashback Credit Card", Fit(spend=True)),
    ("MILES", "Air Miles Credit Card", Fit(travel=True)),
    ("LOW", "Low Rate Credit Card", Fit(ages=(35, 120))),
    ("BT", "Balance Transfer Credit Card", Fit(ages=(21, 45))),
)
_RATES: Final = (
    ("FIX2", "2-year Fixed", Fit(tier=0)),
    ("FIX5", "5-year Fixed", Fit(tier=1)),
    ("FIX10", "10-year Fixed", Fit(tier=1, ages=(30, 50))),
    ("TRK", "Tracker", Fit(tier=2)),
    ("OFF", "Offset", Fit(tier=3)),
    ("SVR", "Standard Variable", Fit(tier=0, ages=(50, 120))),
)
_LTV: Final = (
    ("95", "Mortgage, 95% LTV", Fit(ages=(18, 36))),
    ("85", "Mortgage, 85% LTV", Fit(ages=(28, 45))),
    ("75", "Mortgage, 75% LTV", Fit(tier=1, ages=(35, 58))),
    ("60", "Mortgage, 60% LTV", Fit(tier=1, ages=(45, 120))),
)
_LOAN_PURPOSES: Final = (
    ("HOME", "Home Improvement Loan", Fit(ages=(35, 70))),
    ("DEBT", "Debt Consolidation Loan", Fit(ages=(22, 50))),
    ("WED", "Wedding Loan", Fit(ages=(22, 38))),
    ("CAR", "Car Loan", Fit(ages=(20, 65))),
    ("GEN", "Personal Loan", Fit()),
)
_LOAN_SIZES: Final = (
    ("S", "up to £5,000", Fit(tier=0)),
    ("M", "£5,000 to £15,000", Fit(tier=1)),
    ("L", "£15,000 to £35,000", Fit(tier=2)),
)
_VEHICLES: Final = (
    ("USED", "Used Car Hire Purchase", Fit(tier=0)),
    ("NEW", "New Car Hire Purchase", Fit(tier=1)),
    ("EV", "Electric Car Hire Purchase", Fit(tier=2, line="Green")),
    ("MPV", "Family Car Hire Purchase", Fit(tier=1, ages=(30, 50))),
    ("BIKE", "Motorbike Hire Purchase", Fit(ages=(18, 40))),
    ("VAN", "Van Hire Purchase", Fit(ages=(25, 65))),
)
_TERMS: Final = (
    ("3Y", "over 3 years", Fit(tier=1)),
    ("5Y", "over 5 years", Fit(tier=0)),
)
_LIFE_COVER: Final = (
    ("LVL", "Level Term Life Cover", Fit(ages=(25, 50))),
    ("DEC", "Decreasing Term Life Cover", Fit(ages=(28, 55))),
    ("CI", "Life and Critical Illness Cover", Fit(ages=(30, 60))),
    ("WOL", "Whole of Life Cover", Fit(ages=(45, 120))),
    ("O50", "Over-50s Life Plan", Fit(ages=(50, 120))),
)
_COVER_LEVELS: Final = (
    ("ESS", "Essential", Fit(tier=0)),
    ("STD", "Standard", Fit(tier=1)),
    ("PLS", "Plus", Fit(tier=2)),
    ("PRM", "Premier", Fit(tier=3)),
)
_MEDICAL_PLANS: Final = (
    ("IND", "Personal Medical Cover", Fit(ages=(18, 64))),
    ("SNR", "Senior Medical Cover", Fit(ages=(65, 120))),
    ("FAM", "Family Medical Cover", Fit(ages=(28, 55))),
)
_TRIPS: Final = (
    ("SGL", "Single Trip Travel Insurance", Fit(tier=0)),
    ("EUR", "Annual Europe Travel Insurance", Fit(travel=True)),
    ("WW", "Annual Worldwide Travel Insurance", Fit(tier=1, travel=True)),
    ("SKI", "Worldwide Travel and Winter Sports", Fit(tier=1, travel=True, ages=(18, 55))),
    ("BPK", "Backpacker Travel Insurance", Fit(ages=(18, 30))),
    ("SNR", "Senior Traveller Insurance", Fit(ages=(65, 120))),
)
_TRAVEL_LEVELS: Final = (
    ("SLV", "Silver", Fit(tier=0)),
    ("GLD", "Gold", Fit(tier=1)),
    ("PLT", "Platinum", Fit(tier=2)),
)
_RISKS: Final = (
    ("CAU", "Cautious", Fit(ages=(55, 120))),
    ("BAL", "Balanced", Fit(ages=(40, 75))),
    ("GRO", "Growth", Fit(ages=(30, 55))),
    ("ADV", "Adventurous", Fit(ages=(18, 45))),
    ("GLB", "Global Equity", Fit(tier=1, ages=(25, 60))),
)
_FUND_STYLES: Final = (
    ("IDX", "Index Fund", Fit(tier=0)),
    ("MGD", "Managed Fund", Fit(tier=1)),
    ("ETH", "Ethical Fund", Fit(line="Green")),
    ("DSC", "Discretionary Portfolio", Fit(tier=2)),
)
_PENSIONS: Final = (
    ("STK", "Stakeholder Pension", Fit(tier=0)),
    ("PPN", "Personal Pension", Fit(tier=1)),
    ("SIPP", "Self-Invested Personal Pension", Fit(tier=3)),
    ("TOP", "Workplace Top-up Pension", Fit(tier=1, ages=(25, 50))),
    ("DRW", "Drawdown Pension", Fit(tier=2, ages=(55, 120))),
)
_PENSION_FUNDS: Final = (
    ("LIFE", "(lifestyle)", Fit(ages=(45, 120))),
    ("BAL", "(balanced)", Fit()),
    ("GRO", "(growth)", Fit(ages=(18, 45))),
    ("ETH", "(ethical)", Fit(line="Green")),
)

VARIANTS: Final[tuple[Variant, ...]] = (
    *_grid("CURRENT", "CUR", _CURRENT, _LINED),
    *_grid("SAVINGS", "SAV", _SAVINGS, _LINED),
    *_grid("EDUCATION_SAVINGS", "EDU", _EDUCATION, _CHILD_AGES, _LINED),
    *_grid("CARD", "CARD", _CARD_TIERS, _CARD_REWARDS),
    *_grid("MORTGAGE", "MTG", _RATES, _LTV),
    *_grid("PERSONAL_LOAN", "LOAN", _LOAN_PURPOSES, _LOAN_SIZES),
    *_grid("HIRE_PURCHASE", "HP", _VEHICLES, _TERMS),
    *_grid("LIFE_INSURANCE", "LIFE", _LIFE_COVER, _COVER_LEVELS),
    *_grid("MEDICAL_INSURANCE", "MED", _MEDICAL_PLANS, _COVER_LEVELS),
    *_grid("TRAVEL_INSURANCE", "TRV", _TRIPS, _TRAVEL_LEVELS),
    *_grid("INVESTMENT", "INV", _RISKS, _FUND_STYLES),
    *_grid("PENSION", "PEN", _PENSIONS, _PENSION_FUNDS),
)
VARIANTS_OF: Final[dict[str, tuple[Variant, ...]]] = {
    category: tuple(v for v in VARIANTS if v.category == category)
    for category in dict.fromkeys(v.category for v in VARIANTS)
}
# The variant the bank leads with in each category: what it offers, and what an enquiry
# names when the customer holds none of the category yet.
FLAGSHIPS: Final = {
    "CURRENT": "CUR-EVR-C", "SAVINGS": "SAV-EASY-C", "EDUCATION_SAVINGS": "EDU-JISA-PRIM-C",
    "CARD": "CARD-GLD-CASH", "MORTGAGE": "MTG-FIX5-85", "PERSONAL_LOAN": "LOAN-GEN-M",
    "HIRE_PURCHASE": "HP-NEW-5Y", "LIFE_INSURANCE": "LIFE-LVL-STD",
    "MEDICAL_INSURANCE": "MED-SNR-STD", "TRAVEL_INSURANCE": "TRV-WW-GLD",
    "INVESTMENT": "INV-BAL-MGD", "PENSION": "PEN-PPN-BAL",
}  # fmt: skip
