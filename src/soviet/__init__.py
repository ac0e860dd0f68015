"""soviet: a platform for council democracy."""

#: The version, read by the package's build (pyproject.toml) from here: a literal, so that
#: `soviet --version` need not read the installed metadata (issue 18).
__version__ = "0.1.0"
