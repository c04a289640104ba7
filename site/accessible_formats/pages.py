"""How a publication page type offers "Ask for this in another format": inherit this mixin. The
link itself is one include in base.html, shown on every page whose type offers it."""
from django.urls import reverse


class OffersOtherFormats:
    offers_other_formats = True

    @property
    def other_formats_url(self):
        return reverse("accessible_formats:request", args=[self.pk])
