import os

import pytest
from PIL import Image
from typer.testing import CliRunner

from bitonal.cli.main import app
from bitonal.ocr import cer
from bitonal.ocr.settings import tessdata_dir
from bitonal.synth import available_fonts, generate_page

needs_tesseract = pytest.mark.skipif(
    not os.path.exists(os.path.join(tessdata_dir(), "eng.traineddata")) or not available_fonts(),
    reason="Tesseract English data or fonts not installed",
)


@pytest.fixture(scope="module")
def page_png(tmp_path_factory):
    page = generate_page(21, "clean", size="A7", dpi=300, max_lines=4)
    path = tmp_path_factory.mktemp("cli") / "page.png"
    Image.fromarray(page.image).save(path, dpi=(300, 300))
    return page, path


def _run(*args):
    return CliRunner().invoke(app, ["ocr", *map(str, args)])


@needs_tesseract
def test_text_to_stdout(page_png):
    page, path = page_png
    res = _run(path)
    assert res.exit_code == 0, res.output
    assert cer(page.text, res.stdout) < 0.03


@needs_tesseract
def test_binarized_hocr_and_pdf_to_files(page_png, tmp_path):
    _, path = page_png
    out = tmp_path / "p.hocr"
    res = _run(path, "--binarize", "--method", "otsu", "--format", "hocr", "-o", out)
    assert res.exit_code == 0, res.output
    assert b"ocrx_word" in out.read_bytes()
    pdf = tmp_path / "p.pdf"
    assert _run(path, "--no-deskew", "-f", "pdf", "-o", pdf).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "args, words",
    [
        (["/no/such/file.png"], "no such file"),
        (["{notimage}"], "not an image"),
        (["{png}", "--format", "docx"], "--format"),
        (["{png}", "--binarize", "--method", "nosuch"], "unknown method"),
        (["{png}", "--language", "Klingon"], "language"),
    ],
)
def test_errors_are_one_line_with_nonzero_exit(args, words, tmp_path, page_png):
    bad = tmp_path / "notimage.png"
    bad.write_text("hello")
    args = [a.format(notimage=bad, png=page_png[1]) for a in args]
    res = _run(*args)
    assert res.exit_code != 0
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and lines[0].startswith("error:")
    assert "Traceback" not in res.output
