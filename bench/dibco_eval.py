"""Several methods side by side on a folder of DIBCO pairs: mean FM, pFM, PSNR, DRD.

Reuses :func:`bitonal.evaluation.evaluate_folder` (the same loop as ``bitonal eval``),
so every row uses the same metrics and the same DRD block convention.

    .venv/bin/python bench/dibco_eval.py --methods otsu,sauvola,wolf
    .venv/bin/python bench/dibco_eval.py --methods sauvola -P sauvola.window=51 --json
    .venv/bin/python bench/dibco_eval.py --drd-blocks doxa     # DRD as doxapy counts blocks
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import bitonal
from bitonal.cli.images import parse_params
from bitonal.evaluation import evaluate_folder
from bitonal.metrics import DRD_BLOCKS

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "dibco"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="folder of X.png + X_gt.png pairs")
    parser.add_argument("--methods", help="comma-separated method names (default: all registered)")
    parser.add_argument(
        "-P", "--param", action="append", default=[], metavar="METHOD.KEY=VALUE",
        help="parameter for one method, repeatable: -P sauvola.window=51",
    )
    parser.add_argument("--drd-blocks", choices=DRD_BLOCKS, default="full")
    parser.add_argument("--json", action="store_true", help="print JSON (with per-page scores)")
    args = parser.parse_args(argv)

    names = args.methods.split(",") if args.methods else [m.name for m in bitonal.methods()]
    params: dict[str, dict] = {name: {} for name in names}
    try:
        for item in args.param:
            target, dot, rest = item.partition(".")
            if not dot or target not in params:
                raise bitonal.BitonalError(f"bad -P '{item}': expected METHOD.KEY=VALUE for one of {', '.join(names)}")
            params[target].update(parse_params([rest]))
        for name in names:
            bitonal.get_method(name).validate(params[name])
    except bitonal.BitonalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    results = []
    for name in names:
        print(f"evaluating {name} ...", file=sys.stderr)
        try:
            results.append(evaluate_folder(args.data, name, params[name], drd_blocks=args.drd_blocks))
        except bitonal.BitonalError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2, default=str))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"mean over {args.data}  [DRD blocks: {args.drd_blocks}]")
        for col in ("method", "params", "pages", "FM", "pFM", "pFMw", "PSNR", "DRD", "binarize s"):
            table.add_column(col, justify="left" if col in ("method", "params") else "right")
        for r in results:
            m = r.mean
            cells = ["-"] * 5 if m is None else [
                f"{v:.2f}" if math.isfinite(v) else "inf" for v in (m.fm, m.pfm, m.pfm_w, m.psnr, m.drd)
            ]
            table.add_row(
                r.method,
                ", ".join(f"{k}={v}" for k, v in r.params.items()),
                f"{len(r.scored)}/{len(r.pages)}",
                *cells,
                f"{sum(p.seconds for p in r.scored):.1f}",
            )
        Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160).print(table)
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
