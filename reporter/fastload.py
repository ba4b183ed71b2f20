"""WeasyPrint loaded without its slow search for system libraries; the build's fork server imports this first.

WeasyPrint tries several names for each system library it needs (GObject, Pango, HarfBuzz, fontconfig),
Windows and macOS names before the Linux ones. For every name that does not load, cffi asks
``ctypes.util.find_library``, which on Linux runs ``ldconfig``, ``gcc`` and ``ld`` in subprocesses:
26 look-ups and about 70 processes, 0.2–0.5 s of every build's start-up and so of the time to the first PDF
(benchmarks/README.md). On Linux the last name WeasyPrint tries for each library is its soname, which
``dlopen`` finds on the very search path ``ldconfig`` reports, so the same libraries load without the
look-up. Should that fail on an unusual installation, WeasyPrint is simply loaded again the ordinary way.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import io
import sys


def _forget_weasyprint() -> None:
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        del sys.modules[name]


def load_weasyprint() -> None:
    """Import WeasyPrint's library bindings, skipping the library look-up where that is safe (Linux)."""
    if not sys.platform.startswith("linux") or "weasyprint.text.ffi" in sys.modules:
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        # WeasyPrint prints installation advice to stdout when a library is missing; the retry below says it
        # again if it still applies.
        with contextlib.redirect_stdout(io.StringIO()):
            importlib.import_module("weasyprint.text.ffi")
    except OSError:
        _forget_weasyprint()
    finally:
        ctypes.util.find_library = original
    importlib.import_module("weasyprint.text.ffi")  # already loaded, or now the ordinary way


load_weasyprint()
