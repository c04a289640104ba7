"""Small, valid demo files made in code: a Word document, a PowerPoint presentation, a PNG
logo and PDFs (the highlight reports, the roadshow slides, the style guide, resources).

Written by hand rather than adding document libraries as dependencies: the demo only needs real
files that open in any reader. The same input always gives the same bytes (no timestamps), so
loading the demo twice changes nothing and a changed text shows as a changed file hash.
Demo only: real files are uploaded by staff."""
import io
import zipfile
from xml.sax.saxutils import escape

BRAND_PURPLE = "4C2C69"
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _zip(parts):
    """An Office Open XML package: [Content_Types].xml first, fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (XML_HEAD + text).encode("utf-8"))
    return buffer.getvalue()


def _relationships(*rels):
    items = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in rels)
    return f'<Relationships xmlns="{RELATIONSHIPS_NS}">{items}</Relationships>'


def _core_properties(title):
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>Walsall Together</dc:creator>"
        "<dc:language>en-GB</dc:language></cp:coreProperties>"
    )


def _package_rels():
    return _relationships(
        ("rId1", f"{OFFICE_REL}/officeDocument", "{main}"),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
         "docProps/core.xml"),
    )


# --- Word ----------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(title, paragraphs):
    """A Word document: `title` as the Title style, then (style, text) paragraphs where
    style is "Heading1" or "Normal"."""
    body = [_word_paragraph("Title", title)] + [_word_paragraph(style, text) for style, text in paragraphs]
    document = (
        f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(body)}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )
    styles = (
        f'<w:styles xmlns:w="{W_NS}">'
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
        '<w:sz w:val="24"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="160"/></w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
        f'<w:rPr><w:b/><w:color w:val="{BRAND_PURPLE}"/><w:sz w:val="48"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr>'
        f'<w:rPr><w:b/><w:color w:val="{BRAND_PURPLE}"/><w:sz w:val="32"/></w:rPr></w:style>'
        "</w:styles>"
    )
    content_types = (
        f'<Types xmlns="{CONTENT_TYPES_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )
    return _zip([
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", _package_rels().replace("{main}", "word/document.xml")),
        ("docProps/core.xml", _core_properties(title)),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", _relationships(("rId1", f"{OFFICE_REL}/styles", "styles.xml"))),
        ("word/styles.xml", styles),
    ])


def _word_paragraph(style, text):
    return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')


# --- PowerPoint ----------------------------------------------------------------------------

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
PML_NAMESPACES = f'xmlns:a="{A_NS}" xmlns:r="{OFFICE_REL}" xmlns:p="{P_NS}"'
EMPTY_SHAPE_TREE = (
    '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
    '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{shapes}</p:spTree>'
)


def make_pptx(title, subtitle):
    """A one-slide, widescreen PowerPoint presentation with a title and a subtitle."""
    shapes = (
        _text_box(2, "Title", 838200, 2130425, 10515600, 1470025, title, size=4000, bold=True,
                  colour=BRAND_PURPLE)
        + _text_box(3, "Subtitle", 838200, 3886200, 10515600, 1752600, subtitle, size=2400)
    )
    slide = (f"<p:sld {PML_NAMESPACES}><p:cSld>{EMPTY_SHAPE_TREE.format(shapes=shapes)}</p:cSld>"
             "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>")
    layout = (f'<p:sldLayout {PML_NAMESPACES} type="blank" preserve="1"><p:cSld name="Blank">'
              f'{EMPTY_SHAPE_TREE.format(shapes="")}</p:cSld>'
              "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>")
    master = (
        f"<p:sldMaster {PML_NAMESPACES}><p:cSld>"
        '<p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>'
        f'{EMPTY_SHAPE_TREE.format(shapes="")}</p:cSld>'
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
        'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
        'folHlink="folHlink"/>'
        '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst>'
        "<p:txStyles><p:titleStyle/><p:bodyStyle/><p:otherStyle/></p:txStyles></p:sldMaster>"
    )
    presentation = (
        f'<p:presentation {PML_NAMESPACES} saveSubsetFonts="1">'
        '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        '<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst>'
        '<p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/>'
        "</p:presentation>"
    )
    pml = "application/vnd.openxmlformats-officedocument.presentationml"
    content_types = (
        f'<Types xmlns="{CONTENT_TYPES_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/ppt/presentation.xml" ContentType="{pml}.presentation.main+xml"/>'
        f'<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="{pml}.slideMaster+xml"/>'
        f'<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="{pml}.slideLayout+xml"/>'
        f'<Override PartName="/ppt/slides/slide1.xml" ContentType="{pml}.slide+xml"/>'
        '<Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )
    return _zip([
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", _package_rels().replace("{main}", "ppt/presentation.xml")),
        ("docProps/core.xml", _core_properties(title)),
        ("ppt/presentation.xml", presentation),
        ("ppt/_rels/presentation.xml.rels", _relationships(
            ("rId1", f"{OFFICE_REL}/slideMaster", "slideMasters/slideMaster1.xml"),
            ("rId2", f"{OFFICE_REL}/slide", "slides/slide1.xml"),
            ("rId3", f"{OFFICE_REL}/theme", "theme/theme1.xml"),
        )),
        ("ppt/slideMasters/slideMaster1.xml", master),
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels", _relationships(
            ("rId1", f"{OFFICE_REL}/slideLayout", "../slideLayouts/slideLayout1.xml"),
            ("rId2", f"{OFFICE_REL}/theme", "../theme/theme1.xml"),
        )),
        ("ppt/slideLayouts/slideLayout1.xml", layout),
        ("ppt/slideLayouts/_rels/slideLayout1.xml.rels", _relationships(
            ("rId1", f"{OFFICE_REL}/slideMaster", "../slideMasters/slideMaster1.xml"),
        )),
        ("ppt/slides/slide1.xml", slide),
        ("ppt/slides/_rels/slide1.xml.rels", _relationships(
            ("rId1", f"{OFFICE_REL}/slideLayout", "../slideLayouts/slideLayout1.xml"),
        )),
        ("ppt/theme/theme1.xml", _theme()),
    ])


def _text_box(shape_id, name, x, y, width, height, text, size, bold=False, colour="000000"):
    bold_attr = ' b="1"' if bold else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        '<p:txBody><a:bodyPr wrap="square"><a:normAutofit/></a:bodyPr><a:lstStyle/>'
        f'<a:p><a:r><a:rPr lang="en-GB" sz="{size}"{bold_attr} dirty="0">'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill><a:latin typeface="Arial"/></a:rPr>'
        f"<a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def _theme():
    colours = [("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "2D1A3F"), ("lt2", "E8EDEE"),
               ("accent1", BRAND_PURPLE), ("accent2", "005EB8"), ("accent3", "007F3B"), ("accent4", "FFB81C"),
               ("accent5", "DA291C"), ("accent6", "425563"), ("hlink", "005EB8"), ("folHlink", "330072")]
    colour_scheme = "".join(f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>' for name, value in colours)
    fonts = '<a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/>'
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525">{solid}</a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    return (
        f'<a:theme xmlns:a="{A_NS}" name="Walsall Together"><a:themeElements>'
        f'<a:clrScheme name="Walsall Together">{colour_scheme}</a:clrScheme>'
        f'<a:fontScheme name="Walsall Together"><a:majorFont>{fonts}</a:majorFont>'
        f"<a:minorFont>{fonts}</a:minorFont></a:fontScheme>"
        f'<a:fmtScheme name="Walsall Together"><a:fillStyleLst>{solid * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst><a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst></a:fmtScheme>"
        "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


# --- PNG -----------------------------------------------------------------------------------

def make_png(text, width=600, height=200):
    """A logo-like PNG: white text on the brand purple."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (width, height), f"#{BRAND_PURPLE}")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=height // 4)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((width - (right - left)) / 2 - left, (height - (bottom - top)) / 2 - top), text, fill="white", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# --- PDF -----------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 595, 842, 56  # A4 in points


