"""Commands of the 'images' group: ``binarize``, ``methods`` and ``eval``.

Every failure a user can cause (missing file, not an image, unknown method, bad
parameter, unwritable output) ends as one line ``error: ...`` on stderr and a
non-zero exit status, never a traceback. In a batch, one bad file is reported and
the others are still done; the exit status is non-zero at the end.

Exit statuses: 0 all done (skipped outputs count as done), 1 some file failed,
2 bad usage (unknown method, bad parameter, nowhere to write).

Importing this module stays light (no numpy, OpenCV, Pillow): ``bitonal --help``
and ``bitonal methods`` start fast, and each command imports what it needs.
"""

from __future__ import annotations

import functools
import glob
import json
import math
import os
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from . import documents
from .catalog import DEFAULT_METHOD, method_catalog
from .inputs import STDIO

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from ..evaluation import PageResult

EXIT_FAILED = 1
EXIT_USAGE = 2


@functools.cache
def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _error(message: str) -> None:
    """One line on stderr, plain text (no markup, no wrapping)."""
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()


def _note(message: str) -> None:
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()


# -- parameters --------------------------------------------------------------------------


def parse_params(items: Iterable[str] | None) -> dict[str, Any]:
    """``["window=51", "k=0.3", "mode=fast"]`` -> ``{"window": 51, "k": 0.3, "mode": "fast"}``.

    Values are read as JSON scalars when they are one (numbers, ``true``/``false``,
    ``null``), else kept as strings. Raises :class:`BitonalError` on an item
    without ``=``.
    """
    from ..engine.errors import BitonalError

    params: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise BitonalError(f"bad parameter '{item}': expected KEY=VALUE, e.g. window=51")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        if isinstance(value, (list, dict)):
            value = raw
        params[key] = value
    return params


def _checked_method(method: str, param: list[str] | None) -> dict[str, Any]:
    """Validate method and parameters once, up front; exit 2 with one line if bad."""
    from ..engine import BitonalError, get_method

    try:
        params = parse_params(param)
        get_method(method).validate(params)
    except BitonalError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    return params


# -- inputs and outputs ------------------------------------------------------------------


def _is_image_name(path: Path) -> bool:
    from ..evaluation import IMAGE_SUFFIXES

    return path.suffix.lower() in IMAGE_SUFFIXES + (".gif", ".pbm", ".pgm", ".ppm", ".jp2", ".pdf")


def expand_inputs(inputs: Iterable[str]) -> tuple[list[str | Path], list[str]]:
    """Files, folders (their images, sorted, not recursive), globs and ``-`` (stdin).

    Returns the inputs found and one error message per argument that named nothing.
    """
    found: list[str | Path] = []
    problems: list[str] = []
    for arg in inputs:
        if arg == STDIO:
            found.append(STDIO)
            continue
        path = Path(arg)
        if path.is_dir():
            images = sorted(p for p in path.iterdir() if p.is_file() and _is_image_name(p))
            if not images:
                problems.append(f"{arg}: folder holds no images")
            found.extend(images)
        elif path.exists():
            found.append(path)
        elif glob.has_magic(arg):
            matches = sorted(Path(m) for m in glob.glob(arg) if Path(m).is_file())
            if not matches:
                problems.append(f"{arg}: no file matches")
            found.extend(matches)
        else:
            problems.append(f"{arg}: no such file")
    # the same file named twice is done once
    seen: set[str] = set()
    unique: list[str | Path] = []
    for item in found:
        key = item if item == STDIO else str(Path(item).resolve())
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique, problems


_SUFFIXES = {"png": ".png", "tiff": ".tif", "pdf": ".pdf"}


