from django import forms
from wagtail.admin.forms import WagtailAdminPageForm


class HighlightReportPageForm(WagtailAdminPageForm):
    """The admin form: a month picker, and a title and slug that may be left empty (the page
    then names itself after the month, see HighlightReportPage.set_month_defaults)."""

    month = forms.DateField(
        label="Month",
        input_formats=["%Y-%m", "%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="The month of the Partnership Board meeting, for example 2020-11. "
                  "There is one report a month.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = (
            'Leave empty to use "Highlight report" and the month, for example "Highlight report November 2020".'
        )
        if "slug" in self.fields:
            self.fields["slug"].required = False


class HighlightReportFilterForm(forms.Form):
    """The index page's filters. Values that are not among the choices are simply ignored."""

    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None,
                                  widget=forms.Select(attrs={"class": "nhsuk-select"}))
    topic = forms.ChoiceField(label="Topic", required=False, widget=forms.Select(attrs={"class": "nhsuk-select"}))

    def __init__(self, data, *, years, topic_groups):
        """years: ints, newest first; topic_groups: [(group heading, [Topic])]."""
        super().__init__(data)
        self.fields["year"].choices = [("", "All years")] + [(year, str(year)) for year in years]
        self.fields["topic"].choices = [("", "All topics")] + [
            (heading, [(topic.slug, topic.name) for topic in topics]) for heading, topics in topic_groups
        ]

    def filters(self):
        """The valid filters given, as {"year": int, "topic": slug}; invalid ones are left out."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}
