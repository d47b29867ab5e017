"""The one exception type the loader raises, and the problem records it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a ledger, located the way a text editor shows it.

    `line` is 1-based and counts the header as line 1; None means the whole file.
    `column` is the CSV column (or schema part) at fault; empty means the whole row.
    `where`, when set, is printed instead of file:line: a row the add command would have written is
    named by its id ("new claim C088 (not written)"), since no file has that line.
    """

    file: str
    line: int | None
    column: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        where = self.where or (self.file if self.line is None else f"{self.file}:{self.line}")
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class LedgerError(Exception):
    """Raised when a ledger folder fails validation; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]
