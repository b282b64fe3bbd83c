"""Authorisation in one place: every writing callback, upload and download asks `require`.

Rules:

* sekretariat – everything, including rounds, reviews, users;
* prosjektleder – reads everything approved; writes drafts and submissions, and downloads templates,
  only for the projects assigned to them; sees unapproved drafts only of those projects;
* leser – reads what is approved; writes nothing.

The project a request touches is always taken from the request's own arguments and checked here,
so a hand-made request for another project's data is refused whatever the page showed.
"""

from __future__ import annotations

from db.users import Identity

READ = "read"
REPORT = "report"  # save a draft or submit, upload a filled template, download a template
READ_DRAFTS = "read_drafts"
ADMIN = "admin"  # rounds, reviews, reminders, locks, secretariat scores, users

ACTIONS = (READ, REPORT, READ_DRAFTS, ADMIN)


class Forbidden(PermissionError):
    """The user may not do this; the message is Norwegian and safe to show."""


def allowed(identity: Identity | None, action: str, project_id: int | None = None) -> bool:
    if identity is None:
        return False
    if identity.role == "sekretariat":
        return True
    if action == READ:
        return True
    if identity.role == "prosjektleder" and action in (REPORT, READ_DRAFTS):
        return project_id is not None and project_id in identity.project_ids
    return False


def require(identity: Identity | None, action: str, project_id: int | None = None) -> Identity:
    if identity is None:
        raise Forbidden("Du må logge inn.")
    if not allowed(identity, action, project_id):
        raise Forbidden("Du har ikke tilgang til å gjøre dette.")
    return identity
