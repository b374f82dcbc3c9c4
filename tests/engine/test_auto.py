"""`auto`, the default (learned) method, and `auto-rules`, the hand-tuned rules it stacks:
what they must do on the page types users send. The switches of the rules' faint-word
pass are `auto-rules`' alone, and so is one behaviour `auto` does not have (marked
RULES_ONLY, with what it does instead); docs/learned.md has the measurements."""

from pathlib import Path

import cv2
import numpy as np
import pytest

import bitonal
from bitonal import imageio
from bitonal.engine.auto import estimate_stroke_width, prepare_page
from bitonal.engine.inverted import light_ink_level
from bitonal.metrics import f_measure, gt_to_mask

RULES = "auto-rules"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(params=["auto", "auto-rules"])
def method(request):
    return request.param


def text_page(height=300, width=400, paper=225, ink=40, stroke=3, seed=0, pitch=40, first=30):
    """A page of short horizontal 'words' (20 px tall, with vertical strokes) on lines
    ``pitch`` px apart, plus its truth."""
    rng = np.random.default_rng(seed)
    truth = np.zeros((height, width), bool)
    for top in range(first, height - 40, pitch):
        left = 20
        while left < width - 60:
            length = int(rng.integers(20, 50))
            truth[top : top + 20, left : left + length][:, ::6] = True
            truth[top + 18 : top + 18 + stroke, left : left + length] = True
            left += length + 15
    # vertical bars of `stroke` px every 6 px
    truth = np.maximum.reduce([np.roll(truth, s, axis=1) for s in range(stroke)])
    page = np.where(truth, ink, paper).astype(np.float32)
    return page, truth


def agreement(mask, truth):
    return float((mask == truth).mean())


def test_auto_is_the_default_method():
    page, truth = text_page()
    assert np.array_equal(bitonal.binarize(page.astype(np.uint8)), bitonal.binarize(page.astype(np.uint8), "auto"))


def test_blank_paper_has_no_ink(method):
    rng = np.random.default_rng(1)
    paper = np.clip(rng.normal(230, 4, (300, 400)), 0, 255).astype(np.uint8)
    assert bitonal.binarize(paper, method).mean() < 0.001


def test_clean_text_is_recovered_exactly(method):
    page, truth = text_page()
    assert agreement(bitonal.binarize(page.astype(np.uint8), method), truth) > 0.995


def test_a_phone_shadow_does_not_become_ink(method):
    page, truth = text_page(ink=110)
    shadow = np.linspace(1.0, 0.4, page.shape[1])[None, :]
    shadowed = (page * shadow).astype(np.uint8)  # the shadow side is darker than ink is on the lit side
    mask = bitonal.binarize(shadowed, method)
    assert agreement(mask, truth) > 0.99
    assert bitonal.binarize(shadowed, "otsu").mean() > mask.mean() + 0.1  # what a global threshold does


def test_faint_ink_on_stained_paper_is_kept(method):
    page, truth = text_page(paper=215, ink=170)
    yy, xx = np.mgrid[: page.shape[0], : page.shape[1]]
    stain = 45 * np.exp(-(((yy - 150) / 70.0) ** 2 + ((xx - 200) / 90.0) ** 2))
    mask = bitonal.binarize(np.clip(page - stain, 0, 255).astype(np.uint8), method)
    assert agreement(mask, truth) > 0.98


def test_blue_pen_stays_and_a_red_stamp_goes_when_asked(method):
    page, truth = text_page()
    rgb = np.stack([page] * 3, axis=-1)
    rgb[truth] = (30, 50, 170)  # blue ballpoint text
    stamp = np.zeros(truth.shape, bool)
    stamp[40:200, 250:380] = True
    stamp[60:180, 270:360] = False  # a red rectangular stamp outline, 20 px thick
    rgb[stamp & ~truth] = (200, 40, 45)
    mask = bitonal.binarize(rgb.astype(np.uint8), method, color_marks="drop")
    assert mask[truth].mean() > 0.97
    assert mask[stamp & ~truth].mean() < 0.02
    luma = bitonal.engine.color.ink_gray(rgb.astype(np.uint8), color_marks="keep")
    assert luma[stamp & ~truth].max() < 120  # the stamp is as dark as ink in plain grey


