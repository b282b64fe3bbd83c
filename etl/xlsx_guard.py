"""Bounded checks of an .xlsx file before any reader (openpyxl, python-calamine) sees it.

A workbook is a zip of XML parts, and a reader trusts what they declare: one cell at XFD1048576 makes
python-calamine allocate a grid of 17 billion cells, a declared dimension or a billion-laughs entity does
the same to other readers. So every XML part is streamed once through expat with defusedxml's refusals (no
DTD, no entities, no external references) installed as its handlers, counting as it goes and stopping at the
first limit passed; nothing is read whole before its size is checked. A part whose elements are not counted
is parsed without a Python call per element (decision 170). The limits fit the real forms with generous
headroom: the reporting template has tens of rows (at most 515 milestone rows), the round report workbook a
few hundred (the autumn 2025 workbook: 13 sheets, under 100 rows, 35 KB of XML per sheet at most).

All limits are here, as named constants (decision 56).
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from domain.problems import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024  # the file as uploaded
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # all parts unpacked
MAX_PART_BYTES = 50 * 1024 * 1024  # one part unpacked
MAX_COMPRESSION_RATIO = 200  # unpacked / packed, the whole file
MAX_ZIP_ENTRIES = 1_000
MAX_SHEETS = 50
MAX_ROWS = 5_000  # the highest row a cell, a row, a dimension or a merged range may name
MAX_COLUMNS = 200  # the highest column (GR)
MAX_CELLS = 250_000  # cells in the whole workbook, merged areas counted cell by cell
MAX_MERGED_RANGES = 5_000
MAX_CELL_TEXT = 32_767  # Excel's own limit for one cell
MAX_SHARED_STRINGS = 250_000
MAX_SHARED_TEXT = 10_000_000  # characters of text in the whole workbook: shared strings and text in cells
MAX_STYLES = 10_000  # cell formats (xf) in styles.xml

_CHUNK = 64 * 1024
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_SHEET_TYPE = "/worksheet"
LIMIT_TEXT = f"høyst {MAX_ROWS:,} rader og {MAX_COLUMNS} kolonner".replace(",", " ")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


LAST_CELL = f"{column_letters(MAX_COLUMNS)}{MAX_ROWS}"


class Refusal(Exception):
    """A limit passed or a part that is not plain XML; ``problem`` says where, in Norwegian."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Inspection:
    """What the checks learnt on the way: the sheets' names (in order), whether any cell holds a formula,
    and the merged ranges per sheet (a template must have none). ``problems``: why the file must not be opened
    at all; ``unreadable``: cells whose value cannot be read (a formula without a cached value, an error
    value), listed beside whatever else the file's content check finds (the session-21 trial: a leader saw one
    such cell, fixed it, and only then the twelve other errors of the same file)."""

    problems: list[Problem] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)
    has_formulas: bool = False
    merged: list[tuple[str, str]] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unreadable

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + self.unreadable


def _local(name: str) -> str:
    """«c» for «c» and «x:c» (a producer may prefix the main namespace)."""
    return name if ":" not in name else name.rpartition(":")[2]


def _attr(attrs, local: str) -> str | None:
    value = attrs.get(local)
    if value is not None:
        return value
    for name, value in attrs.items():
        if name.rpartition(":")[2] == local:
            return value
    return None


def _outside(sheet: str, ref: str, what: str) -> Refusal:
    return Refusal(
        Problem(
            sheet,
            ref,
            f"Arket «{sheet}» har {what} i {ref}, utenfor det en rapport kan bruke ({LIMIT_TEXT}, til "
            f"{LAST_CELL}). Slett innhold og formatering utenfor tabellene og lagre filen på nytt.",
        )
    )


class _Counter:
    """Counts shared by all parts of one workbook."""

    def __init__(self) -> None:
        self.cells = 0
        self.shared_strings = 0
        self.shared_text = 0
        self.long_strings: set[int] = set()  # shared strings longer than a cell may hold, by index


