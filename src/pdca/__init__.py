"""pdca: a quality management system for ISO 9001 and the standards that share its structure."""

__version__ = "0.1.0"
