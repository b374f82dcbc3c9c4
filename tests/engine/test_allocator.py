"""The process keeps freed page-sized buffers for reuse (glibc), unless told not to."""

import platform
import sys

import pytest

from bitonal.engine.allocator import keep_freed_buffers

glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc's mallopt only"
)


@glibc
def test_on_glibc_the_thresholds_are_raised():
    assert keep_freed_buffers({}) is True


def test_the_environment_can_opt_out():
    assert keep_freed_buffers({"BITONAL_KEEP_FREED_BUFFERS": "0"}) is False


@pytest.mark.parametrize("setting", ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES"])
def test_glibc_settings_the_user_made_stand(setting):
    assert keep_freed_buffers({setting: "1048576"}) is False
