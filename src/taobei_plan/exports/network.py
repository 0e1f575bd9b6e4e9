"""The task–unit relation as a network, for networkx, igraph and Gephi (GraphML or GEXF).

Two-mode: a node a task and a node a unit (``type`` task or unit, with their attributes), an
edge from a task to each unit named on it with its ``role`` (lead or co) and notice. A unit is
one node per government (``jurisdiction`` and name, as in the database); a notice of unknown
government keeps its units to itself. ``projection="units"``: the unit × unit graph of
co-responsibility, an edge where two units share tasks, ``weight`` the tasks shared and the
lead–co direction kept as counts: the edge names its two units ``a`` and ``b`` (an undirected
edge's source and target as written are not an order), ``a_leads`` counts the tasks ``a`` leads
and ``b`` supports, ``b_leads`` the reverse, ``both_lead`` and ``both_co`` the rest. Needs networkx (``pip install
'taobei[network]'``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..language import _
from . import task_roles

if TYPE_CHECKING:
    from ..models import Notice

#: Graph formats by the output file's extension.
GRAPH_FORMATS = {".graphml": "graphml", ".gexf": "gexf"}
PROJECTIONS = ("units",)


def _networkx() -> Any:
    try:
        import networkx
    except ImportError:
        raise UsageError(_("a network needs networkx: pip install 'taobei[network]'")) from None
    return networkx


#: Characters XML 1.0 cannot hold: GraphML and GEXF with one are unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _unit_node(notice: Notice, area: str | None, name: str) -> str:
    where = area or notice.source.sha256[:12]
    return _xml(f"unit:{where}/{name}")


def two_mode(notices: Iterable[tuple[Notice, set[int]]]) -> Any:
    """The task–unit graph of the notices (only the tasks of each one's seq set)."""
    from ..parsing.jurisdiction import identity, of_notice
    from ..query import notice_name

    nx = _networkx()
    graph = nx.Graph()
    for notice, seqs in notices:
        name, key, area = notice_name(notice), identity(notice), of_notice(notice)
        for section in notice.sections:
            for task in section.tasks:
                if task.seq not in seqs:
                    continue
                node = _xml(f"task:{key}#{task.seq}")
                graph.add_node(node, type="task", notice=_xml(name), seq=task.seq,
                               number=task.number, section=_xml(section.title),
                               text=_xml(task.text), jurisdiction=area or "")  # fmt: skip
                for role, unit in task_roles(task):
                    other = _unit_node(notice, area, unit.name)
                    if other not in graph:
                        graph.add_node(other, type="unit", name=_xml(unit.name),
                                       kind=unit.kind, jurisdiction=area or "")  # fmt: skip
                    if not graph.has_edge(node, other):  # a unit both leads and supports: lead
                        graph.add_edge(node, other, role=role, notice=_xml(name))
    return graph


#: Which count a pair of roles (of ``a``, of ``b``) adds to.
_PAIR_KEYS = {("lead", "co"): "a_leads", ("co", "lead"): "b_leads", ("lead", "lead"): "both_lead",
              ("co", "co"): "both_co"}  # fmt: skip


def units_projection(two: Any) -> Any:
    """Units linked by the tasks they share, with the lead–co direction as counts."""
    nx = _networkx()
    graph = nx.Graph()
    for node, data in two.nodes(data=True):
        if data["type"] == "unit":
            graph.add_node(node, **data)
    for node, data in two.nodes(data=True):
        if data["type"] != "task":
            continue
        named = sorted((other, two.edges[node, other]["role"]) for other in two[node])
        for i, (a, role_a) in enumerate(named):
            for b, role_b in named[i + 1 :]:
                if not graph.has_edge(a, b):
                    graph.add_edge(a, b, a=a, b=b, weight=0, a_leads=0, b_leads=0,
                                   both_lead=0, both_co=0)  # fmt: skip
                edge = graph.edges[a, b]
                edge["weight"] += 1
                edge[_PAIR_KEYS[role_a, role_b]] += 1
    return graph


def network_bytes(
    notices: Iterable[tuple[Notice, set[int]]], fmt: str, projection: str | None = None
) -> bytes:
    """The graph as GraphML or GEXF (UTF-8)."""
    nx = _networkx()
    graph = two_mode(notices)
    if projection == "units":
        graph = units_projection(graph)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8")
    else:
        nx.write_gexf(graph, buffer, encoding="utf-8")
    return buffer.getvalue()
