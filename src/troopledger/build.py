"""`build`: check the ledger, export figures, execute every notebook; `--check` proves git is current.

Kept free of heavy imports at module level so that a no-op build (nothing changed) answers in a
fraction of a second: it only hashes files.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from .errors import LedgerError
from .notebook_filter import clean, clean_bytes

STAMP = ".build-stamp"
PACKAGE_DIR = Path(__file__).resolve().parent
NOTEBOOK_TIMEOUT_S = 600


class BuildError(Exception):
    """A build step failed; the message says which file and why."""


def _hash_files(root: Path, paths: list[Path], read=lambda p: p.read_bytes()) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(root) if p.is_relative_to(root) else p.name).encode() + b"\0")
        h.update(read(p) if p.is_file() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


def committed_form(path: Path) -> bytes:
    """What git commits for a working-tree notebook (the clean filter's output); raw bytes if unreadable."""
    data = path.read_bytes()
    try:
        return clean_bytes(data)
    except ValueError:  # not JSON, or not a notebook: compare it as it is, so it shows up as different
        return data


def _notebook_sources(path: Path) -> bytes:
    """A notebook's inputs (cell types and sources), ignoring outputs, which the build rewrites."""
    try:
        nb = json.loads(path.read_bytes())
        cells = [(c.get("cell_type"), c.get("source")) for c in nb.get("cells", [])]
    except (ValueError, OSError):
        return path.read_bytes() if path.is_file() else b""
    return json.dumps(cells, sort_keys=True).encode()


def input_hash(root: Path) -> str:
    h = hashlib.sha256()
    data = [p for p in (root / "data").glob("*") if p.name != "README.md"]  # its generated part is an output
    h.update(_hash_files(root, sorted(data)).encode())
    h.update(_hash_files(PACKAGE_DIR, sorted(PACKAGE_DIR.rglob("*.py"))).encode())
    for req in ("requirements.txt",):
        if (root / req).is_file():
            h.update((root / req).read_bytes())
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        h.update(nb.name.encode() + _notebook_sources(nb))
    h.update(sys.version.encode())
    return h.hexdigest()


def output_hash(root: Path) -> str:
    """Figures as they are, notebooks as git would commit them: saving one in JupyterLab changes nothing."""
    figures = _hash_files(root, sorted((root / "figures").glob("*")))
    notebooks = _hash_files(root, sorted((root / "notebooks").glob("*.ipynb")), read=committed_form)
    return hashlib.sha256(f"{figures}\0{notebooks}".encode()).hexdigest()


def _read_stamp(root: Path) -> dict[str, str]:
    try:
        return json.loads((root / STAMP).read_text())
    except (OSError, ValueError):
        return {}


def is_current(root: Path) -> bool:
    stamp = _read_stamp(root)
    return stamp.get("inputs") == input_hash(root) and stamp.get("outputs") == output_hash(root)


async def _execute(path: Path) -> bytes:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=NOTEBOOK_TIMEOUT_S,
        record_timing=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport warnings on the terminal
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        await client.async_execute()
    except CellExecutionError as exc:
        lines = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()
        raise BuildError(f"{path.parent.name}/{path.name}: a cell failed: {lines[-1] if lines else exc}") from None
    except Exception as exc:  # a dead kernel, a timeout: name the notebook, keep the cause
        raise BuildError(f"{path.parent.name}/{path.name}: {type(exc).__name__}: {exc}") from None
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                raise BuildError(
                    f"{path.parent.name}/{path.name}: a cell printed to stderr: {out.get('text', '')[:200]}"
                )
    try:  # nbformat.writes only logs an invalid notebook; the build refuses to write one
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        raise BuildError(f"{path.parent.name}/{path.name}: invalid notebook: {exc.message}") from None
    # The same normal form the git filter and `build --check` apply (notebook_filter.clean).
    return clean(nb)


async def _execute_all(notebooks: list[Path]) -> list[bytes]:
    """Run the notebooks side by side; wait for every one, then report the first failure."""
    results = await asyncio.gather(*(_execute(nb) for nb in notebooks), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


def _produce(root: Path) -> tuple[dict[str, bytes], dict[str, bytes], bytes]:
    """Render the figures in worker processes while the notebooks execute in their kernels.

    Returns figures/ (by file name), the executed notebooks (by file name) and the codebook with its
    computed part brought up to date. The render workers are forked before any kernel or ZeroMQ socket
    exists, which keeps the fork safe.
    """
    from . import codebook, export
    from .ledger import load

    ledger = load(root / "data")
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    with export.render_pool(min(2, os.cpu_count() or 1)) as pool:
        futures = export.submit_charts(pool, ledger, export.default_jobs(ledger))
        executed = asyncio.run(_execute_all(notebooks))
        rendered = [f.result() for f in futures]
    files = export.assemble(ledger, rendered)
    readme = root / "data" / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else "# The ledger: codebook\n"
    book = codebook.updated(text, codebook.block(ledger, [i for i, _ in rendered])).encode("utf-8")
    return files, {nb.name: data for nb, data in zip(notebooks, executed, strict=True)}, book


def _write_atomic(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)  # mkstemp makes files private; notebooks are ordinary repository files
    os.replace(tmp, path)
    return True


def _validated(root: Path) -> None:
    from .ledger import validate

    _, problems = validate(root / "data")
    if problems:
        raise LedgerError(problems)


def build(root: Path, *, force: bool = False) -> str:
    """Rebuild figures/ and the executed notebooks from data/; returns a one-line report."""
    _validated(root)  # before anything is touched
    if not force and is_current(root):
        return "build: nothing changed since the last build; nothing to do (--force rebuilds)"
    from .export import write_folder

    figures, notebooks, book = _produce(root)
    changed = write_folder(root / "figures", figures)
    changed += [name for name, data in notebooks.items() if _write_atomic(root / "notebooks" / name, data)]
    changed += ["data/README.md"] * _write_atomic(root / "data" / "README.md", book)
    (root / STAMP).write_text(json.dumps({"inputs": input_hash(root), "outputs": output_hash(root)}) + "\n")
    return f"build: {len(figures)} figure files and {len(notebooks)} notebooks built, {len(changed)} changed"


def check(root: Path) -> list[str]:
    """Rebuild into a temporary copy and list every committed output that differs from it."""
    _validated(root)
    with tempfile.TemporaryDirectory(prefix="troopledger-check-") as tmp:
        copy = Path(tmp)
        shutil.copytree(root / "data", copy / "data")
        shutil.copytree(root / "notebooks", copy / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        figures, notebooks, book = _produce(copy)
    problems = []
    readme = root / "data" / "README.md"
    if not readme.is_file() or readme.read_bytes() != book:
        problems.append("data/README.md: its computed part (coverage, what each output reads) is out of date")
    for folder, fresh in (("figures", figures), ("notebooks", notebooks)):
        if folder == "notebooks":  # compared as git would commit them (the clean filter's output)
            committed = {p.name: committed_form(p) for p in sorted((root / folder).glob("*.ipynb")) if p.is_file()}
        else:
            committed = {p.name: p.read_bytes() for p in sorted((root / folder).glob("*")) if p.is_file()}
        for name in sorted(set(fresh) | set(committed)):
            if name not in committed:
                problems.append(f"{folder}/{name}: missing; the data produces it")
            elif name not in fresh:
                problems.append(f"{folder}/{name}: not produced by the data (stale file)")
            elif committed[name] != fresh[name]:
                problems.append(f"{folder}/{name}: differs from what the data produces")
    return problems
