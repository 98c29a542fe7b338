"""The process map: management processes on top, core processes in flow order in the middle, support
processes at the bottom, and a numbered arrow for every interaction (the legend beside or below the
drawing says what flows). Drawn with core.charts' SVG primitives, so the page and the PDF show the same.

Flow order: the core processes are layered by the longest chain of hand-overs that reaches them, after
the arrows that close a loop are set aside (found by a depth-first walk from the processes nobody feeds,
in number order), so A → B → C → A reads A, B, C from left to right with the loop's arrow drawn back
below the row. Management and support processes sit above and below the core processes they exchange
with. A lane wraps onto further rows after PER_ROW processes, so the width stays fixed and the
drawing grows downwards.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pdca.core.charts import GRID, INK, MUTED, attrs, n, svg, text
from pdca.processes.choices import ProcessStatus, ProcessType

PER_ROW = 5
W, H = 156, 66  # a process box
GX, GY = 44, 58  # gaps between boxes in a row, and between rows of a lane
LABEL_W, PAD, LANE_PAD, LANE_GAP = 104, 12, 16, 26
WIDTH = LABEL_W + PAD * 2 + PER_ROW * W + (PER_ROW - 1) * GX + LANE_PAD * 2

LANES = (ProcessType.MANAGEMENT, ProcessType.CORE, ProcessType.SUPPORT)
# (box fill, box stroke) by type; the lane's name is written too, so colour never carries the meaning alone.
COLOURS = {
    ProcessType.MANAGEMENT: ("#e7eef7", "#1f3a5f"),
    ProcessType.CORE: ("#e6f2e8", "#2e6b34"),
    ProcessType.SUPPORT: ("#fdf0e1", "#9a4d0b"),
}
ARROW = "#495057"
LANE_FILL = "#f8f9fb"


@dataclass
class Node:
    process: object
    x: float
    y: float
    row: int
    col: int

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + W / 2, self.y + H / 2


@dataclass
class Arrow:
    number: int
    interaction: object
    source: Node
    target: Node
    start: tuple[float, float] = (0, 0)
    control: tuple[float, float] = (0, 0)
    end: tuple[float, float] = (0, 0)
    label_at: tuple[float, float] = (0, 0)

    def point(self, t: float) -> tuple[float, float]:
        """A point of the curve (a quadratic Bézier) at `t` from 0 (start) to 1 (end)."""
        (x0, y0), (cx, cy), (x1, y1) = self.start, self.control, self.end
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
        return a * x0 + b * cx + c * x1, a * y0 + b * cy + c * y1


@dataclass
class Lane:
    process_type: str
    y: float
    height: float


@dataclass
class ProcessMap:
    nodes: dict = field(default_factory=dict)  # process pk → Node
    arrows: list[Arrow] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    height: float = 0

    def legend(self) -> list[dict]:
        """What each numbered arrow carries, in number order: for the table beside the map and the PDF."""
        return [
            {
                "number": a.number,
                "source": a.source.process,
                "target": a.target.process,
                "what": a.interaction.description,
            }
            for a in self.arrows
        ]


# --- layout


def layout(processes: list, interactions: list) -> ProcessMap:
    """Place `processes` (with pk, number, name, process_type) in their lanes and route `interactions`
    (with source_id, target_id, description) between them; interactions to a process not drawn are left out."""
    result, y = ProcessMap(), PAD
    lanes = {t: [p for p in processes if p.process_type == t] for t in LANES}
    placed: dict[int, Node] = {}
    core = flow_order(lanes[ProcessType.CORE], interactions)
    order = {
        ProcessType.CORE: core,
        ProcessType.MANAGEMENT: lanes[ProcessType.MANAGEMENT],
        ProcessType.SUPPORT: lanes[ProcessType.SUPPORT],
    }
    core_nodes = _place(core, LANE_PAD, {})  # provisional, to order the other lanes by their core neighbours
    for process_type in LANES:
        members = order[process_type]
        if not members:
            continue
        if process_type != ProcessType.CORE:
            members = _by_neighbours(members, interactions, core_nodes)
        nodes = _place(members, y + LANE_PAD, placed)
        rows = max(node.row for node in nodes) + 1
        height = rows * H + (rows - 1) * GY + 2 * LANE_PAD
        result.lanes.append(Lane(process_type, y, height))
        y += height + LANE_GAP
    result.nodes = placed
    result.height = y - LANE_GAP + PAD if result.lanes else 0
    result.arrows = _route(interactions, placed)
    return result


def _place(processes: list, top: float, placed: dict) -> list[Node]:
    nodes = []
    for index, process in enumerate(processes):
        row, col = divmod(index, PER_ROW)
        in_row = min(PER_ROW, len(processes) - row * PER_ROW)
        span = in_row * W + (in_row - 1) * GX
        left = LABEL_W + PAD + LANE_PAD + (PER_ROW * W + (PER_ROW - 1) * GX - span) / 2
        node = Node(process, left + col * (W + GX), top + row * (H + GY), row, col)
        placed[process.pk] = node
        nodes.append(node)
    return nodes


def flow_order(processes: list, interactions: list) -> list:
    """The processes in the order work flows through them (see the module's docstring)."""
    ordered = sorted(processes, key=lambda p: (p.number, p.pk))
    rank = {p.pk: i for i, p in enumerate(ordered)}
    successors: dict[int, list[int]] = {p.pk: [] for p in ordered}
    for i in interactions:
        if i.source_id in rank and i.target_id in rank and i.source_id != i.target_id:
            successors[i.source_id].append(i.target_id)
    for targets in successors.values():
        targets.sort(key=rank.__getitem__)
    forward = _without_loops(ordered, successors)
    layer = _longest_paths([p.pk for p in ordered], forward, rank)
    return sorted(ordered, key=lambda p: (layer[p.pk], rank[p.pk]))


def _without_loops(ordered: list, successors: dict[int, list[int]]) -> dict[int, list[int]]:
    """The hand-overs with those closing a loop left out (back edges of a depth-first walk)."""
    fed = {t for targets in successors.values() for t in targets}
    starts = [p.pk for p in ordered if p.pk not in fed] + [p.pk for p in ordered]
    state: dict[int, int] = {}  # 1: on the current path, 2: done
    back: set[tuple[int, int]] = set()
    for start in starts:
        if start in state:
            continue
        state[start], stack = 1, [(start, iter(successors[start]))]
        while stack:
            node, remaining = stack[-1]
            following = next(remaining, None)
            if following is None:
                state[node] = 2
                stack.pop()
            elif state.get(following) == 1:
                back.add((node, following))
            elif following not in state:
                state[following] = 1
                stack.append((following, iter(successors[following])))
    return {s: [t for t in targets if (s, t) not in back] for s, targets in successors.items()}


def _longest_paths(pks: list[int], forward: dict[int, list[int]], rank: dict[int, int]) -> dict[int, int]:
    """Each process's layer: the longest chain of hand-overs reaching it (Kahn's order on the loop-free graph)."""
    incoming = dict.fromkeys(pks, 0)
    for targets in forward.values():
        for t in targets:
            incoming[t] += 1
    layer = dict.fromkeys(pks, 0)
    ready = sorted((pk for pk in pks if incoming[pk] == 0), key=rank.__getitem__)
    while ready:
        node = ready.pop(0)
        for t in forward[node]:
            layer[t] = max(layer[t], layer[node] + 1)
            incoming[t] -= 1
            if incoming[t] == 0:
                ready.append(t)
    return layer


def _by_neighbours(processes: list, interactions: list, core_nodes: list[Node]) -> list:
    """Management and support processes above/below the core processes they exchange with (mean x);
    those exchanging with none follow, in number order."""
    x_of = {node.process.pk: node.centre[0] + node.row * 10_000 for node in core_nodes}
    linked: dict[int, list[float]] = {p.pk: [] for p in processes}
    for i in interactions:
        for mine, other in ((i.source_id, i.target_id), (i.target_id, i.source_id)):
            if mine in linked and other in x_of:
                linked[mine].append(x_of[other])
    far = float("inf")

    def key(p):
        xs = linked[p.pk]
        return (sum(xs) / len(xs) if xs else far, p.number, p.pk)

    return sorted(processes, key=key)


def _route(interactions: list, placed: dict[int, Node]) -> list[Arrow]:
    drawn = [i for i in interactions if i.source_id in placed and i.target_id in placed and i.source_id != i.target_id]
    pairs: dict[frozenset, list] = {}
    for i in drawn:
        pairs.setdefault(frozenset((i.source_id, i.target_id)), []).append(i)
    arrows = []
    for number, i in enumerate(drawn, start=1):
        source, target = placed[i.source_id], placed[i.target_id]
        siblings = pairs[frozenset((i.source_id, i.target_id))]
        arrows.append(_arrow(number, i, source, target, siblings.index(i), len(siblings)))
    _place_labels(arrows, list(placed.values()))
    return arrows


LABEL_TRIES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)


