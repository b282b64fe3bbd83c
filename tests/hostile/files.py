"""Builders of bad workbooks, from a real file: parts of the zip rewritten as a hostile or careless user would.

Each builder takes the bytes of a good file and returns the bytes of a bad one. Sheet parts are named as
openpyxl writes them (the template's sheets in order: Veiledning sheet1 … Tekster sheet6, _mal sheet7).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

from openpyxl import load_workbook

TEMPLATE_PARTS = {
    "Veiledning": "xl/worksheets/sheet1.xml",
    "Prosjekt": "xl/worksheets/sheet2.xml",
    "Milepæler": "xl/worksheets/sheet3.xml",
    "Poeng": "xl/worksheets/sheet4.xml",
    "Indikatorer": "xl/worksheets/sheet5.xml",
    "Tekster": "xl/worksheets/sheet6.xml",
    "_mal": "xl/worksheets/sheet7.xml",
}


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(contents: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, blob in contents.items():
            archive.writestr(name, blob)
    return out.getvalue()


def edit_part(data: bytes, part: str, change) -> bytes:
    """The file with one part rewritten by ``change(bytes) -> bytes``."""
    contents = parts(data)
    contents[part] = change(contents[part])
    return rezip(contents)


def add_parts(data: bytes, extra: dict[str, bytes]) -> bytes:
    contents = parts(data)
    contents.update(extra)
    return rezip(contents)


def append_rows(data: bytes, sheet: str, rows_xml: str) -> bytes:
    """Rows (XML) added at the end of a sheet's data."""
    return edit_part(
        data, TEMPLATE_PARTS[sheet], lambda x: x.replace(b"</sheetData>", rows_xml.encode() + b"</sheetData>")
    )


def extra_cell(data: bytes, sheet: str, ref: str, text: str = "x") -> bytes:
    row = re.sub(r"^[A-Z]+", "", ref)
    return append_rows(data, sheet, f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>')


def set_dimension(data: bytes, sheet: str, ref: str) -> bytes:
    return edit_part(
        data, TEMPLATE_PARTS[sheet], lambda x: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), x)
    )


def replace_cell(data: bytes, sheet: str, ref: str, cell_xml: str) -> bytes:
    """A cell's XML replaced (the cell must exist in the part, as input cells of a template do)."""

    def change(xml: bytes) -> bytes:
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', re.S)
        assert pattern.search(xml), f"{sheet}!{ref} not in the part"
        return pattern.sub(cell_xml.encode(), xml, count=1)

    return edit_part(data, TEMPLATE_PARTS[sheet], change)


def with_doctype(data: bytes, part: str, doctype: str) -> bytes:
    """A DTD put in front of a part's root element (entity expansion, external entities)."""

    def change(xml: bytes) -> bytes:
        if xml.startswith(b"<?xml"):
            head, _, rest = xml.partition(b"?>")
            return head + b"?>" + doctype.encode() + rest
        return doctype.encode() + xml

    return edit_part(data, part, change)


BILLION_LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)
EXTERNAL_ENTITY = '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def zip_bomb(data: bytes, megabytes: int = 150) -> bytes:
    """A real workbook with one more part that unpacks to ``megabytes`` of spaces."""
    return add_parts(data, {"xl/media/padding.xml": b" " * (megabytes * 1024 * 1024)})


def many_entries(data: bytes, count: int = 2_000) -> bytes:
    return add_parts(data, {f"xl/media/x{n}.bin": b"" for n in range(count)})


def encrypted_entry(data: bytes) -> bytes:
    """The zip's first entry flagged as encrypted (as a zip password tool writes it)."""
    blob = bytearray(data)
    at = blob.find(b"PK\x01\x02")
    flags = struct.unpack("<H", blob[at + 8 : at + 10])[0] | 0x1
    blob[at + 8 : at + 10] = struct.pack("<H", flags)
    return bytes(blob)


def size_lie(data: bytes, part: str) -> bytes:
    """A part whose declared unpacked size (central directory) is smaller than what it unpacks to."""
    contents = parts(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in contents.items():
            archive.writestr(name, blob)
    blob = bytearray(out.getvalue())
    at = 0
    while (at := blob.find(b"PK\x01\x02", at)) >= 0:
        name_len = struct.unpack("<H", blob[at + 28 : at + 30])[0]
        if bytes(blob[at + 46 : at + 46 + name_len]).decode() == part:
            blob[at + 24 : at + 28] = struct.pack("<I", 100)
        at += 4
    return bytes(blob)


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # an encrypted Office file is an OLE container
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
CSV = "Prosjekt;Brukte midler\nEldreløftet;900 000\n".encode()
HTML = b"<html><body><table><tr><td>Prosjekt</td></tr></table></body></html>"


def docx_like() -> bytes:
    """A zip that is a Word document, not a workbook."""
    return rezip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def styles_flood(data: bytes, count: int = 20_000) -> bytes:
    flood = b'<cellXfs count="%d">' % count + b'<xf numFmtId="0" fontId="0"/>' * count + b"</cellXfs>"
    return edit_part(data, "xl/styles.xml", lambda x: re.sub(rb"<cellXfs.*?</cellXfs>", flood, x, flags=re.S))


def shared_count_lie(data: bytes) -> bytes:
    return edit_part(
        data, "xl/sharedStrings.xml", lambda x: re.sub(rb'uniqueCount="\d+"', b'uniqueCount="1000000000"', x)
    )


def many_sheets(data: bytes, count: int = 60) -> bytes:
    def change(xml: bytes) -> bytes:
        ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        extra = "".join(f'<sheet {ns} name="Ekstra{n}" sheetId="{100 + n}" r:id="rIdX{n}"/>' for n in range(count))
        return xml.replace(b"</sheets>", extra.encode() + b"</sheets>")

    return edit_part(data, "xl/workbook.xml", change)


def edit_book(data: bytes, edit) -> bytes:
    """The workbook opened with openpyxl, changed by ``edit(book)``, saved again."""
    book = load_workbook(io.BytesIO(data))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
