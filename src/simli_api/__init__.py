"""simli_api: a thin, typed facade over the generated Simli client (``simli_api_client``)."""

from ._version import __version__

__all__ = ["__version__"]
