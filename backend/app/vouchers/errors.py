"""Why a voucher code is refused (problem types listed in docs/errors.md)."""

from __future__ import annotations

from app.lib.errors import ConflictError, FieldError, InvalidInputError


def _on_code(message: str) -> list[FieldError]:
    return [FieldError(message, field="code")]


class VoucherUnknownError(InvalidInputError):
    problem_type = "voucher-unknown"
    title = "Unknown voucher code"

    def __init__(self) -> None:
        super().__init__("No voucher has this code", errors=_on_code("unknown code"))


class VoucherForeignError(InvalidInputError):
    problem_type = "voucher-foreign"
    title = "Voucher of another provider"

    def __init__(self) -> None:
        message = "This voucher was issued by another provider and is not valid for your account"
        super().__init__(message, errors=_on_code("issued by another provider"))


class VoucherExpiredError(InvalidInputError):
    problem_type = "voucher-expired"
    title = "Voucher expired"

    def __init__(self, expired_at: str) -> None:
        super().__init__(f"This voucher expired at {expired_at}", errors=_on_code("expired"))


class VoucherCurrencyError(InvalidInputError):
    problem_type = "voucher-currency"
    title = "Voucher in another currency"

    def __init__(self, voucher: str, account: str) -> None:
        message = f"This voucher is worth {voucher}; your account is in {account}"
        super().__init__(message, errors=_on_code("another currency"))


class VoucherUsedError(ConflictError):
    problem_type = "voucher-used"
    title = "Voucher already redeemed"

    def __init__(self, redeemed_at: str) -> None:
        super().__init__(
            f"This voucher was already redeemed at {redeemed_at}", errors=_on_code("used")
        )
