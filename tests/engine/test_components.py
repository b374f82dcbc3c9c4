import cv2
import numpy as np

from bitonal.engine.components import component_labels, keep_components_touching, label_components
from bitonal.synth import generate_page


def _masks():
    rng = np.random.default_rng(0)
    yield (rng.random((300, 400)) < 0.45).astype(np.uint8)  # many small, touching blobs
    page = generate_page(3, "stains", 0.6, dpi=150, size="A7").image
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    yield (grey < 128).astype(np.uint8) * 255  # letters
    yield (grey >= 128).astype(np.uint8)  # the paper around them, holes included


def test_labelling_gives_opencv_s_default_labels_and_statistics():
    """BBDT is only faster: the same labels, numbered alike, and the same statistics."""
    for mask in _masks():
        count, labels, stats, _ = label_components(mask)
        expected_count, expected_labels, expected_stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        assert count == expected_count
        np.testing.assert_array_equal(labels, expected_labels)
        np.testing.assert_array_equal(stats, expected_stats)
        np.testing.assert_array_equal(component_labels(mask)[1], cv2.connectedComponents(mask, connectivity=8)[1])


def test_hysteresis_keeps_the_components_that_touch_a_seed_and_drops_specks():
    mask = np.zeros((20, 30), bool)
    mask[2:5, 2:20] = True  # a stroke with a seed
    mask[10:13, 2:20] = True  # a stroke without
    mask[16, 25] = True  # a seeded speck
    seeds = np.zeros_like(mask)
    seeds[3, 10] = seeds[16, 25] = True
    kept = keep_components_touching(mask, seeds, min_area=2)
    assert kept[2:5, 2:20].all() and not kept[10:13].any() and not kept[16, 25]
