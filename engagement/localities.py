"""Walsall's four localities, UK postcodes, and which locality a postcode is probably in.

The district map below is APPROXIMATE and meant to be edited: postcode districts do not follow
locality (or borough) boundaries, so it only *suggests* a locality. The applicant sees the
suggestion before sending and can change it, and staff can correct it in the admin.
"""
import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Locality(models.TextChoices):
    NORTH = "north", _("North")
    SOUTH = "south", _("South")
    EAST = "east", _("East")
    WEST = "west", _("West")
    OUTSIDE = "outside", _("Outside Walsall")


# Postcode district -> locality. Districts that are mostly outside the borough (WS6 Great Wyrley,
# WS7 Burntwood, WS11 and above in Staffordshire, WV14 Bilston) are left out, so no locality is
# suggested for them. Where a district crosses a boundary, it goes to the locality most of its
# Walsall addresses are in; edit to match the localities Walsall Together uses.
DISTRICT_LOCALITIES = {
    "WS1": Locality.SOUTH,   # town centre, Caldmore, Palfrey
    "WS2": Locality.WEST,    # Birchills, Pleck, Bentley, Alumwell (parts are South)
    "WS3": Locality.NORTH,   # Bloxwich, Blakenall, Pelsall, Goscote
    "WS4": Locality.NORTH,   # Rushall, Shelfield
    "WS5": Locality.SOUTH,   # Park Hall, Yew Tree, The Delves
    "WS8": Locality.NORTH,   # Brownhills, Clayhanger
    "WS9": Locality.EAST,    # Aldridge, Walsall Wood, Stonnall
    "WS10": Locality.WEST,   # Darlaston, Moxley (Wednesbury is in Sandwell)
    "WV12": Locality.WEST,   # Willenhall north, Short Heath, New Invention
    "WV13": Locality.WEST,   # Willenhall
    "B43": Locality.EAST,    # Pheasey, Great Barr (partly Sandwell and Birmingham)
    "B74": Locality.EAST,    # Streetly (Four Oaks is in Birmingham)
}

# The full UK format: outward code (area, district, optional sub-district letter) then the
# inward code (sector digit and unit letters). GIR 0AA is the one historic exception.
POSTCODE = re.compile(
    r"^(?P<outward>[A-Z]{1,2}[0-9][A-Z0-9]?)(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})$|^(?P<gir>GIR0AA)$"
)


def normalise_postcode(value):
    """'ws11aa' or ' WS1  1AA ' -> 'WS1 1AA'; None when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = POSTCODE.match(compact)
    if not match:
        return None
    if match.group("gir"):
        return "GIR 0AA"
    return f"{match.group('outward')} {match.group('inward')}"


def postcode_district(postcode):
    """The outward code ('WS1' of 'WS1 1AA'), or '' for something that is not a postcode."""
    normalised = normalise_postcode(postcode)
    return normalised.split(" ")[0] if normalised else ""


def suggest_locality(postcode):
    """The locality a postcode is probably in, or '' when we cannot tell (or it is not in Walsall)."""
    return DISTRICT_LOCALITIES.get(postcode_district(postcode), "")
