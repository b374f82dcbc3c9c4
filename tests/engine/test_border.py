"""Lines along the image's border (a book's edge, a scanner lid, a torn receipt's
shadow) are cleared; writing near the border is not."""

import numpy as np

from bitonal.engine.border import without_border_lines

WRITING = np.s_[400:420, 300:303]  # a stroke of writing in the middle of the page


def _binarized_page(*marks) -> np.ndarray:
    """A 1000 x 700 mask with the writing and ``marks`` (slices) set, border lines cleared."""
    ink = np.zeros((1000, 700), bool)
    for mark in (WRITING, *marks):
        ink[mark] = True
    out = without_border_lines(ink, 3.0)
    assert out[WRITING].all()
    return out


def test_a_line_along_the_top_edge_is_cleared():
    assert not _binarized_page(np.s_[0:20, 150:650])[:20].any()


def test_a_line_that_turns_down_the_side_in_the_corner_is_cleared_too():
    # A receipt's torn top edge in shadow, joined in the corner to a sliver along the
    # left edge that reaches below the top strip: that sliver lies along the left
    # border, so the band does not "go on into the page".
    out = _binarized_page(np.s_[0:20, 0:650], np.s_[0:60, 0:2])
    assert not out[:20, 30:].any()


def test_writing_that_goes_on_beyond_the_strip_is_kept():
    # A long stroke at the top that continues into the page (a frame's corner, a
    # heading's rule joined to a letter) is not a border line.
    out = _binarized_page(np.s_[5:10, 100:600], np.s_[5:200, 350:354])
    assert out[5:10, 100:600].all()


def test_a_wavy_page_edge_that_dips_to_the_strip_s_inner_edge_is_cleared():
    # The strip is 28 pixels deep here; the edge dips to its last row but no further.
    out = _binarized_page(np.s_[5:10, 100:600], np.s_[5:28, 300:304])
    assert not out[:28].any()
