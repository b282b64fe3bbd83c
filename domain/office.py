"""Parts of Office files (xlsx, docx, pptx) that the writing libraries fill with their own name.

openpyxl writes «Microsoft Excel Compatible / Openpyxl» into every workbook's docProps/app.xml (hard-coded
in its writer); python-docx and python-pptx copy «Microsoft Macintosh Word/PowerPoint» from their templates.
A user who opens a file's properties sees the product instead (the session-19 and session-20 trials).
Standard library only: the three producers (components, etl, reports) all import this layer.
"""

from __future__ import annotations

import io
import zipfile

from domain.vocabulary import PRODUCT

APP_PART = "docProps/app.xml"

APP_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>{application}</Application>{more}</Properties>"
)


THEME_NAMES = {
    'name="Office Theme"': f'name="{PRODUCT}"',
    '<a:clrScheme name="Office"': f'<a:clrScheme name="{PRODUCT}"',
    '<a:fontScheme name="Office"': f'<a:fontScheme name="{PRODUCT}"',
    '<a:fmtScheme name="Office"': f'<a:fmtScheme name="{PRODUCT}"',
}
"""The theme, its colours, fonts and effects as the libraries' templates name them, and our names for them."""


def is_theme(name: str) -> bool:
    """A theme part: xl/theme/theme1.xml, /ppt/theme/theme2.xml (a deck's notes master has its own)."""
    return "/theme/theme" in f"/{name.lstrip('/')}" and name.endswith(".xml")


def own_theme(part: bytes) -> bytes:
    """A theme part with THEME_NAMES replaced."""
    for old, new in THEME_NAMES.items():
        part = part.replace(old.encode(), new.encode())
    return part


def app_properties(more: str = "") -> bytes:
    """docProps/app.xml naming the product; ``more`` is further XML inside <Properties> (a deck's slide count)."""
    return APP_PROPERTIES.format(application=PRODUCT, more=more).encode()


def with_own_parts(package: bytes) -> bytes:
    """An Office file (zip bytes) with its docProps/app.xml written anew (app_properties) and its theme named
    by us (own_theme); every other part as it was, in the same order and compression."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = app_properties() if item.filename == APP_PART else source.read(item)
            target.writestr(item, own_theme(data) if is_theme(item.filename) else data)
    return out.getvalue()
