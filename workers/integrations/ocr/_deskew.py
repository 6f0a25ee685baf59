"""Find a page's small skew angle with a projection-profile search.

Rotating a binarised page (text white on black) by the right angle lines the text rows up with the pixel
rows: the row sums then alternate sharply between text lines and gaps. The angle whose row profile varies
most is the page's skew. Pillow computes the row means itself (a 1-pixel-wide box resize), so no array
library is needed.
"""

from __future__ import annotations

import itertools

from PIL import Image

__all__ = ["estimate_skew"]

_WORKING_WIDTH = 500


def _profile_sharpness(text_mask: Image.Image, angle: float) -> float:
    turned = text_mask.rotate(angle, resample=Image.Resampling.NEAREST, expand=False, fillcolor=0)
    rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
    return float(sum((below - above) ** 2 for above, below in itertools.pairwise(rows)))


def _best(text_mask: Image.Image, angles: list[float]) -> float:
    return max(angles, key=lambda angle: (_profile_sharpness(text_mask, angle), -abs(angle)))


def estimate_skew(text_mask: Image.Image, *, max_angle: float = 12.0) -> float:
    """The angle (degrees, counter-clockwise as :meth:`PIL.Image.Image.rotate` takes it) that straightens
    ``text_mask``, a mode ``L`` image with text white (255) on black.

    A coarse search in 1-degree steps up to ``max_angle`` is refined in 0.1-degree steps around the winner.
    """
    scale = min(1.0, _WORKING_WIDTH / max(text_mask.width, 1))
    if scale < 1.0:
        text_mask = text_mask.resize(
            (max(1, int(text_mask.width * scale)), max(1, int(text_mask.height * scale))),
            Image.Resampling.BOX,
        )
    steps = int(max_angle)
    coarse = _best(text_mask, [float(step) for step in range(-steps, steps + 1)])
    fine = _best(text_mask, [round(coarse + tenth / 10, 1) for tenth in range(-10, 11)])
    return fine
