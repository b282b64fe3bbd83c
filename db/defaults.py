"""The grant scheme as it stands in the autumn 2025 report: envelope, first year, 8 criteria."""

PARTNERSHIP = "Helsefellesskapet Troms og Ofoten"
SCHEME_NAME = "Rekrutterings- og samhandlingstilskudd"
YEARLY_ENVELOPE = 18_000_000
FIRST_YEAR = 2024

# (short title, full text as in the report, section 4.1)
CRITERIA = (
    (
        "Samarbeidsmodeller",
        "Samarbeidsmodeller mellom primær- og spesialisthelsetjeneste, inkludert samordning "
        "og/eller samlokalisering av tjenester, digitale løsninger, kompetansedeling, kombinasjonsstillinger etc. "
        "Beskrivelser av felles driftsmodeller vektlegges",
    ),
    ("Brukere og fastleger", "Tiltak som involverer brukere og/eller fastleger"),
    ("Skrøpelige eldre", "Tiltak som prioriterer pasientgruppen skrøpelige eldre"),
    ("Eksisterende samarbeid", "Tiltak som styrker allerede eksisterende samarbeid, f.eks. etablerte team"),
    ("Faglig dialog", "Tiltak for mer og bedre faglig dialog"),
    (
        "Gevinstpotensial og spredning",
        "Gevinstpotensial og -realisering, inkludert spredningspotensial til øvrige kommuner og enheter i UNN",
    ),
    (
        "Helt hjem – helt digitalt",
        "Tiltak som er basert på forslag til arbeidsgruppe 5 i Helse Nord, "
        "Ishavserklæringen 2024-2027, og mål for omstillingsarbeid i UNN som definert i «Vi fornyer UNN» - "
        "Mandat for område 5: Samhandling: «Helt hjem - helt digitalt - hele veien med og for pasienten»",
    ),
    (
        "Interkommunalt samarbeid",
        "Tiltak som tar utgangspunkt i interkommunalt samarbeid med UNNs "
        "lokalisasjoner i Tromsø, Harstad, Narvik, Finnsnes og Storslett",
    ),
)
