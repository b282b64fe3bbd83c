"""Pure builders: plain data in, Dash components or figures out. No database, no callbacks."""
