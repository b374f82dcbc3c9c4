"""Lines along the image's border (a book's edge, a scanner lid, a torn receipt's
shadow) are cleared; writing near the border is not."""

import numpy as np

from bitonal.engine.border import without_border_lines


def _page() -> np.ndarray:
    ink = np.zeros((1000, 700), bool)
    ink[400:420, 300:303] = True  # a stroke of writing in the middle of the page
    return ink


def test_a_line_along_the_top_edge_is_cleared():
    ink = _page()
    ink[0:20, 150:650] = True
    out = without_border_lines(ink.copy(), 3.0)
    assert not out[:20].any()
    assert out[400:420, 300:303].all()


def test_a_line_that_turns_down_the_side_in_the_corner_is_cleared_too():
    # A receipt's torn top edge in shadow, joined in the corner to a sliver along the
    # left edge that reaches below the top strip: that sliver lies along the left
    # border, so the band does not "go on into the page".
    ink = _page()
    ink[0:20, 0:650] = True
    ink[0:60, 0:2] = True
    out = without_border_lines(ink.copy(), 3.0)
    assert not out[:20, 30:].any()
    assert out[400:420, 300:303].all()


def test_writing_that_goes_on_beyond_the_strip_is_kept():
    # A long stroke at the top that continues into the page (a frame's corner, a
    # heading's rule joined to a letter) is not a border line.
    ink = _page()
    ink[5:10, 100:600] = True
    ink[5:200, 350:354] = True
    out = without_border_lines(ink.copy(), 3.0)
    assert out[5:10, 100:600].all()