def test_dark_red_print_stays_ink_by_default(method):
    page, truth = text_page()
    rgb = np.stack([page] * 3, axis=-1)
    rgb[truth] = (170, 50, 45)  # a red printed heading, as in old books
    assert bitonal.binarize(rgb.astype(np.uint8), method)[truth].mean() > 0.97


def test_yellow_highlighter_over_text_keeps_the_text(method):
    page, truth = text_page()
    rgb = np.stack([page] * 3, axis=-1)
    band = np.zeros(truth.shape, bool)
    band[25:55, :] = True
    rgb[band & ~truth] = (245, 235, 90)
    rgb[band & truth] = (40, 38, 20)
    mask = bitonal.binarize(rgb.astype(np.uint8), method)
    assert agreement(mask[band], truth[band]) > 0.99


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
def test_bit_depths_give_the_same_answer(dtype, method):
    page, truth = text_page()
    scale = {np.uint8: 1, np.uint16: 257, np.float32: 1 / 255}[dtype]
    mask = bitonal.binarize((page * scale).astype(dtype), method)
    assert agreement(mask, truth) > 0.995


def test_stroke_width_is_measured_from_the_image():
    for stroke in (2, 4, 8):
        page, _ = text_page(stroke=stroke)
        assert estimate_stroke_width(page.astype(np.uint8)) == pytest.approx(stroke, rel=0.5)


def test_sensitivity_is_validated():
    with pytest.raises(bitonal.engine.InvalidParameterError, match="sensitivity"):
        bitonal.binarize(np.zeros((8, 8), np.uint8), sensitivity=2)


def test_white_text_on_a_dark_box_becomes_black_text_on_paper(method):
    page, truth = text_page(height=600, width=600)
    box = np.zeros(truth.shape, bool)
    box[100:400, 60:560] = True
    inverted = np.where(truth, 235, 45)  # light strokes on a dark banner
    page = np.where(box, inverted, page).astype(np.uint8)
    mask = bitonal.binarize(page, method)
    inner = box.copy()
    inner[100:140], inner[360:400], inner[:, 60:100], inner[:, 520:560] = False, False, False, False
    assert agreement(mask[inner], truth[inner]) > 0.98


def test_the_last_line_of_a_dark_box_close_to_its_edge_is_swapped_too(method):
    """The thumbnail's region stops short of a box's edge; the light writing of the
    box's last line, a few pixels above that edge, is still read as ink."""
    page, truth = text_page(height=600, width=600)
    box = np.zeros(truth.shape, bool)
    box[100:376, 60:560] = True  # its last line of writing is at 350-371
    page = np.where(box, np.where(truth, 235, 45), page).astype(np.uint8)
    mask = bitonal.binarize(page, method)
    last_line = np.zeros_like(box)
    last_line[350:376, 100:520] = True  # words that cross the box's sides are left out
    assert mask[last_line & truth].mean() > 0.98
    assert mask[box & ~truth].mean() < 0.01


def test_dark_writing_that_runs_into_a_dark_box_stays_whole(method):
    """A line whose foot dips into a dark banner with white writing: the part inside
    is darker than the banner and stays ink; banner and paper stay paper."""
    page, truth = text_page(height=600, width=600, paper=235, ink=10)
    box = np.zeros(truth.shape, bool)
    box[125:450, 40:560] = True  # cuts the words of the line at 110-133 near their foot
    crossing = truth & box & (np.arange(600)[:, None] < 140)
    page = np.where(box & ~crossing, np.where(truth, 235, 60), page).astype(np.uint8)
    mask = bitonal.binarize(page, method)
    assert mask[crossing].mean() > 0.9
    assert mask[box & ~truth].mean() < 0.01
    assert mask[~truth & ~box].mean() < 0.005


def test_a_noisy_dark_border_is_not_read_as_white_text():
    rng = np.random.default_rng(3)
    page, _ = text_page(height=600, width=600)
    page[:, 420:] = np.clip(rng.normal(60, 40, (600, 180)), 0, 255)
    region = np.zeros(page.shape, bool)
    region[:, 420:] = True
    assert light_ink_level(page.astype(np.uint8), region) is None


@pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data not found at {DATA}")
@pytest.mark.parametrize("name", ["MSI2015_H02", "MSI2015_H31"])
def test_faint_writing_is_found_past_a_black_frame_or_band(name, method):
    # Multispectral bands: writing some 40 grey levels under the paper, and a black line
    # all around the scan (H02) or a black band reaching in from the border (H31), by
    # far the sharpest contrast on the page (FM 0.3 and 23 when they set the edges'
    # contrast level).
    image = imageio.read(DATA / "train" / f"{name}.png")
    truth = gt_to_mask(imageio.read(DATA / "train" / f"{name}_gt.png"))
    assert f_measure(bitonal.binarize(image, method), truth) > 60


def _faded_right_half(paper=250, ink=40, faded_ink=200):
    page, truth = text_page(paper=paper, ink=ink)
    faded = np.zeros(truth.shape, bool)
    faded[:, 200:] = True  # the right half of the page has faded to a light grey
    return np.where(truth & faded, faded_ink, page).astype(np.uint8), truth, truth & faded


def test_faded_words_on_the_lines_of_clear_text_are_kept(method):
    page, truth, faded = _faded_right_half()
    mask = bitonal.binarize(page, method)
    assert mask[faded].mean() > 0.95
    assert mask[~truth].mean() < 0.005
    assert bitonal.binarize(page, RULES, faint_words=False)[faded].mean() < 0.1  # what the hysteresis alone keeps


@pytest.mark.parametrize(("shift", "kept"), [(2, True), (9, False)])
def test_a_faint_word_must_sit_at_the_height_of_its_line(shift, kept):
    """Faint words 2 px below the line's middle are faded text; 9 px below (almost
    half a letter) they are something else lining up by chance."""
    method = RULES  # the line test is the rules' faint-word pass (auto keeps what it keeps)
    page, truth, faded = _faded_right_half()
    page[:, 200:] = np.roll(page[:, 200:], shift, axis=0)
    faded = np.roll(faded, shift, axis=0)
    assert (bitonal.binarize(page, method)[faded].mean() > 0.9) == kept


def _show_through_between_the_lines(blur=0.0):
    """Clear lines 60 px apart, and as light a text (sharp unless ``blur``) halfway between them."""
    front, front_truth = text_page(height=420, paper=250, ink=40, pitch=60)
    back, back_truth = text_page(height=420, paper=250, ink=200, pitch=60, first=60, seed=7)
    back = back.astype(np.float32)
    if blur:
        back = cv2.GaussianBlur(back, (0, 0), blur)
    return np.minimum(front, back).astype(np.uint8), front_truth, back_truth & ~front_truth


def test_faint_text_between_the_lines_is_taken_for_show_through(method):
    page, front, back = _show_through_between_the_lines()
    assert bitonal.binarize(page, method)[back].mean() < 0.02
    assert bitonal.binarize(page, method)[front].mean() > 0.97
    # faint_strokes drops the line condition: the same faint text comes back
    assert bitonal.binarize(page, RULES, faint_strokes=True)[back].mean() > 0.9


def test_faint_text_that_mostly_misses_the_lines_goes_even_where_it_lines_up():
    """Show-through with its own line pitch: half its lines fall on the front's, half
    between; the page shows that the faint text is not faded front text."""
    method = RULES  # the page-share rule is the rules' faint-word pass (auto keeps what it keeps)
    front, front_truth = text_page(height=420, paper=250, ink=40, pitch=60)
    back, back_truth = text_page(height=420, paper=250, ink=200, pitch=30, seed=7)
    left = np.zeros(front.shape, bool)
    left[:, :200] = True
    page = np.where(left, front, back).astype(np.uint8)
    front_truth, back_truth = front_truth & left, back_truth & ~left
    aligned = back_truth.copy()
    aligned[np.arange(420) % 60 < 30] = False  # keep the back's lines that sit on a front line
    mask = bitonal.binarize(page, method)
    assert mask[front_truth].mean() > 0.97
    assert mask[aligned].mean() < 0.05


