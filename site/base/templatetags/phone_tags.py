from django import template

from base.phone import format_phone

register = template.Library()


@register.filter
def phone(value):
    """A stored phone number as people read it: "07700 900461" (base.phone.format_phone)."""
    return format_phone(value)
