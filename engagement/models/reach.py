"""Reach targets: the share of the User Group we aim for in each group, for the dashboard."""
from django.db import models
from wagtail.admin.panels import FieldPanel


class ReachTarget(models.Model):
    """The share (per cent) of members we aim for with one answer to one question.

    Seeded with approximate figures from Walsall's Census 2021 profile (see services/reach.py);
    staff edit them in the admin to match the latest ONS figures.
    """

    category = models.CharField(max_length=30, help_text="The question, e.g. ethnic_group or locality.")
    value = models.CharField(max_length=30, help_text="The answer, e.g. asian or north.")
    share = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True,
                                help_text="Target share, in per cent. Leave blank for no target.")
    note = models.CharField(max_length=255, blank=True, help_text="Where the figure comes from.")

    panels = [FieldPanel("category", read_only=True), FieldPanel("value", read_only=True),
              FieldPanel("share"), FieldPanel("note")]

    class Meta:
        ordering = ["category", "value"]
        constraints = [models.UniqueConstraint(fields=["category", "value"], name="unique_reach_target")]

    def __str__(self):
        from ..services.reach import category_label, value_label

        return f"{category_label(self.category)}: {value_label(self.category, self.value)}"