def test_soft_edged_faint_text_on_the_lines_is_not_kept(method):
    """Ink seen through the paper is diffused: even on the lines, a blurred faint
    word is not taken for faded ink."""
    page, truth, faded = _faded_right_half(faded_ink=150)
    soft = cv2.GaussianBlur(page.astype(np.float32), (0, 0), 1.5)
    page[:, 200:] = np.round(soft[:, 200:])
    assert page[faded].min() < 200  # as deep as the sharp faded words that are kept
    assert bitonal.binarize(page, method)[faded].mean() < 0.05
    assert bitonal.binarize(page, method)[truth & ~faded].mean() > 0.97


@pytest.mark.parametrize("shade", [240, 230, 220, 210, 200, 180])
def test_a_grey_box_behind_a_word_stays_paper(shade, method):
    """A code span or a shaded table cell on a noiseless page: background division
    leaves a few levels of the box's edges, sharp and on the line; they are not
    faint words."""
    page, truth = text_page(height=1000, width=1000, paper=250, ink=40)
    box = np.zeros(truth.shape, bool)
    box[108:132, 300:420] = True  # just taller than the words of the line at 110-130
    page = np.where(box & ~truth, shade, page).astype(np.uint8)
    mask = bitonal.binarize(page, method)
    assert mask[box & ~truth].mean() < 0.01
    assert mask[truth].mean() > 0.97


def test_grainy_paper_gives_no_faint_words():
    """On a large grainy page the background normalisation clips the paper's lighter
    half at white; the noise is measured on its darker half, so grain in slightly
    darker patches of paper is not taken for faint words."""
    rng = np.random.default_rng(5)
    n = 1600
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
    paper = 215 + 25 * xx / n - 20 * yy / n - 35 * np.exp(-((yy - 0.6 * n) ** 2 + (xx - 0.3 * n) ** 2) / (0.125 * n * n))
    strokes = np.zeros((n, n), np.uint8)
    for y in range(40, n - 40, 40):
        for x in range(20, n - 40, 12):
            if rng.random() < 0.7:
                end = (x + int(rng.integers(-6, 6)), y + int(rng.integers(10, 20)))
                cv2.line(strokes, (x, y + int(rng.integers(-5, 5))), end, 255, int(rng.integers(2, 4)), cv2.LINE_AA)
    page = np.clip(paper * (1 - 0.7 * strokes / 255.0) + rng.normal(0, 6, (n, n)), 0, 255).astype(np.uint8)
    added = bitonal.binarize(page, RULES) & ~bitonal.binarize(page, RULES, faint_words=False)
    assert added.sum() < 100


def _blue(rgb, where):
    rgb[where] = (60, 80, 200)


def test_a_blue_rubber_stamp_over_black_text_goes_and_the_text_stays(method):
    page, truth = text_page(height=600, width=600)
    rgb = np.stack([page] * 3, axis=-1).astype(np.uint8)
    frame = np.zeros(truth.shape, np.uint8)
    cv2.rectangle(frame, (150, 120), (450, 330), 1, thickness=10)
    cv2.putText(frame, "PAID", (230, 250), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 1, 6)
    stamp = frame.astype(bool) & ~truth
    _blue(rgb, stamp)
    mask = bitonal.binarize(rgb, method)
    assert mask[stamp].mean() < 0.05
    assert mask[truth].mean() > 0.97


def test_blue_handwriting_with_loops_is_not_a_stamp(method):
    page, _ = text_page(height=600, width=600)
    rgb = np.stack([page] * 3, axis=-1).astype(np.uint8)
    loops = np.zeros(page.shape, np.uint8)
    for x in range(60, 540, 30):  # a line of small looped letters, like cursive "e"s and "l"s
        cv2.ellipse(loops, (x, 480), (12, 18), 20, 0, 330, 1, thickness=3)
    _blue(rgb, loops.astype(bool))
    assert bitonal.binarize(rgb, method)[loops.astype(bool)].mean() > 0.95


