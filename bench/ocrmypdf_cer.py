"""CER of OCRmyPDF's text layer with and without the bitonal plugin.

Builds a PDF of generated degraded pages (300 dpi JPEG scans; their text is known),
runs the real ``ocrmypdf`` command on it plainly and with ``--plugin
bitonal.ocrmypdf``, and prints the character error rate of each text layer
(extracted with pypdfium2) against the pages' text.

    .venv/bin/python bench/ocrmypdf_cer.py [--pages 2] [--size A6] [--families stains,bleed_through,uneven_light] [--strength 0.9]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import img2pdf
from PIL import Image

from bitonal.documents import pdf_text
from bitonal.ocr.cer import cer
from bitonal.synth import generate_page

OCRMYPDF = Path(sys.executable).with_name("ocrmypdf")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--size", default="A6")
    ap.add_argument("--families", default="stains,bleed_through,uneven_light")
    ap.add_argument("--strength", type=float, default=0.9)
    ap.add_argument("--first-seed", type=int, default=10)
    ap.add_argument("--ocr-input", default="bilevel", choices=("bilevel", "masked"), help="the plugin's --bitonal-ocr-input")
    args = ap.parse_args()

    family = {name: args.strength for name in args.families.split(",")}
    scans, texts = [], []
    for seed in range(args.first_seed, args.first_seed + args.pages):
        page = generate_page(seed=seed, family=family, dpi=300, size=args.size)
        out = io.BytesIO()
        Image.fromarray(page.image).save(out, format="JPEG", quality=85, dpi=(300, 300))
        scans.append(out.getvalue())
        texts.append(page.text)
    reference = "\n".join(texts)
    result: dict[str, object] = {"pages": args.pages, "size": args.size, "families": family, "ocr_input": args.ocr_input}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(img2pdf.convert(scans))
        for name, extra in (("plain", []), ("bitonal_plugin", ["--plugin", "bitonal.ocrmypdf", "--bitonal-ocr-input", args.ocr_input])):
            target = Path(tmp) / f"{name}.pdf"
            t0 = time.perf_counter()
            subprocess.run([str(OCRMYPDF), "--quiet", "--output-type", "pdf", *extra, str(source), str(target)], check=True)
            result[name] = {"cer": round(cer(reference, pdf_text(target)), 4), "seconds": round(time.perf_counter() - t0, 1)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
