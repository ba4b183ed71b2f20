"""reporter: monthly marketing impact reports that tell effect from vanity, for agencies serving German SMEs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reporter")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
