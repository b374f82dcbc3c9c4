"""Suite-wide rules.

Some tests skip when a system dependency is missing (Tesseract data, fonts, Redis,
curl, the DIBCO folder), so the suite stays usable on a partial set-up. In CI
(``CI`` set) every dependency is installed by ``make test``, and a skip would hide a
missing install step: there it fails instead.
"""

import os

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if not os.environ.get("CI"):
        return
    for mark in item.iter_markers("skipif"):
        condition = mark.args[0] if mark.args else mark.kwargs.get("condition")
        if condition is True:
            pytest.fail(f"would be skipped in CI: {mark.kwargs.get('reason', '')}", pytrace=False)
