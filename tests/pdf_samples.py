"""Small PDFs for the document tests: drawn, encrypted, without pages; and a reader of
an image's filters. (On sys.path as pytest puts ``tests/`` there.)"""

from __future__ import annotations

import io

import pikepdf


def vector_pdf(width_pt: float = 200, height_pt: float = 100) -> bytes:
    """A one-page PDF with no image: a black bar drawn on a white page."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(width_pt, height_pt))
    pdf.pages[0].Contents = pdf.make_stream(b"0 0 0 rg 20 40 160 20 re f")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf(data: bytes) -> bytes:
    """``data`` (a PDF) locked with a user password."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    return out.getvalue()


def empty_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    out = io.BytesIO()
    pikepdf.new().save(out)
    return out.getvalue()


def filters(stream_dict: pikepdf.Dictionary) -> list[str]:
    """An image's /Filter as a list of names (PDF allows one name or an array)."""
    value = stream_dict.Filter
    return [str(f) for f in value] if isinstance(value, pikepdf.Array) else [str(value)]
