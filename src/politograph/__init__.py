"""politograph: read political news, build a time-aware knowledge graph of political actors."""

__version__ = "0.1.0"
