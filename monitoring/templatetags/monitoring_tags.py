from django import template

from monitoring.models import fmt_number

register = template.Library()


@register.filter
def ind(value, indicator):
    """``{{ row.target|ind:row.indicator }}`` → «70 %», «—»."""
    return indicator.display(value)


@register.filter
def num(value):
    """A number with a decimal comma, no unit: «12,5», «—»."""
    return fmt_number(value)


@register.filter
def signed(value, indicator):
    """A deviation: «+5 %», «−2,5 %», «—»."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + indicator.display(value)
