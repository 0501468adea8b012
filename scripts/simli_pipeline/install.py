"""Swapping a freshly generated package into generated/ atomically, and recovering from an interrupted swap."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from pathlib import Path

from simli_pipeline.repository import Repo

STAGING_PREFIX = ".generate-"


def install_package(repo: Repo, package: Path, staging: Path) -> None:
    """Make ``package`` the content of generated/ in one atomic step where the OS allows it."""
    incoming = staging / "incoming"
    incoming.mkdir()
    package.rename(incoming / package.name)
    if not repo.generated.exists():
        incoming.rename(repo.generated)
        return
    if _exchange(incoming, repo.generated):
        return  # generated/ now holds the new tree; `incoming` holds the old one and goes with staging/.
    previous = staging / "previous"
    repo.generated.rename(previous)  # recover_interrupted() puts this back if we die right here
    incoming.rename(repo.generated)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories atomically with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def recover_interrupted(repo: Repo) -> None:
    """Undo what a killed run left: restore a moved-away generated/, then drop stale staging folders."""
    stale = sorted(repo.root.glob(f"{STAGING_PREFIX}*"))
    if not repo.generated.exists():
        for staging in stale:
            previous = staging / "previous"
            if previous.is_dir():
                previous.rename(repo.generated)
                print(f"recovered generated/ from an interrupted run ({staging.name})", file=sys.stderr)
                break
    for staging in stale:
        shutil.rmtree(staging, ignore_errors=True)