def make_pdf(title, paragraphs):
    """An A4 PDF in Helvetica: `title`, then (style, text) paragraphs where style is
    "heading" or "text". Long text wraps and runs onto more pages. Text outside
    Windows-1252 becomes "?"."""
    lines = [("title", line) for line in _wrap(title, 36)] + [("gap", "")]
    for style, text in paragraphs:
        lines += [(style, line) for line in _wrap(text, 48 if style == "heading" else 85)] + [("gap", "")]
    sizes = {"title": (22, 30), "heading": (15, 22), "text": (11, 15), "gap": (11, 8)}
    pages, current, y = [], [], PAGE_HEIGHT - MARGIN
    for style, text in lines:
        size, leading = sizes[style]
        if y - leading < MARGIN:
            pages.append(current)
            current, y = [], PAGE_HEIGHT - MARGIN
        y -= leading
        if text:
            font = "F2" if style in ("title", "heading") else "F1"
            current.append(f"BT /{font} {size} Tf {MARGIN} {y} Td ({_pdf_text(text)}) Tj ET")
    pages.append(current)

    objects = {
        1: "<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) /ViewerPreferences << /DisplayDocTitle true >> >>",
        3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        5: f"<< /Title <FEFF{title.encode('utf-16-be').hex().upper()}> /Author (Walsall Together) >>",
    }
    kids = []
    for index, commands in enumerate(pages):
        page_id, content_id = 6 + 2 * index, 7 + 2 * index
        kids.append(f"{page_id} 0 R")
        objects[page_id] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_id} 0 R >>")
        stream = "\n".join(commands)
        objects[content_id] = f"<< /Length {len(stream.encode('cp1252'))} >>\nstream\n{stream}\nendstream"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(output)
        output += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("cp1252")
    xref_at = len(output)
    count = max(objects) + 1
    output += f"xref\n0 {count}\n0000000000 65535 f \n".encode()
    for number in range(1, count):
        output += f"{offsets[number]:010d} 00000 n \n".encode()
    output += f"trailer\n<< /Size {count} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(output)


def _wrap(text, width):
    import textwrap

    return textwrap.wrap(text, width) or [""]


def _pdf_text(text):
    text = text.encode("cp1252", "replace").decode("cp1252")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
