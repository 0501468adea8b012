"""The distribution's version, read by the build backend and exposed as ``simli_api.__version__``."""

__version__ = "0.1.0"
