"""How a file is described to readers ("Word document, 42 KB") and served (its content type).

Used by the branding library and by public resources, so a file reads the same everywhere.
"""
import os

# extension -> (what readers call it, content type)
FILE_TYPES = {
    "doc": ("Word document", "application/msword"),
    "docx": ("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "dotx": ("Word template", "application/vnd.openxmlformats-officedocument.wordprocessingml.template"),
    "ppt": ("PowerPoint presentation", "application/vnd.ms-powerpoint"),
    "pptx": ("PowerPoint presentation",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "potx": ("PowerPoint template", "application/vnd.openxmlformats-officedocument.presentationml.template"),
    "xlsx": ("Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("OpenDocument text", "application/vnd.oasis.opendocument.text"),
    "odp": ("OpenDocument presentation", "application/vnd.oasis.opendocument.presentation"),
    "rtf": ("Rich text document", "application/rtf"),
    "txt": ("Text file", "text/plain"),
    "csv": ("CSV spreadsheet", "text/csv"),
    "pdf": ("PDF", "application/pdf"),
    "png": ("PNG image", "image/png"),
    "jpg": ("JPEG image", "image/jpeg"),
    "jpeg": ("JPEG image", "image/jpeg"),
    "svg": ("SVG image", "image/svg+xml"),
    "eps": ("EPS image", "application/postscript"),
    "zip": ("ZIP file", "application/zip"),
}
UNKNOWN_TYPE = ("File", "application/octet-stream")


def extension(filename):
    return os.path.splitext(filename or "")[1].lstrip(".").lower()


def file_type_label(filename):
    """ "Word document" for report.docx; the upper-case extension for a type we do not know."""
    ext = extension(filename)
    if ext in FILE_TYPES:
        return FILE_TYPES[ext][0]
    return f"{ext.upper()} file" if ext else UNKNOWN_TYPE[0]


def content_type(filename):
    return FILE_TYPES.get(extension(filename), UNKNOWN_TYPE)[1]


def human_size(size):
    """ "42 KB", "1.5 MB": whole kilobytes (at least 1) below a megabyte, one decimal above."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    megabytes = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return f"{megabytes} MB"


def describe_file(filename, size):
    """ "Word document, 42 KB" (or just the type when the size is not known)."""
    label = file_type_label(filename)
    return f"{label}, {human_size(size)}" if size is not None else label