def _progress(*, show: bool) -> Progress:
    """A bar on stderr, drawn only when stderr is a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    _err = _stderr_console()
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=_err,
        transient=True,
        disable=not (show and _err.is_terminal),
    )


def _write(data: bytes, target: str | Path) -> None:
    """Write ``data`` to stdout or, atomically, to a file (a half-written output
    never looks done to a resumed batch)."""
    if target == STDIO:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _name(item: str | Path) -> str:
    return "<stdin>" if item == STDIO else str(item)


# -- commands ----------------------------------------------------------------------------


def binarize_command(
    inputs: list[str] = typer.Argument(
        ..., metavar="IN...", help="Images, PDFs, multi-page TIFFs, folders (their images), globs, or '-' for stdin."
    ),
    output: str | None = typer.Option(
        None, "-o", "--output", metavar="OUT", help="Output file for a single input; '-' writes to stdout."
    ),
    out_dir: Path | None = typer.Option(
        None, "--out-dir", metavar="DIR", help="Folder for the outputs, named <input stem>.<format>."
    ),
    method: str = typer.Option(DEFAULT_METHOD, "--method", "-m", help="Binarization method (see 'bitonal methods')."),
    param: list[str] | None = typer.Option(
        None, "--param", "-P", metavar="KEY=VALUE", help="Method parameter, repeatable: -P window=51 -P k=0.3."
    ),
    fmt: str | None = typer.Option(
        None, "--format", "-f",
        help="png (1-bit), tiff (CCITT G4, one frame per page) or pdf (G4 pages); default from -o's suffix, "
        "else a document's own kind, else png.",
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace outputs that exist (default: skip them)."),
    dpi: float = typer.Option(300, "--dpi", min=50, max=1200, help="Rendering resolution of PDF pages that are not one scanned image."),
    workers: int = typer.Option(0, "--workers", min=0, help="Processes for the pages of a document (0: one per core)."),
) -> None:
    """Binarize images and documents: ink black, paper white.

    Images become 1-bit PNG or G4 TIFF; PDFs and multi-page TIFFs become a PDF or
    a multi-page G4 TIFF with one page per input page, page size and resolution
    kept (a scanned PDF page keeps its scan's resolution). The input's dpi is
    carried to the output when the input records it. Outputs that already exist
    are skipped unless --overwrite, so an interrupted batch resumes.
    """
    from .. import imageio
    from ..engine import BitonalError, binarize
    from .inputs import load_image

    if fmt is not None and fmt not in imageio.OUTPUT_FORMATS + documents.DOCUMENT_FORMATS:
        choices = dict.fromkeys(imageio.OUTPUT_FORMATS + documents.DOCUMENT_FORMATS)
        _error(f"unknown format '{fmt}' (choose from {', '.join(choices)})")
        raise typer.Exit(EXIT_USAGE)
    params = _checked_method(method, param)
    if output is not None and out_dir is not None:
        _error("give either -o/--output or --out-dir, not both")
        raise typer.Exit(EXIT_USAGE)

    items, problems = expand_inputs(inputs)
    for problem in problems:
        _error(problem)
    if not items:
        raise typer.Exit(EXIT_FAILED)
    if output is not None and len(items) > 1:
        _error(f"{len(items)} inputs but one output '{output}': use --out-dir DIR for several inputs")
        raise typer.Exit(EXIT_USAGE)
    if output is None and out_dir is None:
        if items == [STDIO]:
            output = STDIO
        else:
            _error("say where to write: -o OUT (one input) or --out-dir DIR")
            raise typer.Exit(EXIT_USAGE)
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            _error(f"{out_dir}: exists and is not a folder")
            raise typer.Exit(EXIT_USAGE)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _error(f"{out_dir}: cannot create the output folder ({exc.strerror})")
            raise typer.Exit(EXIT_USAGE) from None

    # plan the outputs; two inputs with the same stem would write the same file
    plan: list[tuple[str | Path, str | Path, str, bool]] = []
    targets: dict[str, str] = {}
    failed = bool(problems)
    for item in items:
        kind = documents.document_kind(item)
        if output is not None:
            target: str | Path = output
            item_fmt = documents.output_format(kind, target, fmt)
        else:
            stem = "stdin" if item == STDIO else Path(item).stem
            item_fmt = documents.output_format(kind, STDIO, fmt)
            target = out_dir / f"{stem}{_SUFFIXES[item_fmt]}"  # type: ignore[operator]
        key = str(target)
        if key != STDIO and key in targets:
            _error(f"{_name(item)}: output {target} would overwrite the output of {targets[key]}; skipped")
            failed = True
            continue
        targets[key] = _name(item)
        plan.append((item, target, item_fmt, kind is not None or item_fmt == "pdf"))

    limits = imageio.DEFAULT_LIMITS
    done = skipped = 0
    progress = _progress(show=len(plan) > 1 or any(is_document for *_, is_document in plan))
    with progress:
        task = progress.add_task("binarizing", total=len(plan))
        for item, target, item_fmt, is_document in plan:
            progress.update(task, description=Path(_name(item)).name)
            try:
                if target != STDIO and Path(target).exists() and not overwrite:
                    progress.console.print(
                        f"skipped {_name(item)}: {target} exists (use --overwrite to replace it)",
                        markup=False,
                    )
                    skipped += 1
                    continue
                if is_document:
                    data = documents.binarize_document_file(
                        item, item_fmt, method, params, workers=workers, dpi=dpi, progress=progress
                    )
                else:
                    image, image_dpi = load_image(item, limits)
                    mask = binarize(image, method, **params)
                    data = imageio.encode(mask, item_fmt, image_dpi)  # type: ignore[arg-type]
                _write(data, target)
                done += 1
            except BitonalError as exc:
                _error(str(exc))
                failed = True
            except OSError as exc:
                _error(f"cannot write {target}: {exc.strerror or exc}")
                failed = True
            finally:
                progress.advance(task)
    if len(plan) > 1 or skipped:
        _note(f"{done} written, {skipped} skipped, {len(plan) - done - skipped + len(problems)} failed")
    if failed:
        raise typer.Exit(EXIT_FAILED)


def _constraint_text(constraints: dict[str, Any]) -> str:
    if "enum" in constraints:
        return "one of " + ", ".join(map(str, constraints["enum"]))
    lo = constraints.get("minimum", constraints.get("exclusiveMinimum"))
    hi = constraints.get("maximum", constraints.get("exclusiveMaximum"))
    if lo is None and hi is None:
        return ""
    left = "(" if "exclusiveMinimum" in constraints else "["
    right = ")" if "exclusiveMaximum" in constraints else "]"
    return f"{left}{'' if lo is None else lo}..{'' if hi is None else hi}{right}"


def methods_command(
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """List the binarization methods and their parameters."""
    data = method_catalog()
    if as_json:
        typer.echo(json.dumps(data, indent=2, default=str))
        return
    # plain text, not a rich table: importing rich alone would double the start time
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    indent = max(len(m["name"]) for m in data) + 2
    lines = ["method, summary, parameters (type = default, range)", ""]
    for m in data:
        summary = textwrap.wrap(m["summary"], width - indent) or [""]
        lines.append(m["name"].ljust(indent) + summary[0])
        lines += [" " * indent + line for line in summary[1:]]
        for p in m["parameters"]:
            rng = _constraint_text(p["constraints"])
            lines.append(" " * (indent + 2) + f"{p['name']}: {p['type']} = {p['default']!r}" + (f"  {rng}" if rng else ""))
        lines.append("")
    typer.echo("\n".join(lines).rstrip("\n"))


def _fmt(value: float, digits: int = 2) -> str:
    return "inf" if math.isinf(value) else f"{value:.{digits}f}"


def eval_command(
    data_dir: Path = typer.Argument(..., metavar="DATA_DIR", help="Folder of X.png + X_gt.png pairs (black = ink)."),
    method: str = typer.Option(DEFAULT_METHOD, "--method", "-m", help="Binarization method."),
    param: list[str] | None = typer.Option(None, "--param", "-P", metavar="KEY=VALUE", help="Method parameter, repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    drd_blocks: str = typer.Option(
        "full",
        "--drd-blocks",
        help="NUBN of DRD: 'full' 8x8 blocks (Lu et al.) or 'doxa' (as doxapy 0.9.2, used by the data README).",
    ),
) -> None:
    """Score a method on a folder of DIBCO-style pairs: FM, pseudo-FM (2010 and weighted 2013), PSNR, DRD per page and mean."""
    from rich.console import Console
    from rich.table import Table

    from ..engine import BitonalError
    from ..evaluation import evaluate_folder
    from ..metrics import DRD_BLOCKS

    if drd_blocks not in DRD_BLOCKS:
        _error(f"unknown --drd-blocks '{drd_blocks}' (choose from {', '.join(DRD_BLOCKS)})")
        raise typer.Exit(EXIT_USAGE)
    params = _checked_method(method, param)
    if not data_dir.is_dir():
        _error(f"{data_dir}: not a folder")
        raise typer.Exit(EXIT_USAGE)
    from ..evaluation import find_pairs

    total = len(find_pairs(data_dir))
    if total == 0:
        _error(f"{data_dir}: no X.png + X_gt.png pairs found")
        raise typer.Exit(EXIT_FAILED)
    progress = _progress(show=True)
    with progress:
        task = progress.add_task(f"eval {method}", total=total)

        def on_page(page: PageResult) -> None:
            if page.error:
                progress.console.print(f"error: {page.error}", markup=False)
            progress.advance(task)

        try:
            result = evaluate_folder(data_dir, method, params, drd_blocks=drd_blocks, on_page=on_page)  # type: ignore[arg-type]
        except BitonalError as exc:
            progress.stop()
            _error(str(exc))
            raise typer.Exit(EXIT_FAILED) from None

    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, default=str).replace("Infinity", '"inf"'))
    else:
        shown = ", ".join(f"{k}={v}" for k, v in result.params.items())
        table = Table(title=f"{method}{f' ({shown})' if shown else ''} on {data_dir}  [DRD blocks: {drd_blocks}]")
        table.add_column("image", no_wrap=True)
        for col in ("FM", "pFM", "pFMw", "PSNR", "DRD", "s"):
            table.add_column(col, justify="right")
        for page in result.pages:
            if page.scores is None:
                table.add_row(page.name, "error", "", "", "", "", "")
            else:
                s = page.scores
                table.add_row(page.name, _fmt(s.fm), _fmt(s.pfm), _fmt(s.pfm_w), _fmt(s.psnr), _fmt(s.drd), f"{page.seconds:.2f}")
        mean = result.mean
        if mean is not None:
            table.add_section()
            table.add_row(
                f"mean ({len(result.scored)})",
                _fmt(mean.fm), _fmt(mean.pfm), _fmt(mean.pfm_w), _fmt(mean.psnr), _fmt(mean.drd),
                f"{sum(p.seconds for p in result.scored):.1f}",
                style="bold",
            )
        Console(soft_wrap=False).print(table)
    if result.failed:
        raise typer.Exit(EXIT_FAILED)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("binarize")(binarize_command)
    app.command("methods")(methods_command)
    app.command("eval")(eval_command)