def _place_labels(arrows: list[Arrow], nodes: list[Node]) -> None:
    """Each arrow's number on its curve, at the first spot clear of the boxes and of the numbers already
    placed (the middle when none is): numbers on top of each other could not be read."""
    taken: list[tuple[float, float]] = []
    for arrow in arrows:
        spots = [arrow.point(t) for t in LABEL_TRIES]
        arrow.label_at = next((p for p in spots if _clear(p, taken, nodes)), spots[0])
        taken.append(arrow.label_at)


def _clear(point: tuple[float, float], taken: list, nodes: list[Node], room: float = 21) -> bool:
    x, y = point
    if any(math.hypot(x - tx, y - ty) < room for tx, ty in taken):
        return False
    return not any(n.x - 10 < x < n.x + W + 10 and n.y - 10 < y < n.y + H + 10 for n in nodes)


def _arrow(number: int, interaction, source: Node, target: Node, index: int, count: int) -> Arrow:
    (x0, y0), (x1, y1) = source.centre, target.centre
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy) or 1
    normal = (-dy / length, dx / length)
    # Several arrows between the same two processes spread apart; the sign makes A → B and B → A differ.
    canonical = 1 if source.process.pk < target.process.pk else -1
    offset = (index - (count - 1) / 2) * 26 * canonical
    if source.row == target.row and source.y == target.y and abs(source.col - target.col) > 1:
        # Along a row past other boxes: forward arrows arc above the row, backward ones below it.
        offset -= H / 2 + 16 + 6 * abs(source.col - target.col)
    control = ((x0 + x1) / 2 + normal[0] * offset, (y0 + y1) / 2 + normal[1] * offset)
    start = _border(source, control if offset else target.centre)
    end = _border(target, control if offset else source.centre)
    if not offset:
        control = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    return Arrow(number, interaction, source, target, start, control, end)