class _Part:
    """Any XML part: only well-formed, without DTD and entities (defusedxml's refusals). A subclass that
    counts defines ``startElement(name, attrs)``, ``endElement(name)`` or ``characters(text)``, as xml.sax
    names them; ``attrs`` is a dict."""

    def __init__(self, inspection: Inspection, counter: _Counter, where: str) -> None:
        self.inspection = inspection
        self.counter = counter
        self.where = where


class _WorkbookPart(_Part):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.sheets: list[tuple[str, str | None]] = []

    def startElement(self, name, attrs) -> None:
        if _local(name) == "sheet":
            if len(self.sheets) >= MAX_SHEETS:
                raise Refusal(Problem(self.where, None, f"Arbeidsboken har flere enn {MAX_SHEETS} ark."))
            self.sheets.append((_attr(attrs, "name") or "", _attr(attrs, "id")))


class _RelsPart(_Part):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.targets: dict[str, tuple[str, str]] = {}

    def startElement(self, name, attrs) -> None:
        if _local(name) == "Relationship" and len(self.targets) < MAX_ZIP_ENTRIES:
            self.targets[_attr(attrs, "Id") or ""] = (_attr(attrs, "Target") or "", _attr(attrs, "Type") or "")


class _SharedStrings(_Part):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.item_text = 0

    def _refuse(self, message: str) -> None:
        raise Refusal(Problem(self.where, None, message))

    def startElement(self, name, attrs) -> None:
        local = _local(name)
        if local == "sst":
            for key in ("count", "uniqueCount"):
                declared = _attr(attrs, key)
                if declared and (not declared.isascii() or not declared.isdigit() or len(declared) > 9):
                    self._refuse("Listen over tekster i arbeidsboken (sharedStrings) er skadet.")
                if declared and int(declared) > MAX_SHARED_STRINGS and key == "uniqueCount":
                    self._refuse(f"Arbeidsboken har flere enn {MAX_SHARED_STRINGS:,} ulike tekster.".replace(",", " "))
        elif local == "si":
            self.counter.shared_strings += 1
            self.item_text = 0
            if self.counter.shared_strings > MAX_SHARED_STRINGS:
                self._refuse(f"Arbeidsboken har flere enn {MAX_SHARED_STRINGS:,} ulike tekster.".replace(",", " "))

    def characters(self, content: str) -> None:
        self.item_text += len(content)
        self.counter.shared_text += len(content)
        if self.item_text > MAX_CELL_TEXT:
            self.counter.long_strings.add(self.counter.shared_strings - 1)  # refused where a cell uses it
        if self.counter.shared_text > MAX_SHARED_TEXT:
            self._refuse(f"Arbeidsboken har mer enn {MAX_SHARED_TEXT:,} tegn tekst.".replace(",", " "))


class _Styles(_Part):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.styles = 0

    def startElement(self, name, attrs) -> None:
        if _local(name) == "xf":
            self.styles += 1
            if self.styles > MAX_STYLES:
                raise Refusal(Problem(self.where, None, f"Arbeidsboken har flere enn {MAX_STYLES} celleformater."))


