"""Columns shared by the staff lists in the admin."""
from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """A true/false value shown as a tick or cross with the word "Yes" or "No" beside it.

    Wagtail's own BooleanColumn names its icon "True"/"False", which is what staff hear and see
    on hover; staff read plain words.
    """

    cell_template_name = "base/tables/yes_no_cell.html"
