"""What a program's debt means: the monthly payment of a standard 10-year repayment and the
debt-to-earnings ratio.

The payment is the standard amortisation formula: for a debt P at a yearly rate r, repaid in
n = 120 equal monthly payments, payment = P * i / (1 - (1 + i) ** -n) with i = r / 12. For
example $25,000 at 6.39% costs $282.47 a month. The default rates are the federal Direct
Loan rates for loans first disbursed from July 1, 2025 to June 30, 2026: 6.39% for
undergraduates and 7.94% for graduate students (settings DEBT_RATE_UNDERGRADUATE and
DEBT_RATE_GRADUATE). The official files' own 10-year payments (DEBT_ALL_STGP_*_MDN10YRPAY)
are shown beside it where a release has them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

YEARS = 10
GRADUATE_LEVELS = {4, 5, 6, 7, 8}  # post-baccalaureate and graduate credentials


@dataclass(frozen=True)
class Rates:
    """Yearly interest rates in percent, by the credential's level."""

    undergraduate: float = 6.39
    graduate: float = 7.94

    def for_credential(self, level: object) -> float:
        """The rate (percent) for a credential level."""
        try:
            return self.graduate if int(level) in GRADUATE_LEVELS else self.undergraduate
        except (TypeError, ValueError):
            return self.undergraduate


def monthly_payment(debt: float | None, rate_percent: float, years: int = YEARS
                    ) -> float | None:
    """The monthly payment that repays `debt` in `years` at `rate_percent` a year (None
    when the debt is not reported)."""
    if debt is None or not math.isfinite(debt):
        return None
    months, i = 12 * years, rate_percent / 100 / 12
    if i == 0:
        return debt / months
    return debt * i / (1 - (1 + i) ** -months)


def debt_to_earnings(debt: float | None, earnings: float | None) -> float | None:
    """Debt as a share of a year's earnings (0.5 = half a year's earnings), or None."""
    if debt is None or earnings is None or not math.isfinite(debt) \
            or not math.isfinite(earnings) or earnings <= 0:
        return None
    return debt / earnings


def summary(debt: float | None, earnings: float | None, level: object, rates: Rates) -> dict:
    """Median debt, the estimated monthly payment (and the rate used), the ratio."""
    rate = rates.for_credential(level)
    payment = monthly_payment(debt, rate)
    return {"debt": debt, "rate": rate, "payment": payment,
            "payment_share": (None if payment is None or not earnings else
                              12 * payment / earnings),
            "ratio": debt_to_earnings(debt, earnings)}
