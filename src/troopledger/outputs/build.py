"""`build`: check the ledger, draw every chart, run every notebook, write it all; `--check` proves git is current.

A build redoes everything: the charts in a pool of processes while the notebooks run side by side in
their own kernels (each kernel draws the charts its notebook shows from the ledger it loads). Nothing is
written until every step has succeeded; then each file is staged and moved into place in one step, so a
failed or killed build leaves every file whole. A build that finds the inputs (data/, the package's code,
requirements.txt, the notebooks' cells) and the outputs as the last build left them does nothing: that
check only hashes files, which is why this module imports nothing heavy at the top.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from troopledger.ledger.errors import LedgerError
from troopledger.words import LANGUAGES, figures_folder

STAMP = ".build-stamp"  # the hashes of the last build's inputs and outputs (git ignores it)
LOCK = ".build-lock"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
NOTEBOOK_TIMEOUT_S = 600
CODEBOOK = "data/README.md"


class BuildError(Exception):
    """A build step failed; the message says which file and why."""


# --------------------------------------------------------------------------- nothing changed?


def _digest(root: Path, paths: list[Path], read=Path.read_bytes) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(read(path) if path.is_file() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


def _cells(path: Path) -> bytes:
    """A notebook's cells (type and source): what it asks, not what it answered last time."""
    try:
        cells = json.loads(path.read_bytes()).get("cells", [])
        return json.dumps([(c.get("cell_type"), c.get("source")) for c in cells]).encode()
    except (ValueError, AttributeError):
        return path.read_bytes()


