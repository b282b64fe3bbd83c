"""ETL: load report workbooks into the database. A library with a thin CLI (python -m etl)."""
