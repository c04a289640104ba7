"""Is an uploaded file what its name says? Every upload (Wagtail documents and images, roadshow
media, branding assets) is checked here by its content, its first bytes ("magic numbers", read
by puremagic), as well as by its extension (each upload's own list of allowed extensions).

A web page renamed report.pdf, an SVG renamed logo.png or a .docx that is not a Word file is
refused with a message saying what the file really is. The content check adds to the serving
protections, which stay: files are served with the content type of their extension and
`X-Content-Type-Options: nosniff`, and no HTML or SVG extension is allowed where files are public.

Rules by kind of file:
- formats with a signature (PDF, images, Office and OpenDocument files, ZIP, video, most audio)
  must show that signature: anything else, even content we cannot recognise, is refused;
- text formats (CSV, TXT, WebVTT captions) have no signature: they are refused only when their
  content is a web page (HTML or SVG) or a program;
- MP3 has no reliable signature (ID3 tags are optional): it is refused only when its content is
  recognisably something else;
- an extension not listed here is left to the extension lists, which refuse it anyway.
"""
import os

import puremagic
from django.core.exceptions import ValidationError

from branding.files import file_type_label

HEAD_BYTES = 64 * 1024  # enough for every signature, without reading a whole video

JPEG = {".jpg", ".jpeg", ".jfif", ".jpe"}
# Office Open XML, OpenDocument and ZIP files are all ZIP archives inside.
ZIP = {".zip", ".docx", ".dotx", ".pptx", ".potx", ".xlsx", ".odt", ".odp", ".ods"}
ISO_MEDIA = {".mp4", ".m4a", ".m4v", ".mov", ".f4a"}  # the "ftyp" family: brands vary by encoder

# Allowed extension -> what puremagic may call the content.
SIGNED = {
    "pdf": {".pdf"}, "png": {".png"}, "jpg": JPEG, "jpeg": JPEG, "gif": {".gif"}, "webp": {".webp"},
    "svg": {".svg"}, "eps": {".eps", ".epsf", ".ps"}, "rtf": {".rtf"},
    "docx": ZIP, "dotx": ZIP, "pptx": ZIP, "potx": ZIP, "xlsx": ZIP, "odt": ZIP, "zip": ZIP,
    "mp4": ISO_MEDIA, "m4a": ISO_MEDIA, "webm": {".webm"}, "ogg": {".ogg", ".oga"}, "wav": {".wav"},
}
UNSIGNED = {"mp3": {".mp3", ".mpga"}}
TEXT = {"csv", "txt", "vtt"}

WEB_PAGE = {".html", ".htm", ".xhtml", ".shtml"}
PROGRAM = {".exe", ".dll", ".msi", ".elf"}
# What puremagic found, in words, most telling first.
DESCRIPTIONS = [
    (WEB_PAGE, "a web page"), ({".svg"}, "an SVG image"), (PROGRAM, "a program"), ({".pdf"}, "a PDF"),
    ({".png"}, "a PNG image"), (JPEG, "a JPEG image"), ({".gif"}, "a GIF image"), ({".webp"}, "a WebP image"),
    ({".rtf"}, "a rich text document"), (ZIP, "a ZIP file"),
    (ISO_MEDIA | {".webm", ".ogg", ".wav", ".mp3"}, "a sound or video file"), ({".xml"}, "an XML file"),
]


def check_file_content(file, name=None):
    """Raise ValidationError, with a message for staff, when the content of `file` (an uploaded
    or stored file, read from its start) is not what its extension (of `name`) says."""
    name = name or getattr(file, "name", "") or ""
    extension = os.path.splitext(name)[1].lstrip(".").lower()
    if extension not in SIGNED and extension not in UNSIGNED and extension not in TEXT:
        return
    found = _recognise(_head(file))
    if found is None:
        return  # empty: the form field says so
    if extension in SIGNED:
        if found & SIGNED[extension]:
            return
    elif extension in UNSIGNED:
        if not found or found & UNSIGNED[extension]:
            return
    elif not found & (WEB_PAGE | {".svg"} | PROGRAM):
        return
    label = file_type_label(name)
    if label.split()[0] in {"Text", "Rich", "File"}:  # "not a real text file", mid-sentence
        label = label[0].lower() + label[1:]
    what = _describe(found)
    said = f"its content is {what}" if what else "we cannot tell what is in it"
    raise ValidationError(f"This file is not a real {label}: {said}. Upload the {label} itself.",
                          code="wrong_content")


def validate_file_content(value):
    """A model field validator: checks a newly uploaded file (a file already stored was checked
    when it was uploaded, and is not read again from storage on every save)."""
    if getattr(value, "_committed", False):
        return
    check_file_content(value.file, value.name)


def _head(file):
    position = file.tell() if hasattr(file, "tell") else None
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(position or 0)
    return head


def _recognise(head):
    """The extensions puremagic gives the content (an empty set when it cannot tell), or None
    for an empty file. Leading white space and a byte order mark are skipped, as browsers skip
    them when they decide a file is a web page."""
    if not head:
        return None
    found = set()
    for data in {head, head.removeprefix(b"\xef\xbb\xbf").lstrip()}:
        if not data:
            continue
        try:
            found |= {match.extension.lower() for match in puremagic.magic_string(data)}
        except puremagic.PureError:
            pass
    return found


def _describe(found):
    for extensions, words in DESCRIPTIONS:
        if found & extensions:
            return words
    return None
