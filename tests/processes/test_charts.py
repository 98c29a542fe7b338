"""The process map: lanes, flow order, one arrow per interaction, and a drawing that is valid SVG for a
cycle, for many processes and for processes with no interactions. Pure layout: no database needed."""

import itertools
import random
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from pdca.processes import charts

SVG = "{http://www.w3.org/2000/svg}"
_ids = itertools.count(1)


@dataclass
class P:
    """A process as the map reads it."""

    number: str
    name: str
    process_type: str = "core"
    status: str = "active"
    owner: str = "Helen Okafor"
    pk: int = 0

    def __post_init__(self):
        self.pk = self.pk or next(_ids)

    def get_process_type_display(self):
        return self.process_type.capitalize()

    def __str__(self):
        return f"{self.number} {self.name}"


@dataclass
class Link:
    """An interaction as the map reads it."""

    source: P
    target: P
    description: str
    pk: int = 0

    def __post_init__(self):
        self.pk = self.pk or next(_ids)

    @property
    def source_id(self):
        return self.source.pk

    @property
    def target_id(self):
        return self.target.pk


def draw(processes, interactions, url=None):
    result = charts.layout(processes, interactions)
    svg = str(charts.process_map(result, url=url))
    return result, svg, ET.fromstring(svg)  # noqa: S314 our own drawing; raises if it is not well-formed XML


def texts(root) -> str:
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def arrows(root) -> list:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "pm-arrow"]


def test_a_cycle_renders_with_every_process_named_and_an_arrow_per_interaction():
    a, b, c = P("PRC-0001", "Sales"), P("PRC-0002", "Planning"), P("PRC-0003", "Machining")
    loop = [Link(a, b, "Orders"), Link(b, c, "Works orders"), Link(c, a, "Delivery data")]
    result, _svg, root = draw([c, a, b], loop)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    for p in (a, b, c):
        assert p.number in texts(root) and p.name in texts(root)
    drawn = arrows(root)
    assert len(drawn) == 3
    assert {g.get("data-interaction") for g in drawn} == {str(i.pk) for i in loop}
    assert all(g.find(f"{SVG}path") is not None and g.find(f"{SVG}polygon") is not None for g in drawn)
    # Flow order A, B, C from left to right; the arrow closing the loop arcs back below the row.
    xs = [result.nodes[p.pk].x for p in (a, b, c)]
    assert xs == sorted(xs) and len({result.nodes[p.pk].y for p in (a, b, c)}) == 1
    back = next(arrow for arrow in result.arrows if arrow.interaction.description == "Delivery data")
    assert back.control[1] > result.nodes[a.pk].y + charts.H
    assert [row["number"] for row in result.legend()] == [1, 2, 3]
    assert "Delivery data" in root.find(f"{SVG}desc").text


def test_lanes_put_management_on_top_and_support_at_the_bottom():
    review = P("PRC-0001", "Management review", "management")
    making = P("PRC-0002", "Machining")
    training = P("PRC-0003", "Training", "support")
    result, _svg, _root = draw([training, making, review], [Link(training, making, "Trained people")])
    ys = [result.nodes[p.pk].y for p in (review, making, training)]
    assert ys == sorted(ys) and len(set(ys)) == 3
    assert [lane.process_type for lane in result.lanes] == ["management", "core", "support"]


def test_flow_order_follows_the_hand_overs_not_the_numbers():
    dispatch, sales, machining = P("PRC-0001", "Dispatch"), P("PRC-0002", "Sales"), P("PRC-0003", "Machining")
    flow = [Link(sales, machining, "Orders"), Link(machining, dispatch, "Parts")]
    assert charts.flow_order([dispatch, sales, machining], flow) == [sales, machining, dispatch]


def test_processes_with_no_interactions_render_without_arrows():
    processes = [P(f"PRC-{i:04d}", f"Process {i}", t) for i, t in enumerate(["management", "core", "support"] * 3)]
    result, _svg, root = draw(processes, [])
    assert not arrows(root) and result.legend() == []
    assert all(p.name in texts(root) for p in processes)
    assert "no interactions recorded" in root.find(f"{SVG}desc").text


def test_an_empty_map_says_so():
    _result, _svg, root = draw([], [])
    assert "No process to draw" in texts(root)


def test_thirty_processes_stay_inside_the_drawing_without_overlapping_boxes():
    rng = random.Random(5)
    kinds = ["management"] * 5 + ["core"] * 17 + ["support"] * 8
    processes = [P(f"PRC-{i:04d}", f"Process with a rather long name number {i}", t) for i, t in enumerate(kinds)]
    links = [Link(*rng.sample(processes, 2), f"Output {n}") for n in range(45)]
    result, _svg, root = draw(processes, links)
    assert len(arrows(root)) == 45
    width, height = float(root.get("viewBox").split()[2]), float(root.get("viewBox").split()[3])
    boxes = list(result.nodes.values())
    assert len(boxes) == 30
    for box in boxes:
        assert box.x >= 0 and box.x + charts.W <= width and box.y >= 0 and box.y + charts.H <= height
    for one, other in itertools.combinations(boxes, 2):
        apart_x = one.x + charts.W <= other.x or other.x + charts.W <= one.x
        apart_y = one.y + charts.H <= other.y or other.y + charts.H <= one.y
        assert apart_x or apart_y
    assert max(b.col for b in boxes) < charts.PER_ROW  # lanes wrap instead of widening
    assert all(p.name[:10] in texts(root) for p in processes)  # long names are cut, never dropped


def test_arrows_between_the_same_two_processes_are_drawn_apart():
    a, b = P("PRC-0001", "Machining"), P("PRC-0002", "Inspection")
    both = [Link(a, b, "Parts"), Link(b, a, "Rework"), Link(a, b, "First-off parts")]
    result, _svg, root = draw([a, b], both)
    assert len(arrows(root)) == 3
    controls = {arrow.control for arrow in result.arrows}
    labels = {arrow.label_at for arrow in result.arrows}
    assert len(controls) == 3 and len(labels) == 3


def test_text_is_escaped_and_boxes_link_to_their_process_when_asked():
    tricky = P("PRC-0001", 'Sales & <script>alert("x")</script>')
    other = P("PRC-0002", "Planning")
    _result, svg, root = draw(
        [tricky, other], [Link(tricky, other, "Orders & drawings <b>")], url=lambda p: f"/p/{p.pk}/"
    )
    assert "<script>" not in svg and "&amp;" in svg
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == [f"/p/{tricky.pk}/", f"/p/{other.pk}/"]


@pytest.mark.parametrize(
    ("name", "lines"), [("Short", ["Short"]), ("Management review and planning", ["Management review", "and planning"])]
)
def test_names_wrap_on_two_lines(name, lines):
    assert charts._wrap(name, 19, 2) == lines
