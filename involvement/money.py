"""Money as people read it, and tax years: amounts are Decimal pounds, exact to the penny."""
import datetime
from decimal import ROUND_HALF_UP, Decimal

PENCE = Decimal("0.01")


def to_pence(value):
    """`value` rounded to the penny (half a penny rounds up, as people expect)."""
    return Decimal(value).quantize(PENCE, rounding=ROUND_HALF_UP)


def format_money(value):
    """£12.50, £1,234.00, -£3.20."""
    value = to_pence(value or 0)
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


def tax_year_start(day):
    """The UK tax year runs from 6 April to 5 April."""
    start = datetime.date(day.year, 4, 6)
    return start if day >= start else datetime.date(day.year - 1, 4, 6)


def tax_year_label(day):
    """2020 to 2021, as HMRC writes it."""
    start = tax_year_start(day)
    return f"{start.year} to {start.year + 1}"
