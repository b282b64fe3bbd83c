"""The tables of a round report workbook, described by their header cells.

Headers are compared after lower-casing and removing everything but letters and digits, so
"Prosjekt-nummer", "Prosjektnummer" and "PROSJEKT NUMMER" are the same header.
"""

from etl.workbook import Column, TableSpec

PROJECT = Column("project", "Prosjekt", r"prosjekt(navn)?|prosjekter")

PROJECTS = TableSpec("projects", "tabell 1 (prosjekter)", (
    Column("project", "Prosjektnavn", r"prosjektnavn|prosjekt"),
    Column("number", "Prosjektnummer", r"prosjektnummer|prosjektnr|nummer"),
    Column("owners", "Prosjekteier", r"prosjekteiere?"),
    Column("leaders", "Prosjektledere", r"prosjektledere?", required=False),
    Column("partners", "Samarbeidspartnere", r"samarbeidspartnere?", required=False),
))

MILESTONES = TableSpec("milestones", "tabell 2 (oppnådde milepæler)", (
    PROJECT,
    Column("code", "Milepæl", r"milepæl|milepæler"),
    Column("period", "Når", r"når|periode|tidspunkt|tidsrom"),
    Column("status", "Status", r"status"),
    Column("description", "Beskrivelse/hva", r"beskrivelse.*|hva", required=False),
))

PLANNED_MILESTONES = TableSpec("planned_milestones", "tabellen over planlagte milepæler", (
    PROJECT,
    Column("code", "Planlagt milepæl", r"planlagtmilepæl|planlagtemilepæler|fremtidigmilepæl"),
    Column("period", "Når", r"når|periode|tidspunkt|tidsrom", required=False),
    Column("status", "Status", r"status", required=False),
    Column("description", "Beskrivelse", r"beskrivelse.*|hva"),
))

FINANCES = TableSpec("finances", "tabell 3 (fordelte og brukte midler)", (
    PROJECT,
    Column("granted", "Innvilget sum årlig", r"innvilget(sum)?(årlig|perår)?|innvilgetårligsum"),
    Column("spent", "Brukte midler totalt", r"bruktemidler(totalt)?|brukt(totalt)?"),
))

REMAINING = TableSpec("remaining", "tabell 4 (gjenværende og videreførte midler)", (
    PROJECT,
    Column("remaining", "Totalt gjenværende midler", r"totaltgjenværendemidler.*|gjenværendemidler.*|tgm"),
    Column("future_use", "Fremtidig bruk av TGM", r"fremtidigbruk.*"),
    Column("carry_over", "Videreførte midler", r"videreførtemidler.*|vm"),
    Column("next_year", "Sum neste år hvis videreført", r"sum\d{4}.*|sumnesteår.*"),
))

NARRATIVES = TableSpec("narratives", "tabellen over tekster per prosjekt", (
    PROJECT,
    Column("kind", "Del", r"del|teksttype|type"),
    Column("text", "Tekst", r"tekst"),
))

ROUND_TEXTS = TableSpec("round_texts", "tabellen over tekster for hele runden", (
    Column("kind", "Kapittel", r"kapittel"),
    Column("text", "Tekst", r"tekst"),
), group_key=None)

DETAILS = TableSpec("details", "tabellen over prosjektdetaljer", (
    PROJECT,
    Column("short_name", "Kortnavn", r"kortnavn"),
    Column("planned_end", "Planlagt slutt", r"planlagtslutt(dato)?|sluttdato", required=False),
    Column("target_groups", "Målgrupper", r"målgrupper?", required=False),
    Column("target_groups_illustrative", "Målgrupper er eksempeldata", r"målgruppe(r|ne)?ereksempeldata", required=False),
))

ALL_TABLES = (PROJECTS, MILESTONES, PLANNED_MILESTONES, FINANCES, REMAINING, NARRATIVES, ROUND_TEXTS, DETAILS)

NARRATIVE_KINDS = {
    "formål": "purpose",
    "erfaringer": "experiences",
    "utfordringer": "challenges",
    "egenvurdering": "self_assessment",
    "hvakunneværtgjortannerledes": "done_differently",
    "annerledes": "done_differently",
    "veienvidere": "next_steps",
    "andregevinster": "other_benefits",
}

ROUND_TEXT_KINDS = {
    "forord": "foreword",
    "innledning": "introduction",
    "utfordringer": "challenges",
    "erfaringer": "experiences",
    "hvakunneblittgjortannerledes": "done_differently",
    "annerledes": "done_differently",
    "oppsummering": "summary",
}
