"""``bitonal binarize`` on documents: a PDF or multi-page TIFF in, the same kind out
(or what -o / -f asks for), and one ``error:`` line for a bad document."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from typer.testing import CliRunner

from bitonal.cli.main import app

from pdf_samples import empty_pdf, encrypted_pdf

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def pdf_pages(path: Path) -> int:
    doc = pdfium.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def test_binarize_a_pdf_into_a_pdf(scanned_pdf, tmp_path):
    out = tmp_path / "out.pdf"
    result = run("binarize", scanned_pdf, "-o", out, "-m", "otsu", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert pdf_pages(out) == 3


def test_a_multipage_tiff_into_a_folder_stays_a_multipage_tiff(multipage_tiff, tmp_path):
    result = run("binarize", multipage_tiff, "--out-dir", tmp_path / "bw", "-m", "otsu", "--workers", "1")
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "bw" / "scan.tif") as img:
        assert img.n_frames == 3 and img.mode == "1"


def test_format_pdf_turns_a_tiff_into_a_pdf(multipage_tiff, tmp_path):
    result = run("binarize", multipage_tiff, "--out-dir", tmp_path, "-f", "pdf", "-m", "otsu", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert pdf_pages(tmp_path / "scan.pdf") == 3


def test_a_document_cannot_be_written_as_one_png(scanned_pdf, tmp_path):
    result = run("binarize", scanned_pdf, "-o", tmp_path / "out.png", "-m", "otsu")
    assert result.exit_code == 1
    assert "error: " in result.output and "a document cannot be written as png; use -f pdf or -f tiff" in result.output
    assert not (tmp_path / "out.png").exists()


def test_bad_pdfs_give_one_error_line_each_and_a_failed_exit(scanned_pdf, tmp_path):
    data = scanned_pdf.read_bytes()
    bad = {"locked.pdf": encrypted_pdf(data), "cut.pdf": data[: len(data) // 2], "empty.pdf": empty_pdf()}
    for name, content in bad.items():
        (tmp_path / name).write_bytes(content)
    result = run("binarize", *(tmp_path / n for n in bad), "--out-dir", tmp_path / "out")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert sorted(errors) == sorted([
        f"error: {tmp_path / 'cut.pdf'}: not a readable PDF: the file is damaged or truncated",
        f"error: {tmp_path / 'empty.pdf'}: the PDF has no pages",
        f"error: {tmp_path / 'locked.pdf'}: the PDF is encrypted (password protected); decrypt it first, e.g. qpdf --decrypt",
    ])
    assert "Traceback" not in result.output
    assert list((tmp_path / "out").iterdir()) == []
