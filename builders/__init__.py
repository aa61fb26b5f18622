"""Builders for the hague-claims dataset: corpus files in, validated and versioned release out."""

from builders.version import VERSION as __version__

__all__ = ["__version__"]
