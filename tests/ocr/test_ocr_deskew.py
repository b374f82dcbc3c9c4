import numpy as np
import pytest

from bitonal.ocr.deskew import deskew, estimate_skew, rotate
from bitonal.synth import available_fonts, generate_page

pytestmark = pytest.mark.skipif(not available_fonts(), reason="no TrueType fonts installed")


@pytest.mark.parametrize(
    "seed, family, angle",
    [(1, "clean", 2.0), (2, "uneven_light", -3.3), (3, "ruled", 0.7), (4, "stamp", -7.5), (5, "tinted_paper", 11.2)],
)
def test_recovers_known_rotation(seed, family, angle):
    page = generate_page(seed, family, 0.6, size="A7", dpi=300, max_lines=10)
    assert abs(estimate_skew(rotate(page.image, angle)) - angle) < 0.3


def test_straight_page_stays_straight_and_deskew_undoes_rotation():
    page = generate_page(6, "clean", size="A7", dpi=300, max_lines=10)
    assert abs(estimate_skew(page.image)) < 0.3
    straight = deskew(rotate(page.image, 4.0))
    assert abs(estimate_skew(straight)) < 0.3
    # white fill, not black corners
    assert straight[0, 0].min() > 240 and straight[-1, -1].min() > 240


def test_blank_page_has_no_skew():
    assert estimate_skew(np.full((200, 300), 255, np.uint8)) == 0.0


def test_quarter_turns_are_exact():
    img = np.arange(12, dtype=np.uint8).reshape(3, 4)
    assert np.array_equal(rotate(img, 90), np.rot90(img))
    assert np.array_equal(rotate(rotate(img, -90), 90), img)
