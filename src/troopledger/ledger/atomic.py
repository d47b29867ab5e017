"""Replace several files all or nothing: the ledger is never left half-written by add or release.

Each file's new bytes go to a temporary file beside it, which os.replace swaps in: a reader sees the
old file or the new one, never part of one. A file that changed on disk since it was read is not
overwritten (someone else's edit would be lost). If a swap fails part-way, the files already swapped
get their old bytes back, so the set stays consistent: a version raised in datapackage.json but not in
CITATION.cff would be a release that never happened.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _temporary(path: Path, data: bytes) -> str:
    """A temporary file beside `path` holding `data`, flushed to disk, with path's permissions."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(name, stat.S_IMODE(path.stat().st_mode))
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return name


def replace_all(changed: dict[Path, bytes], originals: dict[Path, bytes]) -> list[Path]:
    """Swap in every file's new bytes, in the order given, or none of them.

    Returns the files that changed on disk since `originals` was read; then nothing is replaced. An
    error while swapping puts back the files already swapped, then is raised.
    """
    temps: dict[Path, str] = {}
    done: list[Path] = []
    try:
        for path, data in changed.items():
            temps[path] = _temporary(path, data)
        moved = [path for path in changed if path.read_bytes() != originals[path]]
        if moved:
            return moved
        for path in changed:
            os.replace(temps[path], path)
            del temps[path]  # only once it is in place: a failed replace leaves it for the cleanup below
            done.append(path)
        return []
    except BaseException:
        for path in reversed(done):
            restore = _temporary(path, originals[path])
            os.replace(restore, path)
        raise
    finally:
        for temp in temps.values():
            Path(temp).unlink(missing_ok=True)
