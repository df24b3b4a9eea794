"""readouts: diplomatic and defense texts -> a sourced, queryable record."""

__version__ = "0.1.0"
PIPELINE_VERSION = "1"
