"""A page's blocks rendered with a fixed number of queries, however many there are.

Left alone, Wagtail looks up each image's rendition when the image is shown, and the pages and
documents linked from each rich text block when that block is shown: a page with 30 paragraphs
and 30 pictures costs some 90 queries. `prefetch_page_content(page)` does that work up front for
every StreamField of the page, nested blocks included: the renditions of all its images in one
query, and the links of all its rich text in one query per kind of link (pages: one more per
page type).
"""
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from wagtail.blocks import ListBlock, StreamValue, StructValue
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText, expand_db_html

# Joins rich texts so that they are expanded in one pass; a comment never occurs inside the
# link and embed tags being rewritten, so the pieces split apart exactly.
_SEPARATOR = "<!--wagtail-rich-text-boundary-->"


class ExpandedRichText(RichText):
    """A rich text value whose links were already expanded (with others, in one batch). Its
    `source` stays the stored form, so saving the page would store what it always did."""

    def __init__(self, source, html):
        super().__init__(source)
        self.html = html

    def __html__(self):
        return render_to_string("wagtailcore/shared/richtext.html", {"html": self.html})


def prefetch_page_content(page):
    streams = [
        getattr(page, field.name) for field in page._meta.concrete_fields if isinstance(field, StreamField)
    ]
    prefetch_stream_content(*streams)


def prefetch_stream_content(*streams):
    images, texts = [], []
    for stream in streams:
        for value, replace in _values(stream):
            if isinstance(value, AbstractImage):
                images.append(value)
            elif isinstance(value, RichText) and not isinstance(value, ExpandedRichText) and value.source:
                texts.append((value, replace))
    if images:
        prefetch_related_objects(images, "renditions")
    if texts:
        expanded = expand_db_html(_SEPARATOR.join(text.source for text, _ in texts)).split(_SEPARATOR)
        if len(expanded) == len(texts):  # never otherwise; then each text expands itself as usual
            for (text, replace), html in zip(texts, expanded):
                replace(ExpandedRichText(text.source, html))


def _values(value):
    """(value, replace) for every value nested in a block value; replace(new) puts `new` in its place."""
    if isinstance(value, StreamValue):
        for child in value:
            yield from _child(child)
    elif isinstance(value, StructValue):
        for key, item in list(value.items()):
            yield item, _setter(value, key)
            yield from _values(item)
    elif isinstance(getattr(value, "list_block", None), ListBlock):
        for child in value.bound_blocks:
            yield from _child(child)


def _child(bound_block):
    yield bound_block.value, lambda new: setattr(bound_block, "value", new)
    yield from _values(bound_block.value)


def _setter(mapping, key):
    def replace(new):
        mapping[key] = new

    return replace
