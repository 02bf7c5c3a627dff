"""The project's errors: one base, and a user's mistake told apart from a bug.

- ``FramingError``: the base of every error the project raises on purpose.
- ``UserError``: a user's mistake (a bad input file, a bad option or parameter, an output that cannot
  be written). Its message says what is wrong and what to do; the command line shows it as one line,
  without a traceback, and exits with its ``exit_code`` (2: a usage error or an output that cannot
  be written, found before any work; 1: some input could not be done).
- any other error (a ``FramingError`` that is not a ``UserError``, or any other exception) is a bug
  or a failure to be looked into: shown with what is known, to be reported.

The classes themselves live with the code that raises them (``text.reading.ArticleError``,
``run.atomic.OutputError``, ...) and keep deriving from what they derived from before (a
``ParameterError`` is still a ``ValueError``), so that no caller breaks.
"""


class FramingError(Exception):
    """An error the project raises on purpose."""


class UserError(FramingError):
    """A user's mistake; the message says what to do (one line, no traceback)."""

    exit_code = 2
