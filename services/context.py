"""What every service call gets (``Context``) and what a writing service returns (``Outcome``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Generic, TypeVar

from db.session import Database
from domain.identity import Identity
from domain.problems import Problem, Refused
from settings import Config

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """Who acts, on which database, on which day, with which settings."""

    db: Database
    identity: Identity | None
    today: date
    config: Config
    site: str = ""
    """The portal's address for links in messages (GEVINST_PUBLIC_URL, else the address a browser used), or ""."""

    @property
    def actor(self) -> str:
        """The acting person's name for the audit trail."""
        return self.identity.display if self.identity else "Ukjent bruker"

    def acting_as(self, identity: Identity | None) -> Context:
        return replace(self, identity=identity)

    @classmethod
    def for_config(cls, config: Config, identity: Identity | None) -> Context:
        """A context outside a web request (the command line, background jobs, start-up)."""
        return cls(Database(config.database_url), identity, config.today_date(), config, config.public_url)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """The result of a service call that may be refused: a value and a message, or problems."""

    value: T | None = None
    message: str | None = None
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems

    @classmethod
    def refused(cls, *problems: Problem) -> Outcome:
        return cls(problems=tuple(problems))

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> Outcome:
        return cls(problems=tuple(problems))


def refusable(fn: Callable[..., Outcome]) -> Callable[..., Outcome]:
    """Turn a rule that refuses (``Refused``, including ``Forbidden``) into an Outcome with its problems, so
    no caller needs a try/except; the transaction the service opened has rolled back by then."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> Outcome:
        try:
            return fn(*args, **kwargs)
        except Refused as exc:
            return Outcome.from_problems(exc.problems)

    return wrapper
