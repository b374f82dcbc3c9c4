"""The 'images' commands, read as a specification: binarize, methods, eval."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import numpy as np
import pytest
from PIL import Image
from pydantic import Field
from typer.testing import CliRunner

from bitonal.cli.images import parse_params
from bitonal.cli.main import app

runner = CliRunner()
BITONAL = Path(sys.executable).with_name("bitonal")


def run(*args: str, input: bytes | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def page(seed: int = 0, size=(60, 90)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = np.full(size, 220, np.uint8)
    img[20:26, 10:80] = 30  # a stroke
    img[35:40, 15:70] = 40
    return np.clip(img.astype(int) + rng.integers(-10, 10, size), 0, 255).astype(np.uint8)


def save(path: Path, arr: np.ndarray, dpi: int | None = 300) -> Path:
    Image.fromarray(arr).save(path, dpi=(dpi, dpi)) if dpi else Image.fromarray(arr).save(path)
    return path


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    return save(tmp_path / "scan.png", page())


# -- binarize: one file ------------------------------------------------------------------------


def test_binarize_writes_a_true_1_bit_png_with_ink_black(scan, tmp_path):
    out = tmp_path / "out.png"
    result = run("binarize", scan, "-o", out, "--method", "otsu")
    assert result.exit_code == 0, result.output
    with Image.open(out) as img:
        assert img.mode == "1" and img.size == (90, 60)
        arr = np.asarray(img)
    assert not arr[22, 40] and arr[5, 5]  # stroke black (False), paper white


def test_binarize_carries_the_input_dpi(scan, tmp_path):
    out = tmp_path / "out.png"
    assert run("binarize", scan, "-o", out, "-m", "otsu").exit_code == 0
    with Image.open(out) as img:
        assert round(img.info["dpi"][0]) == 300


def test_tiff_output_is_1_bit_ccitt_g4(scan, tmp_path):
    out = tmp_path / "out.tif"
    result = run("binarize", scan, "-o", out, "--method", "otsu")  # format from the suffix
    assert result.exit_code == 0, result.output
    with Image.open(out) as img:
        assert img.format == "TIFF" and img.mode == "1"
        assert img.info["compression"] == "group4"
        assert round(img.info["dpi"][0]) == 300
    out2 = tmp_path / "forced.png"
    assert run("binarize", scan, "-o", out2, "-m", "otsu", "--format", "tiff").exit_code == 0
    assert out2.read_bytes()[:2] in (b"II", b"MM")


def test_existing_output_is_skipped_unless_overwrite(scan, tmp_path):
    out = tmp_path / "out.png"
    out.write_bytes(b"keep me")
    result = run("binarize", scan, "-o", out, "-m", "otsu")
    assert result.exit_code == 0
    assert "skipped" in result.stderr and "--overwrite" in result.stderr
    assert out.read_bytes() == b"keep me"
    assert run("binarize", scan, "-o", out, "-m", "otsu", "--overwrite").exit_code == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_params_are_parsed_as_json_scalars():
    assert parse_params(["window=51", "k=0.3", "flag=true", "mode=fast", "s=[1]"]) == {
        "window": 51,
        "k": 0.3,
        "flag": True,
        "mode": "fast",
        "s": "[1]",
    }


# -- binarize: many files ------------------------------------------------------------------------


def test_folder_and_glob_inputs_go_to_out_dir(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        save(src / f"p{i}.png", page(i))
    (src / "notes.txt").write_text("not an image, not picked from a folder")
    save(tmp_path / "extra.png", page(9))
    out = tmp_path / "out"
    result = run("binarize", src, str(tmp_path / "ex*.png"), "--out-dir", out, "-m", "otsu")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["extra.png", "p0.png", "p1.png", "p2.png"]
    assert "4 written" in result.stderr


def test_one_bad_file_is_reported_and_the_rest_done(tmp_path):
    good = save(tmp_path / "good.png", page())
    bad = tmp_path / "bad.png"
    bad.write_text("this is not a png")
    out = tmp_path / "out"
    result = run("binarize", bad, good, tmp_path / "missing.png", "--out-dir", out, "-m", "otsu")
    assert result.exit_code == 1
    assert (out / "good.png").exists() and not (out / "bad.png").exists()
    lines = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert any("bad.png" in l and "not an image" in l for l in lines)
    assert any("missing.png" in l and "no such file" in l for l in lines)
    assert "Traceback" not in result.output


def test_several_inputs_need_out_dir(tmp_path):
    a, b = save(tmp_path / "a.png", page()), save(tmp_path / "b.png", page(1))
    result = run("binarize", a, b, "-o", tmp_path / "x.png", "-m", "otsu")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "--out-dir" in result.stderr


def test_an_output_is_needed_for_files(scan):
    result = run("binarize", scan, "-m", "otsu")
    assert result.exit_code == 2 and "--out-dir" in result.stderr


# -- binarize: stdin and stdout ------------------------------------------------------------------------


def test_stdin_to_stdout(scan):
    result = run("binarize", "-", "-o", "-", "-m", "otsu", input=scan.read_bytes())
    assert result.exit_code == 0, result.stderr
    with Image.open(io.BytesIO(result.stdout_bytes)) as img:
        assert img.format == "PNG" and img.mode == "1"


def test_stdin_alone_writes_stdout_through_the_real_command(scan):
    proc = subprocess.run(
        [BITONAL, "binarize", "-", "-m", "otsu", "--format", "tiff"],
        input=scan.read_bytes(),
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    with Image.open(io.BytesIO(proc.stdout)) as img:
        assert img.mode == "1" and img.info["compression"] == "group4"


def test_garbage_on_stdin_is_one_error_line():
    result = run("binarize", "-", "-m", "otsu", input=b"garbage")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: <stdin>: not an image in a supported format (PNG, JPEG, TIFF, BMP, GIF, WEBP, PPM, JPEG2000)"
    ]


# -- binarize: errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "no-such-method"], "unknown method 'no-such-method'"),
        (["-m", "otsu", "-P", "k=abc"], "unknown parameter 'k'"),
        (["-m", "otsu", "--param", "window"], "bad parameter 'window'"),
        (["-m", "otsu", "--format", "jpeg"], "unknown format 'jpeg'"),
    ],
)
def test_bad_method_or_parameter_is_one_line_and_exit_2(scan, tmp_path, args, message):
    result = run("binarize", scan, "-o", tmp_path / "o.png", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert not (tmp_path / "o.png").exists()


@pytest.fixture
def windowed(monkeypatch):
    """A throw-away method with typed, constrained parameters, registered for one test
    (the registry on this branch has only parameterless otsu)."""
    from bitonal.engine import registry

    def demo(image, *, window: Annotated[int, Field(ge=3)] = 15, k: float = 0.2):
        """Demo threshold."""
        seen.append({"window": window, "k": k})
        return registry.get_method("otsu")(image)

    seen: list[dict] = []
    method = registry.Method("demo", demo, registry._params_model("demo", demo), "Demo threshold.", "")
    monkeypatch.setitem(registry._METHODS, "demo", method)
    return seen


def test_param_values_reach_the_method_typed(scan, tmp_path, windowed):
    result = run("binarize", scan, "-o", tmp_path / "o.png", "-m", "demo", "-P", "window=51", "--param", "k=0.3")
    assert result.exit_code == 0, result.output
    assert windowed == [{"window": 51, "k": 0.3}]
    table = run("methods").stdout
    assert "window: int = 15" in table and "[3..]" in table


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("window=abc", "parameter 'window'"),
        ("window=1", "greater than or equal to 3"),
        ("colour=red", "unknown parameter 'colour' (allowed: window, k)"),
    ],
)
def test_bad_parameter_value_is_reported_by_the_methods_validator(scan, tmp_path, windowed, param, message):
    result = run("binarize", scan, "-o", tmp_path / "o.png", "-m", "demo", "-P", param)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: method 'demo': ") and message in lines[0]
    assert windowed == []


def test_missing_file_exit_1(tmp_path):
    result = run("binarize", tmp_path / "nope.png", "-o", tmp_path / "o.png", "-m", "otsu")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.png'}: no such file"


def test_unwritable_output_is_one_line(scan, tmp_path):
    result = run("binarize", scan, "-o", tmp_path / "no" / "such" / "dir" / "o.png", "-m", "otsu")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot write ") and "Traceback" not in result.output


# -- methods ------------------------------------------------------------------------


def test_methods_lists_every_registered_method():
    import bitonal

    result = run("methods")
    assert result.exit_code == 0
    for m in bitonal.methods():
        assert m.name in result.stdout


def test_methods_json_is_machine_readable():
    import bitonal

    result = run("methods", "--json")
    data = json.loads(result.stdout)
    assert [m["name"] for m in data] == [m.name for m in bitonal.methods()]
    otsu = next(m for m in data if m["name"] == "otsu")
    assert set(otsu) == {"name", "summary", "reference", "parameters"}


# -- eval ------------------------------------------------------------------------


@pytest.fixture
def dibco_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for i in range(2):
        img = page(i)
        save(folder / f"p{i}.png", img)
        gt = np.where(img < 128, 0, 255).astype(np.uint8)
        Image.fromarray(gt).convert("1").save(folder / f"p{i}_gt.png")
    save(folder / "lonely.png", page(5))  # no ground truth: ignored
    return folder


def test_eval_prints_scores_per_image_and_the_mean(dibco_dir):
    result = run("eval", dibco_dir, "--method", "otsu")
    assert result.exit_code == 0, result.output
    for word in ("p0", "p1", "mean (2)", "FM", "pFM", "pFMw", "PSNR", "DRD"):
        assert word in result.stdout
    assert "lonely" not in result.stdout


def test_eval_json(dibco_dir):
    result = run("eval", dibco_dir, "-m", "otsu", "--json")
    data = json.loads(result.stdout)
    assert data["method"] == "otsu" and [p["name"] for p in data["pages"]] == ["p0", "p1"]
    assert set(data["mean"]) == {"fm", "pfm", "pfm_w", "psnr", "drd"}
    assert data["mean"]["fm"] > 95


def test_eval_reports_a_broken_page_and_exits_1(dibco_dir):
    (dibco_dir / "p1.png").write_text("broken")
    result = run("eval", dibco_dir, "-m", "otsu", "--json")
    assert result.exit_code == 1
    assert "error: " in result.stderr and "p1.png" in result.stderr
    data = json.loads(result.stdout)
    assert "error" in data["pages"][1] and data["mean"] is not None


def test_eval_errors(dibco_dir, tmp_path):
    assert run("eval", tmp_path / "nowhere", "-m", "otsu").exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("eval", empty, "-m", "otsu")
    assert result.exit_code == 1 and "no X.png + X_gt.png pairs" in result.stderr
    result = run("eval", dibco_dir, "-m", "nope")
    assert result.exit_code == 2 and result.stderr.startswith("error: unknown method")
