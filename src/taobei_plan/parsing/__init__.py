"""The pure parser: line text in, a validated ``Notice`` out; no I/O, no printing.

Stages, in order: ``source`` (line index and fold), ``header`` (metadata, covering notice),
``blocks`` (line classes by ``numbering``), ``tables`` or ``builder`` (sections, tasks, targets),
with ``clauses``/``responsibility``/``units`` reading who is responsible and ``indicators``/
``projects`` reading the numbers; ``parser`` assembles them. It never imports ``formats`` or
``exports``: what a document looked like and where the result goes are not its business.
"""

from __future__ import annotations


def compiled() -> bool:
    """Whether this install's parser is the build compiled by mypyc (hatch_build.py): what
    ``taobei --version`` and the benchmark say, since the two differ only in speed."""
    from importlib.machinery import EXTENSION_SUFFIXES
    from importlib.util import find_spec

    spec = find_spec(f"{__name__}.parser")
    origin = spec.origin if spec is not None else None
    return origin is not None and origin.endswith(tuple(EXTENSION_SUFFIXES))
