"""One normal form for notebooks: what `build` writes, what git commits, what `build --check` compares.

JupyterLab saves a notebook with things that change from machine to machine or from one viewing
to the next: the interpreter's version, execution timings, widget state, a `trusted` flag, cell
view state (collapsed or scrolled outputs). `clean` drops exactly those and writes the JSON the
way nbformat (and so jupyter_server) does, so a notebook that was opened, run and saved in
JupyterLab comes out byte for byte as the build wrote it. Outputs are kept: the bundle commits
executed notebooks.

Three users, one function: `build` writes notebooks with `clean`; JupyterLab started by `make lab`
saves them through `jupyter_pre_save_hook`; git commits them through `python -m troopledger nbclean`
(the clean filter `make` installs). This module imports only the standard library and pngwrite's
constants (nbformat takes well over a second to import, and git runs the filter once per notebook),
and Pillow only when a notebook holds a picture a cell drew that is not yet stored in slices.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from troopledger.outputs.pngwrite import SLICED  # pngwrite imports neither Pillow nor numpy until it encodes

# Notebook metadata that says nothing about the notebook itself.
NOTEBOOK_KEYS = ("widgets", "signature", "orig_nbformat", "orig_nbformat_minor")
# Cell metadata written by JupyterLab (or the classic notebook) for timing and view state.
CELL_KEYS = ("execution", "ExecuteTime", "trusted", "collapsed", "scrolled", "heading_collapsed", "hidden")
# Cell metadata under "jupyter" that is view state only (hidden input or output).
CELL_JUPYTER_KEYS = ("outputs_hidden", "source_hidden")

# nbformat v4's line splitting (nbformat/v4/rwbase.py): which mime types are stored as lists of lines.
_SPLIT_MIMES = ("application/javascript", "image/svg+xml")


def normalise(nb: dict[str, Any]) -> None:
    """Drop, in place, what differs between runs, machines or viewings: versions, timings, view state;
    and store pictures a cell drew (a reader's own chart) in slices, as the bundle's charts are."""
    meta = nb.setdefault("metadata", {})
    for key in NOTEBOOK_KEYS:
        meta.pop(key, None)
    lang = meta.get("language_info")
    if isinstance(lang, dict):
        lang.pop("version", None)
    for cell in nb.get("cells", []):
        cell_meta = cell.setdefault("metadata", {})
        for key in CELL_KEYS:
            cell_meta.pop(key, None)
        view = cell_meta.get("jupyter")
        if isinstance(view, dict):
            for key in CELL_JUPYTER_KEYS:
                view.pop(key, None)
            if not view:
                del cell_meta["jupyter"]
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and isinstance(data.get("image/png"), str | list):
                data["image/png"] = _sliced_png(data["image/png"])


def _png_kind(png: bytes) -> tuple[int, bool] | None:
    """(colour type, written in slices by pngwrite) of a PNG, read from its chunks; None if not a PNG."""
    if not png.startswith(b"\x89PNG\r\n\x1a\n") or len(png) < 33:
        return None
    at, sliced = 8, False
    while at + 8 <= len(png):
        length, kind = int.from_bytes(png[at : at + 4], "big"), png[at + 4 : at + 8]
        if kind == SLICED:
            sliced = True
        if kind == b"IDAT":
            break
        at += 12 + length
    return png[25], sliced


def _sliced_png(value: str | list[str]) -> str:
    """A notebook's base64 PNG stored as pngwrite stores pictures; the bundle's own charts (palette PNGs
    written in slices already) and pictures stored so before are kept as they are, byte for byte."""
    import base64
    import binascii

    text = "".join(value) if isinstance(value, list) else value
    try:
        png = base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return text
    kind = _png_kind(png)
    if kind is None or kind[0] == 3 or kind[1]:  # not a PNG, a palette chart, or done before
        return text
    import io

    from PIL import Image

    from troopledger.outputs.pngwrite import truecolour

    with Image.open(io.BytesIO(png)) as image:
        return base64.b64encode(truecolour(image)).decode("ascii")


def _is_json_mime(mime: str) -> bool:
    return mime == "application/json" or (mime.startswith("application/") and mime.endswith("+json"))


def _relines_bundle(bundle: dict[str, Any]) -> None:
    """Store a mime bundle's text as nbformat does, however it was chunked before."""
    for mime, value in list(bundle.items()):
        if _is_json_mime(mime):
            continue
        if isinstance(value, list) and all(isinstance(line, str) for line in value):
            value = "".join(value)
        if isinstance(value, str) and (mime.startswith("text/") or mime in _SPLIT_MIMES):
            value = value.splitlines(True)
        bundle[mime] = value


def _relines(nb: dict[str, Any]) -> None:
    """nbformat's rejoin_lines followed by its split_lines: one canonical list of lines per text."""
    for cell in nb.get("cells", []):
        source = cell.get("source")
        if isinstance(source, list):
            source = "".join(source)
        if isinstance(source, str):
            cell["source"] = source.splitlines(True)
        for attachment in (cell.get("attachments") or {}).values():
            _relines_bundle(attachment)
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind in ("execute_result", "display_data"):
                _relines_bundle(output.get("data", {}))
            elif kind == "stream":
                text = output.get("text")
                if isinstance(text, list):
                    text = "".join(text)
                if isinstance(text, str):
                    output["text"] = text.splitlines(True)


def dumps(nb: dict[str, Any]) -> str:
    """The notebook as nbformat writes it (`nbformat.writes(nb) + "\\n"`), without importing nbformat."""
    nb = copy.deepcopy(nb)
    _relines(nb)
    return json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False) + "\n"


def clean(nb: dict[str, Any]) -> bytes:
    """The committed form of a notebook: normalised, then serialised exactly as the build writes it."""
    nb = copy.deepcopy(nb)
    normalise(nb)
    return dumps(nb).encode("utf-8")


def clean_bytes(data: bytes) -> bytes:
    """`clean` for a notebook file's contents; raises ValueError if they are not a notebook."""
    nb = json.loads(data.decode("utf-8"))
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("not a Jupyter notebook (no list of cells)")
    return clean(nb)


def jupyter_pre_save_hook(model: dict[str, Any], **_: Any) -> None:
    """jupyter_server's `pre_save_hook`: JupyterLab writes a notebook in the normal form (jupyter_server
    serialises it as `dumps` does), so a save leaves the file as git has it, same size included.

    The git filter alone cannot give that: git reports a file whose size changed as modified without
    running the filter (`git diff` is empty and `git add` stages nothing, but `git status` lists it).
    """
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        normalise(model["content"])
