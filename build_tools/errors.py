"""Errors a contributor can act on; the CLI prints them without a traceback."""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """A mistake in input or usage, worded for the person who made it."""

    exit_code = 1


class UsageError(UserError):
    exit_code = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One validation finding, printed as `path:line:col: error: message`."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: error: {self.message}"
