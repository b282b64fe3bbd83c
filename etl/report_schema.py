"""The tables of a round report workbook, described by their header cells.

Headers are compared after lower-casing and removing everything but letters and digits, so
"Prosjekt-nummer", "Prosjektnummer" and "PROSJEKT NUMMER" are the same header.
"""

from domain import vocabulary as words
from etl.workbook import Column, TableSpec

PROJECT = Column("project", "Prosjekt", r"prosjekt(navn)?|prosjekter")

PROJECTS = TableSpec(
    "projects",
    "tabell 1 (prosjekter)",
    (
        Column("project", "Prosjektnavn", r"prosjektnavn|prosjekt"),
        Column("number", "Prosjektnummer", r"prosjektnummer|prosjektnr|nummer"),
        Column("owners", "Prosjekteier", r"prosjekteiere?"),
        Column("leaders", "Prosjektledere", r"prosjektledere?", required=False),
        Column("partners", "Samarbeidspartnere", r"samarbeidspartnere?", required=False),
        Column(
            "contacts",
            words.REMINDER_ADDRESS_LABEL,
            r"epost(forpåminnelser?|adresser?)?|kontaktadresser?|kontaktepost",
            required=False,
        ),
    ),
)

MILESTONES = TableSpec(
    "milestones",
    "tabell 2 (oppnådde milepæler)",
    (
        PROJECT,
        Column("code", "Milepæl", r"milepæl|milepæler"),
        Column("period", "Når", r"når|periode|tidspunkt|tidsrom"),
        Column("status", "Status", r"status"),
        Column("description", "Beskrivelse/hva", r"beskrivelse.*|hva", required=False),
    ),
)

PLANNED_MILESTONES = TableSpec(
    "planned_milestones",
    "tabellen over planlagte milepæler",
    (
        PROJECT,
        Column("code", "Planlagt milepæl", r"planlagtmilepæl|planlagtemilepæler|fremtidigmilepæl"),
        Column("period", "Når", r"når|periode|tidspunkt|tidsrom", required=False),
        Column("status", "Status", r"status", required=False),
        Column("description", "Beskrivelse", r"beskrivelse.*|hva"),
    ),
)

FINANCES = TableSpec(
    "finances",
    "tabell 3 (fordelte og brukte midler)",
    (
        PROJECT,
        Column("granted", words.GRANTED_PER_YEAR.label, r"innvilget(sum)?(årlig|perår)?|innvilgetårligsum"),
        Column("spent", words.SPENT.label, r"bruktemidler(totalt)?|brukt(totalt)?"),
    ),
)

REMAINING = TableSpec(
    "remaining",
    "tabell 4 (gjenværende og videreførte midler)",
    (
        PROJECT,
        Column("remaining", words.REMAINING.label, r"totaltgjenværendemidler.*|gjenværendemidler.*|tgm"),
        Column("future_use", words.FUTURE_USE.label, r"fremtidigbruk.*"),
        Column("carry_over", words.CARRY_OVER.label, r"videreførtemidler.*|vm"),
        Column("next_year", words.NEXT_YEAR.label, r"sum\d{4}.*|sumnesteår.*"),
    ),
)

NARRATIVES = TableSpec(
    "narratives",
    "tabellen over tekster per prosjekt",
    (
        PROJECT,
        Column("kind", "Del", r"del|teksttype|type"),
        Column("text", "Tekst", r"tekst"),
    ),
)

ROUND_TEXTS = TableSpec(
    "round_texts",
    "tabellen over tekster for hele runden",
    (
        Column("kind", "Kapittel", r"kapittel"),
        Column("text", "Tekst", r"tekst"),
    ),
    group_key=None,
)

DETAILS = TableSpec(
    "details",
    "tabellen over prosjektdetaljer",
    (
        PROJECT,
        Column("short_name", "Kortnavn", r"kortnavn"),
        Column("planned_end", "Planlagt slutt", r"planlagtslutt(dato)?|sluttdato", required=False),
        Column("target_groups", "Målgrupper", r"målgrupper?", required=False),
        Column(
            "target_groups_illustrative",
            "Målgrupper er eksempeldata",
            r"målgruppe(r|ne)?ereksempeldata",
            required=False,
        ),
    ),
)

ALL_TABLES = (PROJECTS, MILESTONES, PLANNED_MILESTONES, FINANCES, REMAINING, NARRATIVES, ROUND_TEXTS, DETAILS)

APPLICATIONS = TableSpec(
    "applications",
    "tabellen over søknader",
    (
        PROJECT,
        Column("year", "År", r"år|søknadsår|budsjettår"),
        Column("kind", "Budsjettpost", r"budsjettpost|post|kostnadstype"),
        Column("description", "Beskrivelse", r"beskrivelse.*", required=False),
        Column("amount", "Beløp", r"beløp|søktbeløp"),
    ),
)

SCORES = TableSpec(
    "scores",
    "tabellen over poeng",
    (
        PROJECT,
        Column("dimension", "Vurdering", r"vurdering|kriterium|dimensjon"),
        Column("value", "Poeng", r"poeng|verdi"),
        Column("justification", "Begrunnelse", r"begrunnelse", required=False),
        Column("assessor", "Vurdert av", r"vurdertav", required=False),
        Column("illustrative", "Eksempeldata", r"eksempeldata", required=False),
    ),
)

KPIS = TableSpec(
    "kpis",
    "tabellen over gevinster og indikatorer",
    (
        PROJECT,
        Column("benefit", "Gevinst", r"gevinst"),
        Column("benefit_type", "Gevinsttype", r"gevinsttype"),
        Column("description", "Beskrivelse", r"beskrivelse.*", required=False),
        Column("owner", "Gevinsteier", r"gevinsteier", required=False),
        Column("organisation", "Organisasjon", r"organisasjon|gevinsteiersorganisasjon", required=False),
        Column("method", "Måles slik", r"målesslik|målemetode|hvordanmåles", required=False),
        Column("frequency", "Hyppighet", r"hyppighet|frekvens|hvoroftemåles", required=False),
        Column("indicator", "Indikator", r"indikator"),
        Column("unit", "Enhet", r"enhet"),
        Column("baseline", "Nullpunkt", r"nullpunkt|nullpunktverdi|utgangsverdi"),
        Column("baseline_date", "Nullpunkt dato", r"nullpunktdato|datofornullpunkt", required=False),
        Column("target", "Mål", r"mål|målverdi"),
        Column("target_date", "Måldato", r"måldato", required=False),
        Column("illustrative", "Eksempeldata", r"eksempeldata", required=False),
    ),
)

KPI_VALUES = TableSpec(
    "kpi_values",
    "tabellen over målte verdier",
    (
        PROJECT,
        Column("indicator", "Indikator", r"indikator"),
        Column("date", "Dato", r"dato|måledato|målt"),
        Column("value", "Verdi", r"verdi|måltverdi"),
        Column("illustrative", "Eksempeldata", r"eksempeldata", required=False),
    ),
)

ALL_TABLES = ALL_TABLES + (APPLICATIONS, SCORES, KPIS, KPI_VALUES)
