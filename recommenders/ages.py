"""Ages, counted one way everywhere: the needs rules, the model's features and the API."""

from datetime import date


def age_on(birth_date: str | None, today: date) -> int | None:
    """Whole years from an ISO birth date to `today`; None when the date is not known."""
    if not birth_date:
        return None
    born = date.fromisoformat(birth_date)
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
