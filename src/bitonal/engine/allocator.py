"""Keeping freed page-sized buffers in the process for the next array (glibc only).

A method allocates and frees dozens of arrays the size of the page (or of its shrunk
copy). glibc serves every allocation above its mmap threshold (32 MiB at most by
default, less until a large block has been freed; a float32 A4 page at 300 dpi is
35 MB) with fresh pages from the kernel, which zeroes them and faults them in on first
touch, and hands them back on free. On the A4 bench page that costs about as much as
the filters that fill them: OpenCV's box filters in ``auto``'s coarse features took
2.9 ms each on fresh buffers and 1.5 ms on reused ones, and ``auto`` as a whole
292 -> 260 ms (``bench/speed.py``, docs/learned.md, Speed).

:func:`keep_freed_buffers` raises the two thresholds, so blocks up to
:data:`MMAP_THRESHOLD` come from the heap and up to :data:`TRIM_THRESHOLD` of freed
heap stays with the process. The price: after a large page the process keeps up to
that much memory it no longer uses, ready for the next page (a worker's normal life).
``bitonal.engine`` applies it when imported, unless the environment says otherwise:
``BITONAL_KEEP_FREED_BUFFERS=0``, or glibc's own ``MALLOC_MMAP_THRESHOLD_``,
``MALLOC_TRIM_THRESHOLD_`` or ``GLIBC_TUNABLES`` (then the user's settings stand).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

# mallopt's parameter numbers (glibc's malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

# Blocks at least this large are still mapped apart (a 70 MP page's float32 copy):
# they are rare, and handing them back keeps a huge page from pinning its memory.
MMAP_THRESHOLD = 256 << 20
# Freed memory at the top of the heap kept for reuse before it is handed back.
TRIM_THRESHOLD = 512 << 20

OPT_OUT = "BITONAL_KEEP_FREED_BUFFERS"
_GLIBC_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")


def keep_freed_buffers(environ: Mapping[str, str] = os.environ) -> bool:
    """Raise glibc's mmap and trim thresholds for this process; whether it did.

    Nothing is changed on another C library or system, when ``environ`` sets
    ``BITONAL_KEEP_FREED_BUFFERS=0``, or when it already sets glibc's own malloc
    settings.

    Examples
    --------
    >>> keep_freed_buffers({"BITONAL_KEEP_FREED_BUFFERS": "0"})
    False
    """
    if environ.get(OPT_OUT, "1") == "0" or any(name in environ for name in _GLIBC_SETTINGS):
        return False
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no mallopt in this C library
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    # mmap first: setting it also stops glibc moving the thresholds by itself.
    # mallopt returns 1 when it took the setting (musl has a stub that returns 0).
    return mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
