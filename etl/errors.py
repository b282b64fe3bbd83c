"""Import problems, collected into a list and reported together, in Norwegian."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    """One problem in one place: sheet (or file name) and cell, and a plain Norwegian sentence."""

    sheet: str
    cell: str | None
    message: str

    @property
    def where(self) -> str:
        if self.cell is None:
            return self.sheet
        if "!" in self.cell:
            return self.cell
        return f"{self.sheet}!{self.cell}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ImportFailed(Exception):
    """Raised when a file has problems; nothing from it has been written."""

    def __init__(self, file_name: str, problems: list[ImportProblem]):
        self.file_name = file_name
        self.problems = problems
        super().__init__(f"{file_name}: {len(problems)} feil")
