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

    @property
    def display(self) -> str:
        """The name written in the audit trail and shown on pages."""
        return self.name or self.username

    @classmethod
    def command_line(cls, name: str) -> Identity:
        """Whoever runs the command line on the server: they hold the database itself, so they act as
        the secretariat, under their own name in the audit trail."""
        return cls(None, name, name, "sekretariat")

    @classmethod
    def background_reader(cls) -> Identity:
        """A background job started from a logged-in request that only reads approved data."""
        return cls(None, "bakgrunnsjobb", "Bakgrunnsjobb", "leser")
