"""The training pages: real collections with pixel ground truth, and generated pages.

A *collection* is the unit of validation: a model is always scored on collections it
did not see. The DIBCO folder gives one collection per contest year, the train folder
one per source (Bickley diary, MSI, Persian, Nabuco, Monk Cuper Set), and generated
pages form the collection ``synth``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bitonal import imageio
from bitonal.evaluation import find_pairs
from bitonal.metrics import gt_to_mask
from bitonal.synth import FAMILIES, generate_page

SYNTH = "synth"


@dataclass(frozen=True)
class PageRef:
    """A page to load: a real image with its ground truth, or a generated page's recipe."""

    name: str
    collection: str
    image_path: Path | None = None
    gt_path: Path | None = None
    seed: int = 0
    family: str = ""
    strength: float = 0.0
    dpi: int = 300

    def load(self) -> tuple[np.ndarray, np.ndarray]:
        """The page's image and its true ink mask (True = ink)."""
        if self.image_path is not None and self.gt_path is not None:
            return imageio.read(self.image_path), gt_to_mask(imageio.read(self.gt_path))
        page = generate_page(self.seed, self.family, self.strength, dpi=self.dpi, size="A6")
        return page.image, page.ink_mask


def collection_of(name: str) -> str:
    """``2011_P03`` -> ``DIBCO2011``; ``MSI2015_z76`` -> ``MSI2015``."""
    year = re.match(r"(\d{4})_[HP]\d+$", name)
    return f"DIBCO{year.group(1)}" if year else name.split("_")[0]


def real_pages(*folders: Path) -> list[PageRef]:
    """Every image / ground-truth pair of the folders, with its collection."""
    return [
        PageRef(name, collection_of(name), image, gt)
        for folder in folders
        for name, image, gt in find_pairs(folder)
    ]


def synth_pages(per_family: int, seed: int = 50_000) -> list[PageRef]:
    """Generated pages of every degradation family at mixed strengths and resolutions.

    The seeds start far from the benchmarks' (1000 and up), so no benchmark page is
    trained on.
    """
    rng = np.random.default_rng(seed)
    refs = []
    for family in FAMILIES:
        for i in range(per_family):
            strength = 0.0 if family == "clean" else float(rng.uniform(0.2, 0.9))
            dpi = int(rng.choice([150, 200, 300, 400]))
            refs.append(PageRef(f"synth_{family}_{i}", SYNTH, seed=seed + len(refs), family=family, strength=strength, dpi=dpi))
    return refs


def by_collection(pages: list[PageRef]) -> Iterator[tuple[str, list[PageRef]]]:
    """The pages grouped by collection, in name order."""
    names = sorted({p.collection for p in pages})
    for name in names:
        yield name, [p for p in pages if p.collection == name]
