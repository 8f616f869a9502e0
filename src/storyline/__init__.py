"""storyline: group news articles into stories and write briefings in which every line cites
the exact sentences of its sources. See :mod:`storyline.pipeline` for the stages."""

__version__ = "0.1.0"
