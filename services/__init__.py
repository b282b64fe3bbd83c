"""Services: one module per workflow, between the pages (and the CLI) and the data layer.

A service function takes a ``Context`` (the acting identity, the database, today's date and the
settings) and plain arguments. It checks authorisation through ``services.authz``, opens its own
session or transaction, and returns plain data, or an ``Outcome`` with a list of problems, each
with where (field, or sheet and cell) and a Norwegian message. Calls to the outside (SMTP, chart
rendering) happen outside write transactions.
"""
