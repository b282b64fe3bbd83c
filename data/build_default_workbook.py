"""Build data/rapport_host_2025.xlsx from data/source/rapport_host_2025.json.

The JSON is a transcription of the autumn 2025 report ("Rapport høst 2025", HTO's secretariat,
3 October 2025): tables 1–4 exactly as printed (amounts as the printed text, including the
figures that break the report's own formulas), the planned milestones of section 3.2 and the
narratives. The workbook is laid out as a secretariat would paste the Word tables into Excel.
Run: python data/build_default_workbook.py
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source" / "rapport_host_2025.json"
TARGET = HERE / "rapport_host_2025.xlsx"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def _sheet(book: Workbook, title: str, caption: str, headers: list[str], rows: list[list], widths: list[int]):
    sheet = book.create_sheet(title)
    sheet.append([caption])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return sheet


def build(source: Path = SOURCE, target: Path = TARGET) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    book = Workbook()
    about = book.active
    about.title = "Om"
    about.append(["Gevinstportalen – standarddata"])
    about["A1"].font = Font(bold=True, size=13)
    about.append(["Rapporteringsrunde", data["round"]])
    about.append(["Rapportdato", data["report_date"]])
    about.append(["Kilde", data["source"]])
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100

    _sheet(
        book,
        "Tabell 1",
        "Tabell 1: Informasjon om prosjektene",
        ["Prosjektnavn", "Prosjekt-nummer", "Prosjekteier", "Prosjektledere", "Samarbeidspartnere"],
        data["table1"],
        [45, 12, 30, 28, 50],
    )
    _sheet(
        book,
        "Tabell 2",
        "Tabell 2: Oppnådde milepæler i prosjektene",
        ["Prosjektnavn", "Milepæl", "Når", "Status", "Beskrivelse/hva"],
        data["table2"],
        [45, 9, 15, 18, 80],
    )
    _sheet(
        book,
        "Planlagte milepæler",
        "Veien videre: planlagte milepæler (rapportens kapittel 3.2)",
        ["Prosjekt", "Planlagt milepæl", "Når", "Beskrivelse"],
        data["planned"],
        [45, 16, 15, 80],
    )
    table3 = _sheet(
        book,
        "Tabell 3",
        "Tabell 3: Oversikt over fordelte og brukte midler",
        ["Prosjekt", "Innvilget sum årlig", "Brukte midler totalt"],
        data["table3"],
        [50, 20, 20],
    )
    for row in table3.iter_rows(min_row=4):
        if row[0].value == "Avsluttede prosjekter":
            row[0].font = Font(bold=True)
        elif row[0].row > 4 and any(
            r[0].value == "Avsluttede prosjekter" for r in table3.iter_rows(max_row=row[0].row - 1)
        ):
            for cell in row:
                cell.font = Font(italic=True)
    _sheet(
        book,
        "Tabell 4",
        "Tabell 4: Oversikt over tenkt og estimert bruk av fremtidige midler",
        [
            "Prosjekt",
            "Totalt gjenværende midler 2025",
            "Fremtidig bruk av TGM",
            "Videreførte midler til 2026",
            "Sum 2026 - hvis videreført prosjekt",
        ],
        data["table4"],
        [45, 20, 40, 40, 30],
    )
    _sheet(
        book,
        "Prosjektdetaljer",
        "Prosjektdetaljer (kortnavn, planlagt slutt og målgrupper)",
        ["Prosjekt", "Kortnavn", "Planlagt slutt", "Målgrupper", "Målgrupper er eksempeldata"],
        data["details"],
        [45, 28, 15, 60, 14],
    )
    _sheet(
        book,
        "Tekster",
        "Tekster per prosjekt (formål, veien videre, andre gevinster, egenvurdering)",
        ["Prosjekt", "Del", "Tekst"],
        data["narratives"],
        [40, 18, 120],
    )
    _sheet(book, "Tekster runden", "Tekster for hele rapporten", ["Kapittel", "Tekst"], data["round_texts"], [18, 120])
    _sheet(
        book,
        "Søknad",
        "Søknad om tilskudd: budsjett (Eldreløftet, søknadsskjema 2024)",
        ["Prosjekt", "År", "Budsjettpost", "Beskrivelse", "Beløp"],
        data["applications"],
        [30, 8, 14, 50, 14],
    )
    _sheet(
        book,
        "Poeng",
        "Poeng per kriterium, fremdrift og 0–10-skårer (EKSEMPELDATA)",
        ["Prosjekt", "Vurdering", "Poeng", "Begrunnelse", "Vurdert av", "Eksempeldata"],
        data["scores"],
        [40, 26, 8, 60, 14, 13],
    )
    _sheet(
        book,
        "Gevinster",
        "Gevinstrealiseringsplan: gevinster og indikatorer (merket eksempeldata der tallene er antatt)",
        [
            "Prosjekt",
            "Gevinst",
            "Gevinsttype",
            "Beskrivelse",
            "Gevinsteier",
            "Organisasjon",
            "Måles slik",
            "Hyppighet",
            "Indikator",
            "Enhet",
            "Nullpunkt",
            "Nullpunkt dato",
            "Mål",
            "Måldato",
            "Eksempeldata",
        ],
        data["kpis"],
        [30, 40, 16, 40, 24, 26, 28, 14, 40, 10, 10, 13, 10, 12, 13],
    )
    _sheet(
        book,
        "Måleverdier",
        "Målte verdier per indikator",
        ["Prosjekt", "Indikator", "Dato", "Verdi", "Eksempeldata"],
        data["kpi_values"],
        [30, 50, 12, 12, 13],
    )
    book.save(target)
    return target


if __name__ == "__main__":
    print(build())
