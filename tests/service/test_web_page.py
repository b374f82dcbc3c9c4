"""The demo page at ``/`` in a real browser: headless Chromium driven through Selenium.

Uses Debian's ``chromium`` and ``chromium-driver`` (installed by ``make test``); no
browser is downloaded at test time. Without them the tests skip (a failure in CI).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from .conftest import Server, add_client, page_png

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
HAVE_BROWSER = all(os.access(p, os.X_OK) for p in (CHROMIUM, CHROMEDRIVER))

pytestmark = pytest.mark.skipif(
    not HAVE_BROWSER,
    reason=f"needs {CHROMIUM} and {CHROMEDRIVER} (Debian packages chromium, chromium-driver; `make test` installs them)",
)

if HAVE_BROWSER:  # selenium is a dev dependency; import it only where it will be used
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

WIDTH, HEIGHT = 320, 240
WAIT_S = 20  # bounded waits for the page; the work itself takes well under a second

# Draw an <img> into a canvas and report its natural size and the set of grey levels
# (all channels) found; done in the page, so a blob: URL can be read.
PIXELS_JS = """
const img = arguments[0];
const c = document.createElement("canvas");
c.width = img.naturalWidth; c.height = img.naturalHeight;
const ctx = c.getContext("2d");
ctx.drawImage(img, 0, 0);
const d = ctx.getImageData(0, 0, c.width, c.height).data;
const seen = new Set();
for (let i = 0; i < d.length; i += 4) { seen.add(d[i]); seen.add(d[i + 1]); seen.add(d[i + 2]); if (seen.size > 8) break; }
return {w: img.naturalWidth, h: img.naturalHeight, levels: Array.from(seen).sort((a, b) => a - b)};
"""


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator["webdriver.Chrome"]:
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1200,900", f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(WAIT_S)
    driver.set_script_timeout(WAIT_S)
    try:
        yield driver
    finally:
        driver.quit()


def _open_with_token(driver: "webdriver.Chrome", server: Server, creds: dict[str, str]) -> WebDriverWait:
    """Open the page and get a token through its client id/secret form."""
    driver.get(server.url + "/")
    wait = WebDriverWait(driver, WAIT_S)
    driver.find_element(By.ID, "cid").send_keys(creds["client_id"])
    driver.find_element(By.ID, "csecret").send_keys(creds["client_secret"])
    driver.find_element(By.ID, "gettoken").click()
    wait.until(lambda d: d.find_element(By.ID, "token").get_attribute("value"))
    assert "Token received" in driver.find_element(By.ID, "msg").text
    # the method list is filled from /v1/methods with the new token
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#method option")) > 1)
    return wait


def _browser_errors(driver: "webdriver.Chrome") -> list[str]:
    try:
        logs = driver.get_log("browser")
    except Exception:  # noqa: BLE001 - log access is a diagnostic nicety
        return []
    return [e["message"] for e in logs if e.get("level") == "SEVERE"]


def test_upload_shows_bilevel_result_toggle_and_download(
    browser: "webdriver.Chrome", server: Server, creds: dict[str, str], tmp_path: Path
) -> None:
    wait = _open_with_token(browser, server, creds)

    page = tmp_path / "page.png"
    page.write_bytes(page_png(WIDTH, HEIGHT, seed=3))
    browser.find_element(By.ID, "file").send_keys(str(page))
    browser.find_element(By.ID, "go").click()

    wait.until(lambda d: d.find_element(By.ID, "msg").text in ("Done.",) or "err" in d.find_element(By.ID, "msg").get_attribute("class"))
    assert browser.find_element(By.ID, "msg").text == "Done.", (browser.find_element(By.ID, "msg").text, _browser_errors(browser))

    img = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#view img")))
    wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img))
    assert img.get_attribute("alt") == "result"
    result = browser.execute_script(PIXELS_JS, img)
    assert (result["w"], result["h"]) == (WIDTH, HEIGHT)
    assert set(result["levels"]) <= {0, 255}, result["levels"]
    assert set(result["levels"]) == {0, 255}, "a page with strokes should have both black and white"
    result_src = img.get_attribute("src")
    assert result_src.startswith("blob:")

    # toggle: the original (grey) is shown, then the black-and-white again
    toggle = browser.find_element(By.ID, "toggle")
    assert toggle.is_enabled()
    assert toggle.text == "Show original"
    toggle.click()
    orig = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#view img[alt=original]")))
    wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", orig))
    assert orig.get_attribute("src") != result_src
    original = browser.execute_script(PIXELS_JS, orig)
    assert (original["w"], original["h"]) == (WIDTH, HEIGHT)
    assert not set(original["levels"]) <= {0, 255}, "the original is grey, not black-and-white"
    assert toggle.text == "Show black-and-white"
    toggle.click()
    back = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#view img[alt=result]")))
    assert back.get_attribute("src") == result_src
    assert toggle.text == "Show original"

    # download link: visible, with the result as href and a file name from the upload
    link = browser.find_element(By.ID, "download")
    assert link.is_displayed()
    assert link.get_attribute("href") == result_src
    assert link.get_attribute("download") == "page-bw.png"

    shot = tmp_path / "web-page.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000
    assert Image.open(io.BytesIO(data)).size[0] > 0


def test_bad_upload_shows_error_message(
    browser: "webdriver.Chrome", server: Server, creds: dict[str, str], tmp_path: Path
) -> None:
    wait = _open_with_token(browser, server, creds)
    msg = browser.find_element(By.ID, "msg")

    # a good upload first: its result must not stay on the page after the bad one
    good = tmp_path / "page.png"
    good.write_bytes(page_png(WIDTH, HEIGHT, seed=4))
    browser.find_element(By.ID, "file").send_keys(str(good))
    browser.find_element(By.ID, "go").click()
    wait.until(lambda d: msg.text == "Done." or "err" in (msg.get_attribute("class") or ""))
    assert msg.text == "Done.", msg.text
    assert browser.find_element(By.ID, "download").is_displayed()

    bad = tmp_path / "notes.png"  # named like an image, but it is text
    bad.write_text("this is not an image\n" * 20)
    browser.find_element(By.ID, "file").send_keys(str(bad))
    browser.find_element(By.ID, "go").click()

    wait.until(lambda d: "err" in (msg.get_attribute("class") or "").split())
    assert msg.is_displayed()
    assert msg.text.startswith("Failed:"), msg.text
    assert len(msg.text) > len("Failed: ") + 5, "the server's reason is shown"
    assert browser.find_elements(By.CSS_SELECTOR, "#view img") == []
    assert not browser.find_element(By.ID, "download").is_displayed()
    assert not browser.find_element(By.ID, "download").get_attribute("href")
    assert not browser.find_element(By.ID, "toggle").is_enabled()

    shot = tmp_path / "web-page-error.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and shot.stat().st_size > 1000


def test_wrong_secret_is_reported(browser: "webdriver.Chrome", server: Server, creds: dict[str, str]) -> None:
    browser.get(server.url + "/")
    browser.find_element(By.ID, "cid").send_keys(creds["client_id"])
    browser.find_element(By.ID, "csecret").send_keys("not-the-secret")
    browser.find_element(By.ID, "gettoken").click()
    msg = browser.find_element(By.ID, "msg")
    WebDriverWait(browser, WAIT_S).until(lambda d: msg.text)
    assert msg.text.startswith("Token refused:") and "err" in msg.get_attribute("class"), msg.text
    assert browser.find_element(By.ID, "token").get_attribute("value") == ""


def test_missing_file_and_token_are_reported(browser: "webdriver.Chrome", server: Server) -> None:
    browser.get(server.url + "/")
    browser.find_element(By.ID, "go").click()
    msg = browser.find_element(By.ID, "msg")
    WebDriverWait(browser, WAIT_S).until(lambda d: msg.text)
    assert "token" in msg.text.lower() and "err" in msg.get_attribute("class")


@pytest.fixture(scope="module")
def capped_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose cap on the synchronous wait (0 s) is below the page's ``wait=30``."""
    srv = Server(tmp_path_factory.mktemp("svc-capped") / "var", env={"BITONAL_MAX_WAIT": "0"}).start()
    yield srv
    srv.stop()


def test_page_polls_when_the_server_caps_the_wait(
    browser: "webdriver.Chrome", capped_server: Server, tmp_path: Path
) -> None:
    # The server answers 504 + task info when the asked wait is above its cap; the page
    # must poll the result like a 202, not report a failure.
    creds = add_client(capped_server.data_dir, "web-capped")
    wait = _open_with_token(browser, capped_server, creds)
    page = tmp_path / "page.png"
    page.write_bytes(page_png(WIDTH, HEIGHT, seed=5))
    browser.find_element(By.ID, "file").send_keys(str(page))
    browser.find_element(By.ID, "go").click()
    msg = browser.find_element(By.ID, "msg")
    wait.until(lambda d: msg.text == "Done." or "err" in (msg.get_attribute("class") or ""))
    assert msg.text == "Done.", msg.text
    img = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#view img[alt=result]")))
    wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img))
    result = browser.execute_script(PIXELS_JS, img)
    assert (result["w"], result["h"]) == (WIDTH, HEIGHT) and set(result["levels"]) <= {0, 255}