def _border(node: Node, toward: tuple[float, float], gap: float = 3) -> tuple[float, float]:
    """Where the line from the box's centre toward `toward` leaves the box (a few pixels outside it)."""
    cx, cy = node.centre
    dx, dy = toward[0] - cx, toward[1] - cy
    if not dx and not dy:
        return cx, cy
    scale = min(W / 2 / abs(dx) if dx else math.inf, H / 2 / abs(dy) if dy else math.inf)
    length = math.hypot(dx, dy)
    scale += gap / length
    return cx + dx * scale, cy + dy * scale


# --- drawing


def process_map(result: ProcessMap, url: Callable[[object], str] | None = None) -> SafeString:
    """The map as SVG; `url(process)` makes each box a link to its process (left out in the PDF)."""
    title = _("Process map")
    if not result.nodes:
        message = _("No process to draw: approve processes into the register and they appear here.")
        return svg(WIDTH, 48, title, message, [text(WIDTH / 2, 28, message, text_anchor="middle", fill=MUTED)], "pm")
    body = [part for lane in result.lanes for part in _lane(lane)]
    body += [_arrow_path(a) for a in result.arrows]
    body += [_node(node, url) for node in result.nodes.values()]
    body += [_arrow_label(a) for a in result.arrows]
    return svg(WIDTH, result.height, title, _description(result), body, "process-map")


def _lane(lane: Lane) -> list[str]:
    names = {
        ProcessType.MANAGEMENT: _("Management"),
        ProcessType.CORE: _("Core"),
        ProcessType.SUPPORT: _("Support"),
    }
    middle = lane.y + lane.height / 2
    return [
        f"<rect {attrs(x=PAD, y=n(lane.y), width=WIDTH - 2 * PAD, height=n(lane.height), rx=6, fill=LANE_FILL)}"
        f" {attrs(stroke=GRID)}/>",
        text(PAD + 12, middle - 2, names[lane.process_type], font_weight="bold", fill=INK, font_size=13),
        text(PAD + 12, middle + 14, _("processes"), fill=MUTED, font_size=11),
    ]


