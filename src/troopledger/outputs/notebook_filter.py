"""One form for notebooks: what `build` writes, what git commits, what JupyterLab saves (`make lab`).

JupyterLab saves a notebook with things that change from machine to machine or from one viewing to
the next: the interpreter's version, execution timings, widget state, a `trusted` flag, cell view
state (collapsed or scrolled outputs). `clean` drops exactly those and writes the rest with nbformat,
as jupyter_server does, so a notebook run and saved in JupyterLab comes out byte for byte as the build
wrote it. Outputs and execution counts are kept: the bundle commits executed notebooks.

Three users, one function: the build writes notebooks with `clean`; JupyterLab started by `make lab`
saves them through `jupyter_pre_save_hook`; git commits them through `troopledger nbclean` (the clean
filter `make` installs).
"""

from __future__ import annotations

import copy
import sys
from typing import Any

NOTEBOOK_KEYS = ("widgets", "signature")
LANGUAGE_KEYS = ("version",)  # language_info.version: the interpreter that last ran it
CELL_KEYS = ("execution", "ExecuteTime", "trusted", "collapsed", "scrolled", "heading_collapsed", "hidden")
CELL_JUPYTER_KEYS = ("outputs_hidden", "source_hidden")  # view state under a cell's metadata.jupyter


def nbformat():
    """nbformat, imported without jsonschema's check of the "iri" string format.

    jsonschema checks that format with rfc3987_syntax when it is installed (JupyterLab's dependencies
    install it), and that module compiles a grammar when imported: 0.9 of the 1.2 s nbformat takes to
    import. git runs the filter once per notebook; notebooks never use the format.
    """
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment] - an import of it raises ImportError
        try:
            import jsonschema  # noqa: F401
        finally:
            del sys.modules["rfc3987_syntax"]
    import nbformat

    return nbformat


def normalise(nb: dict[str, Any]) -> None:
    """Drop, in place, what differs between runs, machines or viewings: versions, timings, view state."""
    meta = nb.setdefault("metadata", {})
    for key in NOTEBOOK_KEYS:
        meta.pop(key, None)
    for key in LANGUAGE_KEYS:
        meta.get("language_info", {}).pop(key, None)
    for cell in nb.get("cells", []):
        cell_meta = cell.setdefault("metadata", {})
        for key in CELL_KEYS:
            cell_meta.pop(key, None)
        view = cell_meta.get("jupyter", {})
        for key in CELL_JUPYTER_KEYS:
            view.pop(key, None)
        if "jupyter" in cell_meta and not view:
            del cell_meta["jupyter"]


def clean(nb: dict[str, Any]) -> bytes:
    """The committed form of a notebook: normalised, then written as nbformat (and jupyter_server) write it."""
    nbf = nbformat()
    nb = copy.deepcopy(nb)
    normalise(nb)
    return (nbf.writes(nbf.from_dict(nb), version=nbf.NO_CONVERT) + "\n").encode("utf-8")


def clean_bytes(data: bytes) -> bytes:
    """`clean` for a notebook file's contents; raises ValueError if they are not a notebook."""
    nbf = nbformat()
    try:
        nb = nbf.reads(data.decode("utf-8"), as_version=nbf.NO_CONVERT)
    except Exception as exc:  # nbformat raises several kinds (JSON, version, unreadable): all say "not a notebook"
        raise ValueError(f"not a Jupyter notebook ({type(exc).__name__}: {exc})") from None
    if not isinstance(nb.get("cells"), list):
        raise ValueError("not a Jupyter notebook (no list of cells)")
    return clean(nb)


def jupyter_pre_save_hook(model: dict[str, Any], **_: Any) -> None:
    """jupyter_server's `pre_save_hook`: JupyterLab writes a notebook in the committed form, so a save
    leaves the file byte for byte as git has it.

    The git filter alone cannot give that: git reports a file whose size changed as modified without
    running the filter (`git diff` is empty and `git add` stages nothing, but `git status` lists it).
    """
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        normalise(model["content"])
