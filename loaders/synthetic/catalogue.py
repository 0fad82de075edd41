"""The synthetic bank's fixed facts: channels, products, staff teams, names, places, incidents."""

from typing import Final

UPDATED_AT: Final = "2026-10-31T23:00:00Z"
CURRENCY: Final = "GBP"

CHANNELS: Final = (
    ("BRANCH", "Branch counter"),
    ("BRANCH_TABLET", "Tablet in branch"),
    ("ATM", "ATM"),
    ("KIOSK", "Self-service kiosk"),
    ("MOBILE", "Mobile app"),
    ("WEB", "Online banking"),
    ("CONTACT_CENTER", "Contact center"),
)

# Product id -> (name, category). One product per category keeps holdings readable.
PRODUCTS: Final[dict[str, tuple[str, str]]] = {
    "P-CURRENT": ("Everyday Current Account", "CURRENT"),
    "P-SAVER": ("Easy Saver", "SAVINGS"),
    "P-EDU": ("Junior Education Saver", "EDUCATION_SAVINGS"),
    "P-CARD": ("Rewards Credit Card", "CARD"),
    "P-MORTGAGE": ("Home Mortgage", "MORTGAGE"),
    "P-LOAN": ("Personal Loan", "PERSONAL_LOAN"),
    "P-CAR": ("Car Hire Purchase", "HIRE_PURCHASE"),
    "P-LIFE": ("Family Life Cover", "LIFE_INSURANCE"),
    "P-MEDICAL": ("Senior Medical Cover", "MEDICAL_INSURANCE"),
    "P-TRAVEL": ("Annual Travel Insurance", "TRAVEL_INSURANCE"),
    "P-INVEST": ("Managed Investment Fund", "INVESTMENT"),
    "P-PENSION": ("Personal Pension", "PENSION"),
}
PRODUCT_OF: Final = {category: product for product, (_, category) in PRODUCTS.items()}
LOANS: Final = frozenset({"MORTGAGE", "PERSONAL_LOAN", "HIRE_PURCHASE"})

# Staff teams: (team, channel, intents they take).
TEAMS: Final = (
    ("Billing", "CONTACT_CENTER", ("BILLING",)),
    ("Cards and disputes", "CONTACT_CENTER", ("CARDS", "COMPLAINT")),
    ("Lending", "CONTACT_CENTER", ("LOANS",)),
    ("General enquiries", "CONTACT_CENTER", ("GENERAL", "SALES")),
    ("Branch advisers", "BRANCH", ("GENERAL", "SALES", "LOANS", "BILLING", "CARDS", "COMPLAINT")),
    ("Tablet advisers", "BRANCH_TABLET", ("GENERAL", "SALES", "LOANS")),
)

TOUCHPOINTS: Final = {
    "BRANCH": "branch counter",
    "BRANCH_TABLET": "branch tablet",
    "ATM": "cash machine",
    "KIOSK": "self-service kiosk",
    "MOBILE": "mobile app",
    "WEB": "online banking",
    "CONTACT_CENTER": "contact center call",
}

FEMALE: Final = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Grace",
    "Sophia",
    "Lily",
    "Freya",
    "Emily",
    "Ella",
    "Aisha",
    "Priya",
    "Zara",
    "Chloe",
    "Hannah",
    "Maya",
    "Ruby",
    "Evie",
    "Layla",
    "Nadia",
    "Fatima",
    "Ananya",
    "Sofia",
    "Eleanor",
    "Margaret",
    "Joan",
    "Dorothy",
    "Patricia",
    "Susan",
    "Helen",
    "Alice",
    "Rose",
    "Ngozi",
    "Mei",
    "Yasmin",
    "Leah",
    "Niamh",
    "Siobhan",
    "Bronwen",
]
MALE: Final = [
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Leo",
    "Harry",
    "Oscar",
    "Jack",
    "Charlie",
    "Muhammad",
    "Jacob",
    "Thomas",
    "James",
    "William",
    "Henry",
    "Ethan",
    "Adam",
    "Daniel",
    "Samuel",
    "Joseph",
    "David",
    "Ravi",
    "Arjun",
    "Kwame",
    "Tunde",
    "Wei",
    "Omar",
    "Luca",
    "Mateo",
    "Patrick",
    "Robert",
    "Michael",
    "Peter",
    "John",
    "Richard",
    "Stephen",
    "Callum",
    "Rhys",
    "Owen",
    "Ibrahim",
]
SURNAMES: Final = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Robinson",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Ali",
    "Hussain",
    "Singh",
    "Shah",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Chen",
    "Wang",
    "Li",
    "Nguyen",
    "Kowalski",
    "Novak",
    "Murphy",
    "Kelly",
    "Byrne",
    "Campbell",
    "Stewart",
    "MacDonald",
    "Hughes",
    "Edwards",
    "Lewis",
    "Morgan",
    "Price",
    "Griffiths",
    "Rossi",
    "Silva",
    "Costa",
    "Fischer",
]

# City -> weight (a bank's footprint is uneven).
CITIES: Final[dict[str, int]] = {
    "London": 30, "Birmingham": 10, "Manchester": 10, "Leeds": 8, "Glasgow": 7,
    "Bristol": 6, "Liverpool": 6, "Edinburgh": 5, "Cardiff": 5, "Newcastle": 4,
    "Sheffield": 4, "Nottingham": 3, "Leicester": 3, "Belfast": 3, "York": 2,
}  # fmt: skip
HOMETOWNS: Final = (
    *CITIES, "Lagos", "Accra", "Mumbai", "Karachi", "Dublin", "Krakow", "Hong Kong",
    "Lisbon", "Aberdeen", "Swansea", "Inverness", "Exeter", "Norwich", "Hull",
)  # fmt: skip
# A household's address: a house number on a street (name and kind) in a district of its city.
STREET_NAMES: Final = (
    "Harrow", "Oak", "Church", "Mill", "Station", "Victoria", "Park", "Queen's", "Elm", "Albert",
    "King's", "Chapel", "Willow", "Meadow", "Grange", "Ash", "Manor", "Springfield", "Canal",
    "Orchard", "Beech", "Highfield", "Cedar", "Westfield",
)  # fmt: skip
STREET_KINDS: Final = ("Road", "Street", "Lane", "Avenue", "Close", "Gardens")
DISTRICTS: Final = (
    "Northside", "Southgate", "Eastfield", "Westbury", "Old Town", "Riverside", "Hillcrest",
    "Fairview", "Broadmead", "Kingsway", "Moorside", "Greenbank",
)  # fmt: skip
OCCUPATIONS: Final = (
    "Teacher", "Nurse", "Engineer", "Software developer", "Accountant", "Electrician",
    "Shop manager", "Civil servant", "Doctor", "Driver", "Chef", "Designer", "Solicitor",
    "Care worker", "Sales adviser", "Builder", "Pharmacist", "Police officer", "Self-employed",
)  # fmt: skip

# The bank's known incidents in the period: (id, channel, service, first day, last day, what).
INCIDENTS: Final = (
    ("INC-2026-02-MOBILE", "MOBILE", "TRANSFER", "2026-02-09", "2026-02-15",
     "Mobile app outage: log-in and transfers failing for a week"),
    ("INC-2026-04-CARDS", "CONTACT_CENTER", "CARD_SPEND", "2026-04-14", "2026-04-17",
     "Card authorisation system failure: card payments declined"),
)  # fmt: skip
