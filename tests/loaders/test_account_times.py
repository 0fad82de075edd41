"""An account's optional openedAt: the moment of opening, on the day of openedOn."""

import pytest
from pydantic import ValidationError

from loaders.contracts import AccountRecord

ROW = {
    "id": "A-1", "productId": "P-CARD", "status": "OPEN", "openedOn": "2025-03-04",
    "balanceMinor": "0", "currency": "GBP", "updatedAt": "2026-01-01T00:00:00Z",
}  # fmt: skip


def test_a_moment_on_the_day_is_kept_in_epoch_milliseconds() -> None:
    record = AccountRecord.model_validate({**ROW, "openedAt": "2025-03-04T23:30:00Z"})
    assert record.openedAt == 1_741_131_000_000


def test_a_blank_or_absent_moment_is_none() -> None:
    assert AccountRecord.model_validate({**ROW, "openedAt": ""}).openedAt is None
    assert AccountRecord.model_validate(ROW).openedAt is None


def test_a_moment_on_another_day_is_refused_saying_which() -> None:
    # 00:30 at +02:00 is still the 3rd in UTC.
    with pytest.raises(ValidationError, match="falls on 2025-03-03, not on openedOn 2025-03-04"):
        AccountRecord.model_validate({**ROW, "openedAt": "2025-03-04T00:30:00+02:00"})
