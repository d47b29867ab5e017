"""`build`: check the ledger, then redo only the outputs whose inputs changed; `--check` proves git is current.

Each chart and notebook has a fingerprint of what it reads (plan.py), recorded with a hash of its files in
figures/manifest.json. A build draws only the charts whose fingerprint or file changed, runs only the
notebooks whose fingerprint or file changed (the kernels show the PNGs just written: nothing is drawn
twice), and rewrites the tables, README and codebook, which cost no drawing, when their bytes differ.
A change that no output reads (a maintainer's note, say) does no drawing and starts no kernel.

Kept free of heavy imports at module level so that a no-op build answers in a fraction of a second: it
only hashes files. Builds take a lock, so two at once run one after the other, and every file is
replaced atomically, so a build killed half-way leaves each file whole (the next build redoes the rest).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from troopledger.ledger.errors import LedgerError
from troopledger.outputs.notebook_filter import clean, clean_bytes

STAMP = ".build-stamp"
LOCK = ".build-lock"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
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


def _seen_rows(path: Path) -> bytes:
    """A ledger CSV without its `note` column: the columns some output shows (see plan.UNSEEN)."""
    try:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):
        return path.read_bytes() if path.is_file() else b""
    keep = [i for i, name in enumerate(rows[0] if rows else []) if name != "note"]
    return json.dumps([[r[i] if i < len(r) else None for i in keep] for r in rows]).encode()


def input_hash(root: Path) -> str:
    """Everything any output reads, in one hash: when it matches the last build's, nothing is redone.

    The `note` columns are left out: no output shows them, so a note-only edit builds nothing. The
    Python version is left out too: builds are byte-identical across the versions the bundle supports.
    """
    h = hashlib.sha256()
    data = sorted(p for p in (root / "data").glob("*") if p.name != "README.md")  # its computed part is an output
    h.update(_hash_files(root, data, read=lambda p: _seen_rows(p) if p.suffix == ".csv" else p.read_bytes()).encode())
    h.update(_hash_files(PACKAGE_DIR, sorted(PACKAGE_DIR.rglob("*.py"))).encode())
    requirements = root / "requirements.txt"
    if requirements.is_file():
        h.update(requirements.read_bytes())
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        h.update(nb.name.encode() + _notebook_sources(nb))
    return h.hexdigest()


def output_hash(root: Path) -> str:
    """Figures as they are, notebooks as git would commit them: saving one in JupyterLab changes nothing."""
    figures = _hash_files(root, sorted((root / "figures").glob("*")))
    notebooks = _hash_files(root, sorted((root / "notebooks").glob("*.ipynb")), read=committed_form)
    book = _hash_files(root, [root / "data" / "README.md"])
    return hashlib.sha256(f"{figures}\0{notebooks}\0{book}".encode()).hexdigest()


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

    nb = nbformat.read(path, as_version=4)
    sockets = Path(tempfile.mkdtemp(prefix="troopledger-kernel-"))
    try:
        await _run(path, nb, _kernel_manager(sockets))
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    _refuse_stderr_and_invalid(path, nb)
    # The same normal form the git filter and `build --check` apply (notebook_filter.clean).
    return clean(nb)


def _kernel_manager(sockets: Path):
    """A kernel that talks over Unix sockets in a private folder where it can (no TCP port to collide with
    another program's, or with another kernel of the same build); over TCP on Windows."""
    from jupyter_client.manager import AsyncKernelManager

    km = AsyncKernelManager(kernel_name="python3")
    if os.name == "posix":
        km.transport = "ipc"
        km.ip = str(sockets / "kernel")
    return km


async def _run(path: Path, nb, km) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(
        nb,
        km=km,
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


def _refuse_stderr_and_invalid(path: Path, nb) -> None:
    import nbformat

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


def _import_notebook_tools() -> None:
    """Import nbformat and nbclient without jsonschema's IRI format checker.

    jsonschema checks the "iri" format with rfc3987_syntax when it is installed (JupyterLab's dependencies
    install it), and that module compiles a grammar on import: about 2 s, before any kernel could start.
    Notebook validation never checks formats, so the build imports jsonschema without it.
    """
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment] - `import` of it raises ImportError
        try:
            import jsonschema  # noqa: F401
        finally:
            del sys.modules["rfc3987_syntax"]
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401


async def _execute_all(notebooks: list[Path]) -> list[bytes]:
    """Run the notebooks side by side; wait for every one, then report the first failure."""
    if notebooks:
        _import_notebook_tools()
    results = await asyncio.gather(*(_execute(nb) for nb in notebooks), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


class Plan:
    """What one build must redo: the charts and notebooks whose fingerprint or files changed."""

    def __init__(self, root: Path, force: bool):
        from troopledger.charts import chart_slugs
        from troopledger.ledger import load
        from troopledger.outputs import manifest
        from troopledger.outputs.plan import Reads

        self.root, self.figures = root, root / "figures"
        self.ledger = load(root / "data")
        self.reads = Reads(self.ledger)
        self.old = manifest.read(self.figures)
        self.slugs = chart_slugs(self.ledger)
        self.chart_inputs = {slug: self.reads.chart(slug) for slug in self.slugs}
        self.charts = [
            slug
            for slug in self.slugs
            if force
            or not manifest.chart_is_current(self.old["charts"].get(slug), self.figures, self.chart_inputs[slug])
        ]
        self.notebooks = sorted((root / "notebooks").glob("*.ipynb"))
        self.notebook_inputs = {nb.name: self.reads.notebook(nb) for nb in self.notebooks}
        self.runs = [nb for nb in self.notebooks if force or not self._notebook_current(nb)]
        self.changed: list[str] = []  # files rewritten so far

    def _notebook_current(self, nb: Path) -> bool:
        from troopledger.outputs import manifest

        entry = self.old["notebooks"].get(nb.name) or {}
        return entry.get("inputs") == self.notebook_inputs[nb.name] and entry.get("sha256") == manifest.sha256(
            committed_form(nb)
        )


async def _redo(plan: Plan) -> tuple[dict, dict[str, bytes]]:
    """Draw the charts in forked workers while every notebook to run starts its kernel; a notebook that
    shows a chart waits (in its kernel) until the chart is written, then shows those bytes.

    The workers are forked before any kernel or ZeroMQ socket exists, which keeps the fork safe.
    """
    from troopledger.outputs import export

    rendered: dict = {}
    ready = Path(tempfile.mkdtemp(prefix="troopledger-build-")) / "charts-ready"
    os.environ[export.CHARTS_READY] = str(ready)  # the kernels inherit it
    try:
        with contextlib.ExitStack() as stack:
            futures = []
            if plan.charts:
                from troopledger import charts  # noqa: F401 - imported once here, before the workers fork, not in each

                workers = min(2, len(plan.charts), os.cpu_count() or 1)
                pool = stack.enter_context(export.render_pool(workers, plan.ledger))
                futures = export.submit_charts(pool, [(slug, export.DEFAULT) for slug in plan.charts])
            running = asyncio.ensure_future(_execute_all(plan.runs))
            try:
                for slug, future in zip(plan.charts, futures, strict=True):
                    rendered[slug] = await asyncio.wrap_future(future)
                _write_charts(plan, rendered)
            except BaseException:
                running.cancel()
                raise
            finally:
                ready.touch()  # on failure too, so no kernel waits for charts that will never come
            executed = dict(zip((nb.name for nb in plan.runs), await running, strict=True))
    finally:
        os.environ.pop(export.CHARTS_READY, None)
        shutil.rmtree(ready.parent, ignore_errors=True)
    return rendered, executed


def _chart_entries(plan: Plan, rendered: dict) -> dict:
    from troopledger.outputs import manifest

    entries = {}
    for slug in plan.slugs:
        if slug in rendered:
            info, files = rendered[slug]
            entries[slug] = manifest.chart_entry(plan.chart_inputs[slug], info, files)
        else:
            entries[slug] = plan.old["charts"][slug]
    return entries


def _write_charts(plan: Plan, rendered: dict) -> None:
    """The charts just drawn, then the manifest that vouches for them (the kernels read both)."""
    from troopledger.outputs import manifest

    plan.figures.mkdir(exist_ok=True)
    for _, files in rendered.values():
        for name, data in files.items():
            if _write_atomic(plan.figures / name, data):
                plan.changed.append(name)
    if rendered:
        _write_atomic(
            plan.figures / manifest.NAME, manifest.dumps(_chart_entries(plan, rendered), plan.old["notebooks"])
        )


def _finish(plan: Plan, rendered: dict, executed: dict[str, bytes]) -> list[str]:
    """Tables, README, codebook and manifest from the charts' records; notebooks; stale files removed."""
    from troopledger.outputs import codebook, export, manifest

    entries = _chart_entries(plan, rendered)
    infos = [manifest.chart_info(entries[slug]) for slug in plan.slugs]
    drawn = [{name: (plan.figures / name).read_bytes() for name in entries[i.slug]["files"]} for i in infos]
    files = export.assemble(plan.ledger, list(zip(infos, drawn, strict=True)))
    notebooks = dict(plan.old["notebooks"])
    for nb in plan.notebooks:
        if nb.name in executed:
            notebooks[nb.name] = {"inputs": plan.notebook_inputs[nb.name], "sha256": manifest.sha256(executed[nb.name])}
    notebooks = {k: v for k, v in notebooks.items() if k in plan.notebook_inputs}
    files[manifest.NAME] = manifest.dumps(entries, notebooks)
    changed = plan.changed + [n for n in export.write_folder(plan.figures, files) if n not in plan.changed]
    changed += [name for name, data in executed.items() if _write_atomic(plan.root / "notebooks" / name, data)]
    readme = plan.root / "data" / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else "# The ledger: codebook\n"
    book = codebook.updated(text, codebook.block(plan.ledger, infos)).encode("utf-8")
    changed += ["data/README.md"] * _write_atomic(readme, book)
    return changed


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
    from troopledger.ledger import validate

    _, problems = validate(root / "data")
    if problems:
        raise LedgerError(problems)


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


def _update(root: Path, force: bool) -> tuple[Plan, dict, dict[str, bytes], list[str]]:
    plan = Plan(root, force)
    rendered, executed = asyncio.run(_redo(plan))
    return plan, rendered, executed, _finish(plan, rendered, executed)


def export_figures(root: Path) -> list[str]:
    """figures/ (and the codebook's computed part) brought up to date without running any notebook."""
    _validated(root)
    with _locked(root):
        plan = Plan(root, force=False)
        plan.runs = []
        rendered, executed = asyncio.run(_redo(plan))
        return _finish(plan, rendered, executed)


def build(root: Path, *, force: bool = False) -> str:
    """Bring figures/, the notebooks and the codebook up to date with data/; returns a one-line report."""
    _validated(root)  # before anything is touched
    with _locked(root):
        if not force and is_current(root):
            return "build: nothing changed since the last build; nothing to do (--force rebuilds)"
        plan, rendered, executed, changed = _update(root, force)
        (root / STAMP).write_text(json.dumps({"inputs": input_hash(root), "outputs": output_hash(root)}) + "\n")
    return (
        f"build: {len(rendered)} of {len(plan.slugs)} charts drawn, {len(executed)} of {len(plan.notebooks)} "
        f"notebooks run, {len(changed)} files changed"
    )


def fresh_outputs(root: Path) -> dict[str, bytes]:
    """Every output built from scratch (no manifest, no cache trusted) from a copy of data/ and notebooks/."""
    _validated(root)
    with tempfile.TemporaryDirectory(prefix="troopledger-check-") as tmp:
        copy = Path(tmp)
        shutil.copytree(root / "data", copy / "data")
        shutil.copytree(root / "notebooks", copy / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        if (root / "requirements.txt").is_file():
            shutil.copyfile(root / "requirements.txt", copy / "requirements.txt")
        _update(copy, force=True)
        made = {f"figures/{p.name}": p.read_bytes() for p in sorted((copy / "figures").glob("*")) if p.is_file()}
        made |= {f"notebooks/{p.name}": p.read_bytes() for p in sorted((copy / "notebooks").glob("*.ipynb"))}
        made["data/README.md"] = (copy / "data" / "README.md").read_bytes()
    return made


def compare(root: Path, fresh: dict[str, bytes]) -> list[str]:
    """Every output in `root` that differs from a fresh build, named, with what is wrong with it."""
    problems = []
    readme = root / "data" / "README.md"
    if not readme.is_file() or readme.read_bytes() != fresh["data/README.md"]:
        problems.append("data/README.md: its computed part (coverage, what each output reads) is out of date")
    for folder in ("figures", "notebooks"):
        made = {k.split("/", 1)[1]: v for k, v in fresh.items() if k.startswith(f"{folder}/")}
        if folder == "notebooks":  # compared as git would commit them (the clean filter's output)
            committed = {p.name: committed_form(p) for p in sorted((root / folder).glob("*.ipynb")) if p.is_file()}
        else:
            committed = {p.name: p.read_bytes() for p in sorted((root / folder).glob("*")) if p.is_file()}
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