def _slide(ground, writing):
    """A 1280x720 slide: a title and three bullet lines in `writing` on `ground`."""
    slide = np.zeros((720, 1280, 3), np.uint8)
    slide[:] = ground
    text = np.zeros((720, 1280), np.uint8)
    cv2.putText(text, "Quarterly results", (80, 120), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 1, 5)
    for i, line in enumerate(["- revenue grew", "- costs stayed flat", "- next steps: hire"]):
        cv2.putText(text, line, (110, 260 + 90 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 1, 3)
    slide[text > 0] = writing
    return slide, text > 0


def test_a_dark_slide_comes_out_as_black_writing_on_white(method):
    slide, writing = _slide((20, 40, 110), (250, 250, 250))
    mask = bitonal.binarize(slide, method)
    assert mask[writing].mean() > 0.97
    assert mask[~writing].mean() < 0.005


def test_a_slide_s_accent_bar_along_its_edge_leaves_no_line(method):
    # The step from a lighter bar along the slide's edge to its dark ground read as a
    # column of ink, and Tesseract as a row of dashes.
    slide, writing = _slide((20, 50, 60), (200, 220, 225))
    slide[:, :21] = (60, 180, 210)
    noise = np.random.default_rng(5).normal(0, 10, slide.shape)
    slide = np.clip(slide + noise, 0, 255).astype(np.uint8)
    mask = bitonal.binarize(slide, method)
    assert mask[writing].mean() > 0.95
    assert mask[:, :60].sum() < 50


def test_a_chart_s_bars_come_out_filled_and_the_letters_keep_their_holes(method):
    # Bars far wider than the background window came out as outlines: Tesseract read
    # four hollow bars as "HOLT".
    text, words = text_page(height=400, width=900)
    page = np.vstack([text, np.full((300, 900), 225.0)])
    writing = np.vstack([words, np.zeros((300, 900), bool)])
    bars = np.zeros(writing.shape, bool)
    for left in (80, 300, 520):
        bars[420:660, left : left + 150] = True
    page = np.where(bars, 70, page).astype(np.uint8)
    mask = bitonal.binarize(page, method)
    assert mask[bars].mean() > 0.97
    assert mask[writing & ~bars].mean() > 0.97
    assert mask[~writing & ~bars].mean() < 0.005


def test_small_marks_survive_beside_a_dark_band(method):
    slide, writing = _slide((240, 240, 240), (15, 15, 15))
    slide[:, 900:] = (20, 40, 110)  # a dark side band covering a third of the slide
    mask = bitonal.binarize(slide, method)
    assert mask[writing].mean() > 0.97  # the colon's dots and the dashes are kept


@pytest.mark.parametrize("grey", [60, 150, 190])
def test_a_bold_heading_stays_filled(grey, method):
    """Strokes far wider than the body text's (a bold heading, thermal print) are ink
    through and through, not outlines with paper inside."""
    page = np.full((900, 1800), 250, np.uint8)
    cv2.putText(page, "HEAD 42", (40, 250), cv2.FONT_HERSHEY_SIMPLEX, 5.0, grey, 22)
    heading = page < 250
    for i in range(6):
        cv2.putText(page, f"ordinary body text under the heading, line {i}", (40, 480 + 60 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 30, 2)
    mask = bitonal.binarize(page, method)
    assert mask[heading].mean() > 0.97
    assert mask[~heading & (page == 250)].mean() < 0.005


def test_a_title_so_bold_the_background_window_would_hollow_it_stays_filled(method):
    """A printed title's tall letters, strokes ten times the body text's and as tall as a
    third of the page (DIBCO 2009_P03's blackletter), are ink through and through: the
    probe that measures the boldest writing must not hollow them itself."""
    page = np.full((500, 1200), 240, np.uint8)
    title = np.zeros(page.shape, bool)
    for left in range(200, 1000, 160):  # letters of two 28 px strokes joined at the foot
        title[30:210, left : left + 28] = True
        title[60:210, left + 70 : left + 98] = True
        title[182:210, left : left + 98] = True
    page[title] = 110
    for i, words in enumerate(["im Marggrafthum Nieder-Lausitz,", "benebst deren Statuten,", "und andern Urkunden."]):
        cv2.putText(page, words, (150, 300 + 60 * i), cv2.FONT_HERSHEY_COMPLEX, 1.4, 30, 3)
    page = cv2.GaussianBlur(page, (0, 0), 0.7)
    mask = bitonal.binarize(page, method)
    assert mask[title].mean() > 0.97
    assert mask[~title & (page > 235)].mean() < 0.005


@pytest.mark.parametrize(("blur", "bold"), [(0.7, True), (3.0, False)])
def test_blurred_smudges_of_ink_are_not_taken_for_bold_writing(blur, bold):
    """Long dark strokes far wider than the writing widen the background window only
    when their edges are sharp (print, a pen): smudges of blurred ink (DIBCO 2012_H08)
    would then be kept whole as ink."""
    page = np.full((500, 1200), 240, np.uint8)
    for i in range(5):
        cv2.putText(page, "a few words of writing", (40, 60 + 90 * i), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.6, 30, 3)
    strokes = np.full(page.shape, 255, np.uint8)
    for left in range(720, 1150, 90):
        cv2.line(strokes, (left, 150), (left + 30, 350), 80, 24)
    page = np.minimum(page, cv2.GaussianBlur(strokes, (0, 0), blur))
    assert (prepare_page(page).bold > 0) is bold


def test_a_dark_box_leaves_no_outline(method):
    """The step from paper to a dark box is no ink: an outline along the box's edge
    would cut through the descenders of the line above and read as a rule."""
    from bitonal.synth import generate_page

    page = generate_page(1000, "inverted_region", 0.9, size="A6", dpi=300, max_lines=14)
    mask = bitonal.binarize(page.image, method)
    rows = mask[:, 10:-10].mean(axis=1)
    assert rows.max() < 0.5  # no row of the page is a line of ink
    assert (mask & ~page.ink_mask).sum() < 0.08 * page.ink_mask.sum()


def test_the_feet_of_the_line_above_a_noisy_dark_box_stay_whole(method):
    """JPEG noise on a dark box: the descenders of the line just above it, taken into
    the box's region, came out dotted (only their darkest pixels are darker than the
    noisy ground); Tesseract read "neighbourhood" as "neic:hbourhood"."""
    from bitonal.synth import generate_page

    page = generate_page(3000, "inverted_region+jpeg_noise", 0.7, size="A6", dpi=300, max_lines=14)
    gray = cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY)
    top = int(np.flatnonzero((gray < 100).mean(axis=1) > 0.5)[0])  # the box's first row
    above = np.zeros(gray.shape, bool)
    above[top - 20 : top] = True
    assert bitonal.binarize(page.image, method)[page.ink_mask & above].mean() > 0.95


def _thin_print_with_grey_rims(paper_rgb, specks=0):
    """Thin dark print whose strokes have a grey rim (thermal print, small type scanned
    at low resolution), on paper of the given colour, with ``specks`` grey specks."""
    page, core = text_page(paper=0, ink=0, stroke=2)
    rim = cv2.dilate(core.view(np.uint8), np.ones((3, 3), np.uint8)).view(bool) & ~core
    grey = np.where(core, 60, np.where(rim, 160, 0)).astype(np.uint8)
    rgb = np.empty(core.shape + (3,), np.uint8)
    rgb[:] = paper_rgb
    rgb[core | rim] = grey[core | rim, None]
    rng = np.random.default_rng(3)
    for y, x in rng.integers(5, (core.shape[0] - 5, core.shape[1] - 5), (specks, 2)):
        if not (core | rim)[y - 3 : y + 4, x - 3 : x + 4].any():
            rgb[y : y + 2, x : x + 2] = 215
    return rgb, rim


def test_thin_print_on_clean_white_paper_keeps_its_grey_rims():
    """Tesseract reads thin print (receipts, small type) better with its strokes' grey
    rims; on clean white paper there is nothing else for them to join, so they stay."""
    method = RULES  # RULES_ONLY: auto keeps 71 % of them (its clean-paper shift is smaller)
    rgb, rim = _thin_print_with_grey_rims((245, 245, 245))
    assert bitonal.binarize(rgb, method)[rim].mean() > 0.9


@pytest.mark.parametrize(("paper", "specks"), [((240, 228, 190), 0), ((245, 245, 245), 1500)])
def test_on_aged_or_marked_paper_the_grey_rims_stay_paper(paper, specks):
    """Yellowed paper (historical pages) or paper marked with grey specks (stains,
    show-through, texture): the rims are left to the tuned threshold, as before."""
    rgb, rim = _thin_print_with_grey_rims(paper, specks)
    assert bitonal.binarize(rgb, RULES)[rim].mean() < 0.3
