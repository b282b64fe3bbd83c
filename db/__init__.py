"""Data layer: models, sessions, migrations and query functions. All SQL lives here."""
