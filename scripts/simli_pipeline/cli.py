"""How every pipeline command runs: ``main(argv)`` under :func:`run_cli`, failures as one line, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from simli_pipeline.errors import PipelineError, one_line


def run_cli(main: Callable[[list[str]], int], failure_status: int = 1) -> NoReturn:
    """Run ``main(argv)`` and exit with its status; any failure is one line on stderr, never a traceback.

    A :class:`PipelineError` (bad input) and an :class:`OSError` (a file that cannot be read or
    written) say what went wrong; anything else that escapes is a bug in the pipeline, not in the
    input: still one line, naming the script and the exception, so it can be reported. Each exits
    with ``failure_status`` (1; spec_diff.py's statuses reserve 3 for it).
    """
    try:
        code = main(sys.argv[1:])
    except PipelineError as exc:
        print(f"error: {one_line(str(exc), limit=2000)}", file=sys.stderr)
        raise SystemExit(failure_status) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {one_line(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        raise SystemExit(failure_status) from None
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except Exception as exc:  # the last line of defence: never a traceback
        script = Path(sys.argv[0]).name
        detail = one_line(f"{type(exc).__name__}: {exc}")
        print(f"error: internal error in {script} ({detail}); please report it", file=sys.stderr)
        raise SystemExit(failure_status) from None
    raise SystemExit(code)
