from django import template

register = template.Library()


@register.simple_tag
def describe_field(field):
    """Render a widget with aria-describedby pointing at its hint and error."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids else None)
