from wagtail.admin.forms import WagtailAdminPageForm

from .services import accessible_alternative_error


class ResourcePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Like required fields, the rule waits until publishing (or submitting for
        # moderation): a draft may be saved before the accessible version is written.
        if not self.is_deferred_validation:
            error = accessible_alternative_error(
                cleaned_data.get("document"), cleaned_data.get("body"), cleaned_data.get("text_version"),
            )
            if error:
                self.add_error("body", error)
        return cleaned_data
