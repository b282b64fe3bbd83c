"""A problem with something a user gave us, with where it is, in plain Norwegian.

The same type serves a workbook (sheet and cell), a form (field and a label for the row) and a
request as a whole (neither). Problems are collected into a list and shown together; nothing is
written while there is one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one place. ``sheet``/``cell`` for workbooks (``sheet`` may be the file name),
    ``field`` for forms (``label`` then names the field or row as the user sees it); in a form's grid also
    ``row`` (the row's place among the rows sent, from 0) and ``column`` (the column's field), so the page can
    mark the cell itself."""

    sheet: str | None
    cell: str | None
    message: str
    field: str | None = None
    label: str | None = None
    row: int | None = None
    column: str | None = None

    @classmethod
    def general(cls, message: str) -> Problem:
        return cls(None, None, message)

    @classmethod
    def in_field(cls, field: str, label: str, message: str) -> Problem:
        return cls(None, None, message, field=field, label=label)

    @classmethod
    def in_cell(cls, field: str, label: str, row: int, column: str, message: str) -> Problem:
        """A problem in one cell of a form's grid."""
        return cls(None, None, message, field=field, label=label, row=row, column=column)

    @property
    def where(self) -> str:
        if self.label is not None:
            return self.label
        if self.sheet is None:
            return ""
        if self.cell is None:
            return self.sheet
        if "!" in self.cell:
            return self.cell
        return f"{self.sheet}!{self.cell}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def messages(problems: list[Problem] | tuple[Problem, ...]) -> list[str]:
    return [str(p) for p in problems]


class Refused(Exception):
    """Something the rules do not allow, refused before anything was written. The message is Norwegian
    and safe to show; ``problems`` says where when there are several."""

    def __init__(
        self, message: str, *, problems: list[Problem] | None = None, field: str | None = None, label: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems) if problems else [Problem(None, None, message, field=field, label=label)]
