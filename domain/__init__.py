"""Domain rules: plain Python, no Dash and no SQLAlchemy imports."""
