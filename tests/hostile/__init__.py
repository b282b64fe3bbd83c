"""Hostile and careless input, tried as issue 15 did: each refused in Norwegian, nothing changed."""
