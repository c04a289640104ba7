from django import template

from ..money import format_money

register = template.Library()


@register.filter
def money(value):
    """£12.50"""
    return format_money(value)
