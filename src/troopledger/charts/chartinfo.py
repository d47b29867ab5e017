"""What a reader of an exported chart needs besides the picture: title, caption, alt text, notes, claims.

Plain data, apart from the drawing code, so the build can describe charts it did not redraw.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ChartInfo:
    """What a reader of the exported file needs besides the picture."""

    slug: str
    title: str
    subtitle: str
    caption: str
    alt: str
    footnotes: list[str]
    claim_ids: list[str]
    source_ids: list[str]
