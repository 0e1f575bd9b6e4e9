"""The pure parser: line text in, a validated ``Notice`` out; no I/O, no printing.

Stages, in order: ``source`` (line index and fold), ``header`` (metadata, covering notice),
``blocks`` (line classes by ``numbering``), ``tables`` or ``builder`` (sections, tasks, targets),
with ``clauses``/``responsibility``/``units`` reading who is responsible and ``indicators``/
``projects`` reading the numbers; ``parser`` assembles them. It never imports ``formats`` or
``exports``: what a document looked like and where the result goes are not its business.
"""