def _node(node: Node, url) -> str:
    process, (fill, stroke) = node.process, COLOURS.get(node.process.process_type, ("#fff", INK))
    draft = process.status == ProcessStatus.DRAFT
    box = attrs(
        x=n(node.x),
        y=n(node.y),
        width=W,
        height=H,
        rx=8,
        fill=fill,
        stroke=stroke,
        stroke_width=1.5,
        **({"stroke_dasharray": "5 3"} if draft else {}),
    )
    lines = _wrap(process.name, 19, 2)
    parts = [
        f"<rect {box}/>",
        text(
            node.x + 10, node.y + 15, process.number + (f" · {_('draft')}" if draft else ""), fill=MUTED, font_size=10
        ),
        *[
            text(node.x + 10, node.y + 31 + 14 * k, line, fill=INK, font_weight="bold", font_size=11.5)
            for k, line in enumerate(lines)
        ],
    ]
    owner = getattr(process, "owner", None)
    if owner is not None:
        parts.append(text(node.x + 10, node.y + H - 7, _truncate(str(owner), 26), fill=MUTED, font_size=10))
    group = f"<g {attrs(class_='pm-node', data_process=process.pk)}>{''.join(parts)}</g>"
    if url is None:
        return group
    return f"<a {attrs(href=url(process), aria_label=str(process))}>{group}</a>"


def _arrow_path(arrow: Arrow) -> str:
    (x0, y0), (cx, cy), (x1, y1) = arrow.start, arrow.control, arrow.end
    d = f"M{n(x0)} {n(y0)} Q{n(cx)} {n(cy)} {n(x1)} {n(y1)}"
    # The head points along the curve's last tangent (control point → end).
    tx, ty = x1 - cx, y1 - cy
    length = math.hypot(tx, ty) or 1
    ux, uy = tx / length, ty / length
    head = " ".join(
        f"{n(px)},{n(py)}"
        for px, py in (
            (x1, y1),
            (x1 - 10 * ux + 4.5 * uy, y1 - 10 * uy - 4.5 * ux),
            (x1 - 10 * ux - 4.5 * uy, y1 - 10 * uy + 4.5 * ux),
        )
    )
    label = _arrow_title(arrow)
    return (
        f"<g {attrs(class_='pm-arrow', data_interaction=arrow.interaction.pk)}><title>{_escape(label)}</title>"
        f"<path {attrs(d=d, fill='none', stroke=ARROW, stroke_width=1.4)}/>"
        f"<polygon {attrs(points=head, fill=ARROW)}/></g>"
    )


def _arrow_label(arrow: Arrow) -> str:
    x, y = arrow.label_at
    r = 9 if arrow.number < 100 else 12
    return (
        f"<g {attrs(class_='pm-label')}><circle {attrs(cx=n(x), cy=n(y), r=r, fill='#fff', stroke=ARROW)}/>"
        + text(x, y + 3.5, arrow.number, text_anchor="middle", font_size=10, font_weight="bold", fill=INK)
        + "</g>"
    )


def _arrow_title(arrow: Arrow) -> str:
    source, target = arrow.source.process.number, arrow.target.process.number
    return f"{arrow.number}. {source} → {target}: {arrow.interaction.description}"


def _escape(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(value)


def _description(result: ProcessMap) -> str:
    processes = "; ".join(
        f"{node.process.number} {node.process.name} ({node.process.get_process_type_display().lower()})"
        for node in result.nodes.values()
    )
    arrows = "; ".join(_arrow_title(a) for a in result.arrows) or _("no interactions recorded")
    return _("Processes: %(p)s. Interactions: %(i)s.") % {"p": processes, "i": arrows}


def _wrap(words: str, width: int, lines: int) -> list[str]:
    """Up to `lines` lines of at most `width` characters, the last one cut with an ellipsis if needed."""
    result, current = [], ""
    for word in words.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
            continue
        result.append(current)
        current = word
    result.append(current)
    if len(result) > lines:
        result = [*result[: lines - 1], " ".join(result[lines - 1 :])]
    return [_truncate(line, width) for line in result]


def _truncate(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"
