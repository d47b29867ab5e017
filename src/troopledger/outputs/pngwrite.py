"""PNG files that cost little in git: one fixed palette, and a picture stored in independent slices.

A chart is flat colour: its ink colours, the greys, and the anti-aliased blends of each with white. Every
chart is mapped to one fixed 256-colour palette of exactly those (so an unchanged pixel keeps its byte
from one version of a chart to the next), and the picture is compressed in slices of rows, each
starting afresh (a zlib full flush) in its own IDAT chunk whose length is a multiple of three. A change
to one claim then changes only the slices it touches, byte for byte, and git stores the new chart as a
small difference from the old one, in the PNG file and in a notebook's base64 copy of it alike.
The file is an ordinary PNG that every viewer reads.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

from troopledger.charts import style

if TYPE_CHECKING:  # images are passed in; this module needs no Pillow import of its own (see notebook_filter)
    from PIL import Image

SLICE_ROWS = 24
EMPTY_STORED_BLOCK = b"\x00\x00\x00\xff\xff"  # a non-final stored block of no data: 5 bytes, changes nothing


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


@lru_cache(maxsize=1)
def palette() -> tuple[tuple[int, int, int], ...]:
    """256 colours: a ramp from white to each chart colour, a grey ramp, and white, in a fixed order."""
    inks = [style.SENT, style.PLANNED, style.PRESENT, style.KILLED, style.CASUALTIES, style.RETURNED, style.WOUNDED]
    inks += [style.INK, style.MUTED]  # interim
    colours: list[tuple[int, int, int]] = []
    for ink in dict.fromkeys(inks):
        r, g, b = _rgb(ink)
        for k in range(1, 15):  # 14 steps from a faint tint to the full colour
            t = k / 14
            colours.append((round(255 + (r - 255) * t), round(255 + (g - 255) * t), round(255 + (b - 255) * t)))
    for v in range(0, 256, 6):  # greys, black to white, for ink, muted text, grid lines and events
        colours.append((v, v, v))
    colours = list(dict.fromkeys([(255, 255, 255), *colours]))[:256]
    while len(colours) < 256:
        colours.append(colours[-1])
    return tuple(colours)


def _indices(image: Image.Image) -> bytes:
    """Each pixel's nearest palette colour, exactly (white stays white), as one byte per pixel.

    A chart has a few thousand distinct colours: each is matched once, into a table indexed by colour,
    and the pixels are then looked up in it a band of rows at a time, so a 300 dpi page needs no
    full-size copies of itself (a chart is opaque: alpha is ignored).
    """
    import numpy as np

    rgba = image if image.mode == "RGBA" else image.convert("RGBA")
    width, height = rgba.size
    found = {r | g << 8 | b << 16 for _, (r, g, b, _a) in rgba.getcolors(maxcolors=1 << 24)}
    colours = np.array(sorted(found), dtype=np.int64)
    table = np.array(palette(), dtype=np.int64)
    wanted = np.stack([colours & 255, (colours >> 8) & 255, (colours >> 16) & 255], axis=1)
    lookup = np.zeros(1 << 24, dtype=np.uint8)
    for start in range(0, len(colours), 4096):  # a block of colours at a time keeps memory small
        block = wanted[start : start + 4096, None, :] - table[None, :, :]
        lookup[colours[start : start + 4096]] = np.argmin((block * block).sum(axis=2), axis=1)
    out = bytearray(width * height)
    band = max(1, (1 << 19) // max(width, 1))  # about half a million pixels at a time
    for top in range(0, height, band):
        bottom = min(top + band, height)
        pixels = np.frombuffer(rgba.crop((0, top, width, bottom)).tobytes(), dtype="<u4") & 0xFFFFFF
        out[top * width : bottom * width] = lookup[pixels].tobytes()
    return bytes(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _text(key: str, value: str) -> bytes:
    """An iTXt chunk (UTF-8, uncompressed): title and alt text travel inside the file."""
    return _chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8"))


def _slices(raw: bytes, width: int, height: int) -> list[bytes]:
    """The IDAT payloads: one zlib stream, flushed fully after each slice and padded to a multiple of 3.

    `width` is the row's length in bytes (pixels times bytes per pixel)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY)  # 9 is 10x slower for 5%
    out = []
    for top in range(0, height, SLICE_ROWS):
        rows = b"".join(b"\x00" + raw[y * width : (y + 1) * width] for y in range(top, min(top + SLICE_ROWS, height)))
        last = top + SLICE_ROWS >= height
        data = packer.compress(rows) + packer.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)
        if not last:
            while len(data) % 3:
                data += EMPTY_STORED_BLOCK
        out.append(data)
    return out


def _png(size: tuple[int, int], colour_type: int, chunks: bytes, raw: bytes, row_bytes: int) -> bytes:
    """A PNG file: header, `chunks`, then `raw` (row_bytes a row) stored in slices.

    The chunks before the first IDAT are padded to a multiple of 3 bytes, so every slice starts at the
    same place in base64 (a notebook's copy) as before.
    """
    width, height = size
    head = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
    head += chunks
    if len(head) % 3:
        head += _chunk(b"paDd", b"\0" * (-(len(head) + 12) % 3))
    slices = b"".join(_chunk(b"IDAT", data) for data in _slices(raw, row_bytes, height))
    return head + slices + _chunk(b"IEND", b"")


def encode(image: Image.Image, dpi: float, text: dict[str, str] | None = None) -> bytes:
    """A palette PNG of `image` (any mode), with its resolution and optional text chunks."""
    per_metre = round(dpi / 0.0254)
    chunks = _chunk(b"PLTE", bytes(c for rgb in palette() for c in rgb))
    chunks += _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    chunks += b"".join(_text(key, value) for key, value in (text or {}).items())
    return _png(image.size, 3, chunks, _indices(image), image.size[0])


SLICED = b"slIc"  # a private, ancillary chunk marking a truecolour PNG this module wrote (see truecolour)


def truecolour(image: Image.Image) -> bytes:
    """A lossless PNG of any picture (a chart a reader drew in a notebook, in any colours), stored in
    slices as `encode` does, so that a changed claim changes only the slices it touches in git."""
    rgba = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode, kind, depth = ("RGBA", 6, 4) if rgba else ("RGB", 2, 3)
    picture = image.convert(mode)
    return _png(picture.size, kind, _chunk(SLICED, b""), picture.tobytes(), picture.size[0] * depth)
