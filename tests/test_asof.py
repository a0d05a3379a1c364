"""As-of questions over the example corpus (our own articles, with one deliberately wrong report)."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from politograph.cli import app
from politograph.query import asof
from politograph.store.repository import Store


@pytest.fixture(scope="module")
def url(examples_url: str) -> str:
    return examples_url


@pytest.fixture
def store(url: str):
    opened = Store(url)
    yield opened
    opened.close()


def holders(answer: asof.WhoAnswer) -> list[str | None]:
    return [h.subject for h in answer.holders]


def test_who_led_a_party_on_a_day(store) -> None:
    assert holders(asof.who(store, "leader", "Your Party", date(2013, 9, 1))) == ["Yoshimi Watanabe"]
    answer = asof.who(store, "leader", "Your Party", date(2014, 6, 10))
    assert holders(answer) == ["Keiichiro Asao"] and not answer.conflicting
    [holder] = answer.holders
    assert {"ex-016", "ex-017"} <= {e.doc_id for e in holder.evidence}
    assert all(e.sentence and e.published for e in holder.evidence)


def test_what_the_press_knew_on_a_day(store) -> None:
    assert holders(asof.who(store, "leader", "Your Party", date(2014, 6, 10), known_at=date(2014, 4, 7))) == ["Yoshimi Watanabe"]


def test_a_conflicting_report_is_shown_not_settled(store) -> None:
    answer = asof.who(store, "leader", "Your Party", date(2014, 6, 20))
    assert answer.conflicting and set(holders(answer)) == {"Keiichiro Asao", "Kenji Eda"}
    found = [c for c in asof.contradictions(store) if c.what == "leader of Your Party"]
    assert [{c.first.subject, c.second.subject} for c in found] == [{"Keiichiro Asao", "Kenji Eda"}]


def test_no_leader_after_the_party_is_dissolved(store) -> None:
    assert asof.who(store, "leader", "Your Party", date(2014, 12, 1)).holders == []


def test_seats_blocs_thresholds_and_power(store) -> None:
    answer = asof.seats(store, "lower house", date(2014, 12, 20))
    by_group = {g.group: g for g in answer.groups}
    assert (answer.total, answer.majority, answer.two_thirds) == (475, 238, 317)
    assert by_group["Liberal Democratic Party"].seats == 290  # the later, corrected count settles the first
    assert by_group["Komeito"].seats == 35
    assert (["Liberal Democratic Party", "Komeito"], 325) in answer.blocs
    assert by_group["Liberal Democratic Party"].banzhaf == pytest.approx(1.0)  # alone past the majority
    assert by_group["Liberal Democratic Party"].evidence[0].doc_id == "ex-022"


def test_seat_reports_on_different_days_are_no_contradiction(store) -> None:
    assert not [c for c in asof.contradictions(store) if c.what.startswith("seats of Liberal")]


def test_timeline_in_order_with_evidence(store) -> None:
    claims = asof.timeline(store, "Yui no To")
    days = [c.valid_from for c in claims if c.valid_from]
    assert days == sorted(days)
    founding = next(c for c in claims if c.type == "founding" and c.modality == "asserted")
    assert (founding.subject, str(founding.valid_from), founding.evidence[0].doc_id) == ("Kenji Eda", "2013-12-18", "ex-015")
    planned = next(c for c in claims if c.type == "founding" and c.modality == "planned")  # "would form a new party called Yui no To"
    assert (planned.subject, planned.evidence[0].doc_id) == ("Kenji Eda", "ex-014")


def test_cli_who_seats_timeline_and_unknown_names(url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["who", "--role", "leader", "--of", "Your Party", "--at", "2014-06-10", "--db", url])
    assert result.exit_code == 0 and "Keiichiro" in result.stdout
    result = runner.invoke(app, ["seats", "--chamber", "House of Representatives", "--at", "2014-12-20", "--db", url])
    assert result.exit_code == 0 and "two-thirds" in result.stdout
    assert runner.invoke(app, ["timeline", "Yui no To", "--db", url]).exit_code == 0
    assert runner.invoke(app, ["contradictions", "--db", url]).exit_code == 0
    missing = runner.invoke(app, ["who", "--role", "leader", "--of", "Nobody Party", "--at", "2014-06-10", "--db", url])
    assert missing.exit_code == 1 and "no entity named" in missing.stderr


def test_lineage_of_the_japan_innovation_party_is_a_tree_with_evidence(store) -> None:
    from politograph.query.lineage import lineage

    (answer,) = lineage(store, "Japan Innovation Party")
    assert (answer.founded, answer.ended) == (date(2014, 9, 21), date(2016, 3, 27))
    step, above_yui = answer.predecessors["Yui no To"]
    assert (step.kind, step.day) == ("merged into", date(2014, 9, 21))
    assert {s.doc_id for s in step.evidence} >= {"pack:japan"} and any(s.doc_id.startswith("ex-") for s in step.evidence)
    assert above_yui["Your Party"][0].kind == "split off"
    assert answer.predecessors["Nippon Ishin no Kai"][0].kind == "merged into"
    assert set(answer.successors) == {"Initiatives from Osaka", "Democratic Party"}
    assert "Liberal Democratic Party" not in answer.successors["Democratic Party"][1]  # the walk only moves forward in time


def test_a_rename_that_keeps_the_party_is_shown_on_the_party(store) -> None:
    from politograph.query.lineage import lineage

    (answer,) = lineage(store, "Initiatives from Osaka")
    assert [(r.newer, r.day) for r in answer.renames] == [("Nippon Ishin no Kai", date(2016, 8, 23))]


def test_chamber_sizes_come_from_the_pack_by_period(store) -> None:
    sizes = {day: asof.seats(store, "House of Representatives", day).total for day in (date(2014, 7, 15), date(2014, 12, 20), date(2017, 11, 1))}
    assert sizes == {date(2014, 7, 15): 480, date(2014, 12, 20): 475, date(2017, 11, 1): 465}
    assert asof.seats(store, "House of Councillors", date(2022, 8, 1)).total == 248


def test_lineage_command_prints_the_tree(url: str) -> None:
    result = CliRunner().invoke(app, ["lineage", "Japan Innovation Party", "--db", url])
    assert result.exit_code == 0 and "predecessors" in result.output and "Yui no To" in result.output and "reference data" in result.output