class _Sheet(_Part):
    """A worksheet: the declared dimension, every row and cell reference, the cells' text, merged ranges,
    and cells whose value cannot be read (a formula without a cached value, an error value)."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.row = 0
        self.col = 0
        self.rows = 0
        self.merged = 0
        self.in_cell = False  # inside a <c>; its reference is (self.row, self.col), named by cell_ref()
        self.cell_type: str | None = None
        self.formula = False
        self.value_text = 0
        self.text_len = 0
        self.in_value = False
        self.value_chars: list[str] = []
        self.row_outside = False  # a row beyond the limits: its first cell is named, else the row

    def cell_ref(self) -> str:
        return f"{column_letters(self.col)}{self.row}"

    def _ref(self, ref: str, what: str) -> tuple[int, int]:
        match = _REF.match(ref or "")
        if match is None:
            raise Refusal(
                Problem(self.where, None, f"Arket «{self.where}» har en ugyldig cellereferanse «{ref[:20]}».")
            )
        row, col = int(match.group(2)), column_number(match.group(1))
        if row > MAX_ROWS or col > MAX_COLUMNS or row < 1:
            raise _outside(self.where, f"{match.group(1)}{match.group(2)}", what)
        return row, col

    def _range(self, ref: str, what: str) -> tuple[int, int, int, int]:
        first, _, last = (ref or "").partition(":")
        r1, c1 = self._ref(first, what)
        r2, c2 = self._ref(last, what) if last else (r1, c1)
        return r1, c1, r2, c2

    def startElement(self, name, attrs) -> None:
        local = _local(name)
        if local == "c":
            self.counter.cells += 1
            if self.counter.cells > MAX_CELLS:
                raise Refusal(
                    Problem(self.where, None, f"Arbeidsboken har flere enn {MAX_CELLS:,} celler.".replace(",", " "))
                )
            ref = _attr(attrs, "r")
            if ref:
                self.row, self.col = self._ref(ref, "en celle")
            else:
                self.col += 1
                if self.col > MAX_COLUMNS or self.row_outside:
                    raise _outside(self.where, f"{column_letters(self.col)}{max(self.row, self.rows)}", "en celle")
            self.in_cell = True
            self.cell_type = _attr(attrs, "t")
            self.formula = False
            self.value_text = 0
        elif local == "row":
            self.rows += 1
            number = _attr(attrs, "r")
            if number is not None:
                if not number.isascii() or not number.isdigit() or len(number) > 7:
                    raise Refusal(Problem(self.where, None, f"Arket «{self.where}» har et ugyldig radnummer."))
                self.row = int(number)
            else:
                self.row += 1
            self.col = 0
            self.row_outside = self.row > MAX_ROWS or self.rows > MAX_ROWS
        elif local == "dimension":
            self._range(_attr(attrs, "ref") or "A1", "en oppgitt arkstørrelse som går")
        elif local == "f" and self.in_cell:
            self.formula = True
            self.inspection.has_formulas = True
        elif local in ("v", "t") and self.in_cell:
            self.in_value = True
            self.text_len = 0
            self.value_chars = []
        elif local == "mergeCell":
            self.merged += 1
            if self.merged > MAX_MERGED_RANGES:
                raise Refusal(Problem(self.where, None, f"Arket «{self.where}» har for mange sammenslåtte celler."))
            ref = _attr(attrs, "ref") or ""
            r1, c1, r2, c2 = self._range(ref, "sammenslåtte celler som går")
            self.counter.cells += max(0, r2 - r1 + 1) * max(0, c2 - c1 + 1)
            if self.counter.cells > MAX_CELLS:
                raise Refusal(Problem(self.where, ref, "De sammenslåtte cellene dekker for mange celler."))
            self.inspection.merged.append((self.where, ref))

    def characters(self, content: str) -> None:
        if self.in_value:
            self.text_len += len(content)
            self.value_text += len(content.strip())
            if self.text_len > MAX_CELL_TEXT:
                raise self._too_long()
            if self.cell_type in ("inlineStr", "str"):  # text in the cell itself counts as shared text does
                self.counter.shared_text += len(content)  # (trial 26a: 93 MB of it passed and cost 350 MB a read)
                if self.counter.shared_text > MAX_SHARED_TEXT:
                    raise Refusal(
                        Problem(
                            self.where,
                            self.cell_ref(),
                            f"Arbeidsboken har mer enn {MAX_SHARED_TEXT:,} tegn tekst.".replace(",", " "),
                        )
                    )
            if self.cell_type == "s" and self.text_len < 12:
                self.value_chars.append(content)

    def _too_long(self) -> Refusal:
        return Refusal(
            Problem(
                self.where,
                self.cell_ref(),
                f"Cellen har mer enn {MAX_CELL_TEXT} tegn tekst, mer enn en celle i Excel kan holde.",
            )
        )

    def endElement(self, name) -> None:
        local = _local(name)
        if local == "row" and self.row_outside:
            raise _outside(self.where, f"A{max(self.row, self.rows)}", "en rad")
        if local in ("v", "t"):
            self.in_value = False
            index = "".join(self.value_chars).strip()
            if self.cell_type == "s" and index.isdigit() and int(index) in self.counter.long_strings:
                raise self._too_long()
        elif local == "c" and self.in_cell:
            if self.formula and not self.value_text:
                self.inspection.unreadable.append(
                    Problem(
                        self.where,
                        self.cell_ref(),
                        "Cellen inneholder en formel uten utregnet verdi. Skriv verdien direkte i cellen "
                        "(eller åpne filen i Excel, lagre den, og prøv igjen). En tekst som begynner med «=», "
                        "blir en formel: skriv en apostrof (') foran likhetstegnet.",
                    )
                )
            elif self.cell_type == "e":
                self.inspection.unreadable.append(
                    Problem(
                        self.where,
                        self.cell_ref(),
                        "Cellen inneholder en feilverdi (for eksempel #REF! eller #DIV/0!). Skriv verdien direkte. "
                        "En tekst som begynner med «=», blir en formel: skriv en apostrof (') foran likhetstegnet.",
                    )
                )
            self.in_cell = False


def _entry_count(data: bytes) -> int | None:
    """The number of entries the zip's end record declares, read before the central directory is parsed."""
    tail = data[-(65_535 + 22) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    return struct.unpack("<H", tail[at + 10 : at + 12])[0]


def _refuse_dtd(name, sysid, pubid, _has_internal_subset) -> None:
    raise DTDForbidden(name, sysid, pubid)


def _refuse_entity(name, _is_parameter, value, base, sysid, pubid, notation_name) -> None:
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _refuse_unparsed_entity(name, base, sysid, pubid, notation_name) -> None:
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _refuse_external(context, base, sysid, pubid) -> None:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def _parser(handler: _Part):
    """An expat parser with defusedxml's refusals (forbid_dtd, forbid_entities, forbid_external, as
    ``defusedxml.expatreader.create_parser`` sets them) and only the handler's own element callbacks."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_unparsed_entity
    parser.ExternalEntityRefHandler = _refuse_external
    parser.buffer_text = True  # one characters() call per text run, not one per line or buffer
    for event, method in (
        ("StartElementHandler", "startElement"),
        ("EndElementHandler", "endElement"),
        ("CharacterDataHandler", "characters"),
    ):
        if callable(callback := getattr(handler, method, None)):
            setattr(parser, event, callback)
    return parser


def _parse(archive: zipfile.ZipFile, info: zipfile.ZipInfo, handler: _Part) -> None:
    parser = _parser(handler)
    read = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > MAX_PART_BYTES:
                raise Refusal(Problem(handler.where, None, "En del av arbeidsboken er for stor."))
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _container(data: bytes, name: str) -> Problem | None:
    if not data:
        return Problem(name, None, "Filen er tom.")
    if len(data) > MAX_FILE_BYTES:
        return Problem(name, None, f"Filen er større enn grensen på {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            return Problem(
                name,
                None,
                "Filen er en gammel Excel-fil (.xls) eller passordbeskyttet. Lagre den som .xlsx uten passord og prøv "
                "igjen.",
            )
        return Problem(name, None, "Filen er ikke en Excel-arbeidsbok (.xlsx).")
    entries = _entry_count(data)
    if entries is None:
        return Problem(name, None, "Filen er skadet og kan ikke åpnes som en Excel-arbeidsbok (.xlsx).")
    if entries > MAX_ZIP_ENTRIES:
        return Problem(name, None, f"Filen har flere enn {MAX_ZIP_ENTRIES} deler og er ikke en vanlig arbeidsbok.")
    return None


def _sheet_parts(archive: zipfile.ZipFile, names: set[str], inspection: Inspection, counter: _Counter, file: str):
    book = _WorkbookPart(inspection, counter, file)
    _parse(archive, archive.getinfo("xl/workbook.xml"), book)
    rels = _RelsPart(inspection, counter, file)
    if "xl/_rels/workbook.xml.rels" in names:
        _parse(archive, archive.getinfo("xl/_rels/workbook.xml.rels"), rels)
    parts: dict[str, str] = {}
    for sheet_name, rel_id in book.sheets:
        target, kind = rels.targets.get(rel_id or "", ("", ""))
        if target and kind.endswith(_SHEET_TYPE):
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[path] = sheet_name
    inspection.sheet_names = [sheet_name for sheet_name, _ in book.sheets]
    return parts


def inspect(data: bytes, name: str) -> Inspection:
    """Check the container and stream every XML part against the limits; the first limit passed stops the
    check with one problem naming the sheet and cell where one can be named. Cells that cannot be read (a
    formula without a cached value, an error value) are all listed."""
    inspection = Inspection()
    problem = _container(data, name)
    if problem:
        inspection.problems.append(problem)
        return inspection
    counter = _Counter()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
                raise Refusal(
                    Problem(name, None, "Filen pakker seg ut til mye mer enn en vanlig arbeidsbok og er avvist.")
                )
            if any(i.file_size > MAX_PART_BYTES for i in infos):
                raise Refusal(Problem(name, None, "En del av arbeidsboken er for stor."))
            if "xl/workbook.xml" not in names:
                raise Refusal(Problem(name, None, "Filen er ikke en Excel-arbeidsbok (.xlsx)."))
            if any(i.flag_bits & 0x1 for i in infos):
                raise Refusal(Problem(name, None, "Filen er kryptert. Lagre den som .xlsx uten passord."))
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise Refusal(
                    Problem(
                        name,
                        None,
                        "Filen inneholder makroer (en .xlsm-fil). Lagre den som en vanlig Excel-arbeidsbok (.xlsx) "
                        "uten makroer og prøv igjen.",
                    )
                )
            sheets = _sheet_parts(archive, names, inspection, counter, name)
            for info in sorted(infos, key=lambda i: i.filename.lower() != "xl/sharedstrings.xml"):
                lower = info.filename.lower()
                if info.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
                    continue
                if not lower.endswith((".xml", ".rels", ".vml")):
                    continue
                if info.filename in sheets:
                    handler: _Part = _Sheet(inspection, counter, sheets[info.filename])
                elif lower.startswith("xl/worksheets/"):
                    handler = _Sheet(inspection, counter, info.filename)
                elif lower == "xl/sharedstrings.xml":
                    handler = _SharedStrings(inspection, counter, name)
                elif lower == "xl/styles.xml":
                    handler = _Styles(inspection, counter, name)
                else:
                    handler = _Part(inspection, counter, name)
                _parse(archive, info, handler)
    except Refusal as refusal:
        inspection.problems.append(refusal.problem)
    except DefusedXmlException:
        inspection.problems.append(
            Problem(
                name,
                None,
                "Filen inneholder XML-definisjoner (DTD eller entiteter) som ikke er tillatt i en arbeidsbok.",
            )
        )
    except (
        expat.ExpatError,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        NotImplementedError,
        KeyError,
    ):
        inspection.problems.append(
            Problem(name, None, "Filen er skadet og kan ikke åpnes som en Excel-arbeidsbok (.xlsx).")
        )
    except (RuntimeError, ValueError):  # an encrypted entry, an unknown compression
        inspection.problems.append(
            Problem(name, None, "Filen er skadet eller kryptert og kan ikke åpnes som en Excel-arbeidsbok (.xlsx).")
        )
    return inspection
