"""soviet: a platform for council democracy."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("soviet")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"