def input_hash(root: Path) -> str:
    """Everything an output is made from: data/ (the codebook is an output), the package, the pinned
    libraries and the notebooks' cells. The Python version is not in it: outputs are the same on each."""
    data = [p for p in (root / "data").glob("*") if p.name != "README.md"]
    parts = [
        _digest(root, data),
        _digest(PACKAGE_DIR, list(PACKAGE_DIR.rglob("*.py"))),
        _digest(root, [root / "requirements.txt"]),
        _digest(root, list((root / "notebooks").glob("*.ipynb")), read=_cells),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


OUTPUT_FOLDERS = ("figures", "docs")  # written whole by the build: a file the data does not make is removed


def output_hash(root: Path) -> str:
    """The outputs as they are on disk: an output edited, deleted or added by hand is noticed."""
    files = [p for folder in OUTPUT_FOLDERS for p in (root / folder).rglob("*") if p.is_file()]
    files += [*(root / "notebooks").glob("*.ipynb"), root / CODEBOOK]
    return _digest(root, files)


def is_current(root: Path) -> bool:
    try:
        stamp = json.loads((root / STAMP).read_text())
    except (OSError, ValueError):
        return False
    return stamp == {"inputs": input_hash(root), "outputs": output_hash(root)}


# --------------------------------------------------------------------------- notebooks


def committed_form(path: Path) -> bytes:
    """What git commits for a working-tree notebook (the clean filter's output); raw bytes if unreadable."""
    from troopledger.outputs.notebook_filter import clean_bytes

    data = path.read_bytes()
    try:
        return clean_bytes(data)
    except ValueError:  # not a notebook: compare it as it is, so it shows up as different
        return data


def _kernel_manager(sockets: Path):
    """A kernel that talks over Unix sockets in a private folder where it can (no TCP port to collide with
    another program's, or with another kernel of the same build); over TCP on Windows."""
    from jupyter_client.manager import AsyncKernelManager

    km = AsyncKernelManager(kernel_name="python3")
    if os.name == "posix":
        km.transport = "ipc"
        km.ip = str(sockets / "kernel")
    return km


async def _execute(path: Path) -> bytes:
    """Run a notebook top to bottom in a fresh kernel; its committed form."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from troopledger.outputs.notebook_filter import clean, nbformat

    nbf = nbformat()
    name = f"{path.parent.name}/{path.name}"
    nb = nbf.read(path, as_version=4)
    sockets = Path(tempfile.mkdtemp(prefix="troopledger-kernel-"))
    client = NotebookClient(
        nb,
        km=_kernel_manager(sockets),
        timeout=NOTEBOOK_TIMEOUT_S,
        record_timing=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport warnings on the terminal
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        await client.async_execute()
    except CellExecutionError as exc:
        lines = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()
        raise BuildError(f"{name}: a cell failed: {lines[-1] if lines else exc}") from None
    except Exception as exc:  # a dead kernel, a timeout: name the notebook, keep the cause
        raise BuildError(f"{name}: {type(exc).__name__}: {exc}") from None
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                raise BuildError(f"{name}: a cell printed to stderr: {out.get('text', '')[:200]}")
    try:  # nbformat.writes only logs an invalid notebook; the build refuses to write one
        nbf.validate(nb)
    except nbf.ValidationError as exc:
        raise BuildError(f"{name}: invalid notebook: {exc.message}") from None
    return clean(nb)


async def _execute_all(notebooks: list[Path]) -> list[bytes]:
    """Run the notebooks side by side; wait for every one, then report the first failure."""
    import asyncio

    results = await asyncio.gather(*(_execute(nb) for nb in notebooks), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


# --------------------------------------------------------------------------- writing


def write_files(root: Path, files: dict[str, bytes], *, prune: tuple[str, ...] = ()) -> list[str]:
    """Make each file under `root` (by relative path) hold its bytes; in each folder of `prune`, remove the
    files not among them. Returns the paths that changed.

    Every changed file is first written to a staging folder on the same disk, and only then does each
    replace its old self, in one step (os.replace): whatever stops a build, each file is whole, old or new.
    """
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        changed = []
        for name, data in files.items():
            target = root / name
            if target.is_file() and target.read_bytes() == data:
                continue
            staged = staging / name
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(data)
            os.chmod(staged, 0o644)  # mkdtemp makes a private folder; outputs are ordinary repository files
            changed.append(name)
        for name in changed:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, root / name)
        for folder in prune:
            if not (root / folder).is_dir():
                continue
            for old in sorted((root / folder).rglob("*")):
                name = old.relative_to(root).as_posix()
                if old.is_file() and name not in files:
                    old.unlink()
                    changed.append(name)
        return changed
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_folder(target: Path, files: dict[str, bytes], *, prune: bool = True) -> list[str]:
    """Make `target` hold `files` (by name) and, with prune, nothing else; returns the names that changed."""
    return write_files(target, files, prune=(".",) if prune else ())


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One build at a time in a folder: a second one waits, then finds the work done."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds there are run one at a time by hand
        yield
        return
    with open(root / LOCK, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- the build


def _validated(root: Path) -> None:
    from troopledger.ledger import validate

    _, problems = validate(root / "data")
    if problems:
        raise LedgerError(problems)


def _outputs(root: Path, *, notebooks: bool) -> dict[str, bytes]:
    """Every output, by path relative to `root`, made in memory from data/ (and notebooks/, if asked):
    figures/ in each language, the notebooks, the HTML edition in docs/ and the codebook's computed part."""
    import asyncio
    from concurrent.futures import ProcessPoolExecutor
    from itertools import repeat

    from troopledger import words
    from troopledger.charts import chart_slugs
    from troopledger.ledger import load
    from troopledger.outputs import codebook, export, html, render

    ledger = load(root / "data")
    slugs = chart_slugs(ledger)
    jobs = [(slug, lang) for lang in LANGUAGES for slug in slugs]
    found = sorted((root / "notebooks").glob("*.ipynb"))
    runs = found if notebooks else []
    with ProcessPoolExecutor(render.workers(len(jobs))) as pool:
        drawn = pool.map(  # started here, while the kernels run
            render.chart_files, repeat(ledger), [s for s, _ in jobs], repeat(export.DEFAULT), [lang for _, lang in jobs]
        )
        executed = asyncio.run(_execute_all(runs)) if runs else []
        drawn = list(drawn)
    files: dict[str, bytes] = {}
    infos = {}
    for lang in LANGUAGES:
        mine = [d for d, (_, job_lang) in zip(drawn, jobs, strict=True) if job_lang == lang]
        folder = figures_folder(lang)
        made = export.assemble(ledger, mine, w=words.get(lang))
        files |= {f"{folder}{name}": data for name, data in made.items()}
        infos[lang] = [info for info, _ in mine]
    books = {nb.name: data for nb, data in zip(runs, executed, strict=True)}
    if not notebooks:  # the notebooks as they are on disk, for the HTML edition
        books = {nb.name: committed_form(nb) for nb in found}
    files |= {f"notebooks/{name}": data for name, data in books.items() if notebooks}
    files |= {f"docs/{name}": data for name, data in html.edition(ledger, infos, books).items()}
    book = root / CODEBOOK
    text = book.read_text(encoding="utf-8") if book.is_file() else "# The ledger: codebook\n"
    files[CODEBOOK] = codebook.updated(text, codebook.block(ledger, infos["en"])).encode("utf-8")
    return files


def build(root: Path, *, force: bool = False) -> str:
    """Bring figures/, the notebooks and the codebook up to date with data/; returns a one-line report."""
    _validated(root)  # before anything is touched
    with _locked(root):
        if not force and is_current(root):
            return "build: nothing changed since the last build; nothing to do (--force rebuilds)"
        files = _outputs(root, notebooks=True)
        changed = write_files(root, files, prune=OUTPUT_FOLDERS)
        (root / STAMP).write_text(json.dumps({"inputs": input_hash(root), "outputs": output_hash(root)}) + "\n")
    charts = sum(name.startswith("figures/") and name.count("/") == 1 and name.endswith(".png") for name in files)
    notebooks = sum(name.startswith("notebooks/") for name in files)
    done = f"{_count(charts, 'chart')} drawn in {len(LANGUAGES)} languages, {_count(notebooks, 'notebook')} run"
    return f"build: {done}, {_count(len(changed), 'file')} changed"


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def export_figures(root: Path) -> list[str]:
    """figures/ (and the codebook's computed part) brought up to date without running any notebook."""
    _validated(root)
    with _locked(root):
        return write_files(root, _outputs(root, notebooks=False), prune=OUTPUT_FOLDERS)


def fresh_outputs(root: Path) -> dict[str, bytes]:
    """Every output built from scratch, in a temporary copy of data/, notebooks/ and requirements.txt."""
    _validated(root)
    with tempfile.TemporaryDirectory(prefix="troopledger-check-") as tmp:
        copy = Path(tmp)
        shutil.copytree(root / "data", copy / "data")
        shutil.copytree(root / "notebooks", copy / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        if (root / "requirements.txt").is_file():
            shutil.copyfile(root / "requirements.txt", copy / "requirements.txt")
        return _outputs(copy, notebooks=True)


def compare(root: Path, fresh: dict[str, bytes]) -> list[str]:
    """Every output in `root` that differs from a fresh build, named, with what is wrong with it."""
    problems = []
    book = root / CODEBOOK
    if not book.is_file() or book.read_bytes() != fresh[CODEBOOK]:
        problems.append(f"{CODEBOOK}: its computed part (coverage, what each output reads) is out of date")
    for folder, pattern in (("figures", "**/*"), ("docs", "**/*"), ("notebooks", "*.ipynb")):
        made = {k.split("/", 1)[1]: v for k, v in fresh.items() if k.startswith(f"{folder}/")}
        read = committed_form if folder == "notebooks" else Path.read_bytes  # notebooks as git would commit them
        committed = {
            p.relative_to(root / folder).as_posix(): read(p)
            for p in sorted((root / folder).glob(pattern))
            if p.is_file()
        }
        for name in sorted(set(made) | set(committed)):
            if name not in committed:
                problems.append(f"{folder}/{name}: missing; the data produces it")
            elif name not in made:
                problems.append(f"{folder}/{name}: not produced by the data (stale file)")
            elif committed[name] != made[name]:
                problems.append(f"{folder}/{name}: differs from what the data produces")
    return problems


def check(root: Path) -> list[str]:
    """Rebuild from scratch into a temporary copy and list every committed output that differs from it."""
    return compare(root, fresh_outputs(root))
