"""Who is acting: the logged-in person as the authorisation rules see them (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Identity:
    id: int | None
    username: str
    name: str
    role: str
    project_ids: frozenset[int] = field(default_factory=frozenset)
    must_change_password: bool = False  # given a one-time password: may only choose their own (decision 39)
    partnership: str | None = None  # the partnership the user belongs to; None: national (decision 96)

    @property
    def national(self) -> bool:
        """Not bound to one partnership: the operator's command line, or a national reader."""
        return self.partnership is None

    @property
    def display(self) -> str:
        """The name written in the audit trail and shown on pages."""
        return self.name or self.username

    @classmethod
    def command_line(cls, name: str) -> Identity:
        """Whoever runs the command line on the server: they hold the database itself, so they act as
        the operator (the secretariat of every partnership, national), under their own name in the audit trail."""
        return cls(None, name, name, "sekretariat")
