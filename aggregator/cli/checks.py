"""What the command line checks and how it fails: option types that reject a value when
the command line is parsed (exit status 2, click's ``Invalid value`` message), and the
command group that turns an unusable or locked database, a refused page or an OS error
into one line on stderr with its exit status instead of a traceback."""

from __future__ import annotations

import re

import click

from aggregator.extract.bounds import PageRefused
from aggregator.store import DatabaseLocked, DatabaseUnusable, StoreError, database_error

#: Exit statuses beyond click's 1 and 2 (see ``aggregator.cli``).
EXIT_LOCKED, EXIT_UNHEALTHY, EXIT_DATABASE = 3, 4, 5
#: The largest --limit, --runs: far beyond any real use, well inside SQLite's integers.
MAX_COUNT = 1_000_000


class SinceType(click.ParamType):
    """A period (12h, 7d, 2w, 3m, 1y) or an ISO date that lies within datetime's range."""

    name = "PERIOD|DATE"

    def convert(self, value, param, ctx):
        from aggregator.portal.search import since_moment

        try:
            since_moment(value)
        except (ValueError, OverflowError) as exc:
            reason = "out of range" if isinstance(exc, OverflowError) else str(exc).removeprefix(
                "--since expects ")
            self.fail(f"{value!r} is not a usable period or date ({reason}); expected 12h, 7d, "
                      f"2w, 3m, 1y or an ISO date between 0001 and 9999", param, ctx)
        return value


class CursorType(click.ParamType):
    """An export cursor: ASCII digits, at most SQLite's largest integer."""

    name = "CURSOR"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        if not re.fullmatch(r"[0-9]{1,19}", str(value)) or int(value) > 2**63 - 1:
            self.fail(f"expects a cursor printed by a previous export (digits 0-9), not {value!r}",
                      param, ctx)
        return int(value)


SINCE = SinceType()
COUNT = click.IntRange(1, MAX_COUNT)


def remember_db(ctx, param, value):
    """The database a command works on, for the one-line error if SQLite refuses it."""
    ctx.meta["aggregator.db"] = value
    return value


class MainGroup(click.Group):
    """The command group; an unusable or locked database ends any command in one line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except StoreError as exc:  # SQLite refused after opening: a damaged page, a lock
            error = database_error(exc, ctx.meta.get("aggregator.db") or "(database)")
        except (DatabaseUnusable, DatabaseLocked) as exc:
            error = exc
        except PageRefused as exc:  # check-source on a page over the extraction bounds
            click.echo(f"aggregator: page refused: {exc} (exit status 1)", err=True)
            ctx.exit(1)
        except OSError as exc:  # an unreadable input, a full disk for the output
            click.echo(f"aggregator: {exc.strerror or exc}: {exc.filename or ''} (exit status 1)",
                       err=True)
            ctx.exit(1)
        locked = isinstance(error, DatabaseLocked)
        click.echo(f"aggregator: {error} (exit status {EXIT_LOCKED if locked else EXIT_DATABASE})",
                   err=True)
        ctx.exit(EXIT_LOCKED if locked else EXIT_DATABASE)
