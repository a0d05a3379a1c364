"""A forgiving vocabulary: the usual words for a post, "did you mean" for an unknown name, a list for an ambiguous one.

The CLI, the API and the pages read a role word and an entity's name
through one lookup (`query.lookup`), so each case is asked of all three
over one store about invented countries: two parties called "Liberal
Party" (Nordia's and Sudland's), a "Centre Party" whose name Sudland's
own centre party has only as an alias, and a junk entity called "Party".
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from builders import stored, told
from politograph.api.app import ServerSettings, create_app
from politograph.cli import app
from politograph.lexicon import PACKAGE_DIR
from politograph.model import ROLE_VOCABULARY, Document, Entity, Fact, TimeValue
from politograph.query import lookup
from politograph.store.repository import DocumentResult, Store

NORDIC_LIBERALS = Entity("Liberal Party", "PARTY", pack_id="world:nor-liberal")
SOUTHERN_LIBERALS = Entity("Liberal Party", "PARTY", pack_id="world:sud-liberal")
CENTRE = Entity("Centre Party", "PARTY", pack_id="world:nor-centre")
SOUTHERN_CENTRE = Entity("Centre Party of Sudland", "PARTY", {"Centre Party"}, pack_id="world:sud-centre")


def article(doc_id: str, published: str, entities: list[Entity], *found: Fact) -> DocumentResult:
    """An article with these entities and facts, each fact's sentence its own."""
    text = told(doc_id, found, lambda item: f"{item.subject} is {item.role} of {item.object} ({doc_id}).")
    return DocumentResult(Document(doc_id, text or f"Nothing much ({doc_id}).", date.fromisoformat(published), "Nordic Wire"), entities, [], list(found))


def role(person: str, body: str, kind: str, post: str, when: str) -> Fact:
    found = Fact("role", person, body, when=TimeValue(when), role=post)
    found.subject_type, found.object_type = "PERSON", kind
    return found


ARTICLES = [
    article(
        "n-01",
        "2018-05-02",
        [Entity("Nordia", "PLACE"), Entity("Siv Aalto", "PERSON"), Entity("Bo Lind", "PERSON"), NORDIC_LIBERALS, CENTRE],
        role("Siv Aalto", "Nordia", "PLACE", "prime-minister", "2018-05-02"),
        role("Bo Lind", "Liberal Party", "PARTY", "leader", "2018-05-02"),
        role("Siv Aalto", "Centre Party", "PARTY", "secretary-general", "2018-05-02"),
    ),
    article("s-01", "2021-09-10", [Entity("Ana Cruz", "PERSON"), SOUTHERN_LIBERALS], role("Ana Cruz", "Liberal Party", "PARTY", "leader", "2021-09-10")),
    article("s-02", "2021-09-11", [Entity("Rui Sol", "PERSON"), SOUTHERN_CENTRE], role("Rui Sol", "Centre Party of Sudland", "PARTY", "leader", "2021-09-11")),
    article("j-01", "2021-10-01", [Entity("Party", "PARTY")]),  # what a tagger leaves behind
]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return stored(f"sqlite:///{tmp_path_factory.mktemp('nordia') / 'kb.db'}", ARTICLES)


@pytest.fixture(scope="module")
def client(url: str) -> TestClient:
    return TestClient(create_app(ServerSettings(url)))


@pytest.fixture
def store(url: str):  # type: ignore[no-untyped-def]
    opened = Store(url, packs=())
    yield opened
    opened.close()


def run(url: str, *args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--db", url], terminal_width=200)


def ids_of(store: Store, pack_id: str) -> int:
    [found] = [e for e in store.find_entities("Liberal Party") + store.find_entities("Centre Party") if e["pack_id"] == pack_id]
    return int(found["id"])


# --------------------------------------------------------------------------- role words


@pytest.mark.parametrize(
    ("word", "post"),
    [
        ("prime minister", "prime-minister"),
        ("Prime-Minister", "prime-minister"),
        ("prime_minister", "prime-minister"),
        ("PM", "prime-minister"),
        ("P.M.", "prime-minister"),
        ("premier", "prime-minister"),
        ("chancellor", "prime-minister"),
        ("party chief", "leader"),
        ("head", "leader"),
        ("president", "leader"),
        ("chair", "leader"),
        ("Chairman", "leader"),
        ("chairwoman", "leader"),
        ("chairperson", "leader"),
        ("leaders", "leader"),
        ("secretary general", "secretary-general"),
        ("Secretary-General", "secretary-general"),
        ("sec-gen", "secretary-general"),
        ("deputy leader", "deputy-leader"),
        ("mayor", "mayor"),
        ("governor", "governor"),
        ("MP", "lawmaker"),
    ],
)
def test_usual_words_for_a_post_are_its_stored_role(word: str, post: str) -> None:
    assert lookup.normal_role(word) == post


def test_every_synonym_in_the_language_file_names_a_known_role() -> None:
    data = yaml.safe_load((PACKAGE_DIR / "lang" / "en.yaml").read_text(encoding="utf-8"))
    assert set(data["role_synonyms"].values()) <= set(ROLE_VOCABULARY)
    assert all(lookup.normal_role(role) == role for role in ROLE_VOCABULARY)


def test_an_unknown_role_word_lists_the_known_ones() -> None:
    with pytest.raises(lookup.UnknownRole, match="role 'grand vizier': not a role politograph knows; known roles: leader, co-leader"):
        lookup.normal_role("grand vizier")


@pytest.mark.parametrize("word", ["prime minister", "PM", "premier", "Prime-Minister"])
def test_who_reads_the_word_in_the_cli_the_api_and_the_page(url: str, client: TestClient, word: str) -> None:
    cli = run(url, "who", "--role", word, "--of", "Nordia", "--at", "2019-01-01")
    assert cli.exit_code == 0 and "Siv Aalto" in cli.stdout and "prime-minister of Nordia" in cli.stdout
    api = client.get("/api/who", params={"role": word, "of": "Nordia", "at": "2019-01-01"})
    assert api.status_code == 200 and api.json()["role"] == "prime-minister" and [h["subject"] for h in api.json()["holders"]] == ["Siv Aalto"]
    page = client.get("/who", params={"role": word, "of": "Nordia", "at": "2019-01-01"})
    assert page.status_code == 200 and "Siv Aalto" in page.text and "<option selected>prime-minister</option>" in page.text


def test_an_unknown_role_is_one_clear_error_everywhere(url: str, client: TestClient) -> None:
    cli = run(url, "who", "--role", "grand vizier", "--of", "Nordia", "--at", "2019-01-01")
    assert cli.exit_code == 1 and "known roles: leader" in cli.stderr and "Traceback" not in cli.output
    api = client.get("/api/who", params={"role": "grand vizier", "of": "Nordia", "at": "2019-01-01"})
    assert api.status_code == 422 and "known roles: leader" in api.json()["error"] and api.json()["problems"][0].startswith("query.role: ")
    page = client.get("/who", params={"role": "grand vizier", "of": "Nordia", "at": "2019-01-01"})
    assert page.status_code == 422 and "known roles: leader" in page.text


# --------------------------------------------------------------------------- did you mean


def test_an_unknown_name_suggests_the_closest_known_ones(store: Store) -> None:
    with pytest.raises(lookup.NotFound) as caught:
        lookup.entity_ids(store, "Liberl Party")
    offered = caught.value.suggestions
    assert 0 < len(offered) <= lookup.MAX_SUGGESTIONS
    assert {s.name for s in offered[:2]} == {"Liberal Party"} and len({s.id for s in offered}) == len(offered)
    by_alias = lookup.suggestions(store, "Center Party")
    assert by_alias[0].name in ("Centre Party", "Centre Party of Sudland")
    assert lookup.suggestions(store, "!!!") == []


def test_suggestions_without_rapidfuzz_come_from_difflib(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rapidfuzz", None)  # an import of it now fails, as on an install without it
    offered = lookup.suggestions(store, "Siv Alto")
    assert offered and offered[0].name == "Siv Aalto"


def test_did_you_mean_in_the_cli_the_api_and_the_page(url: str, client: TestClient) -> None:
    cli = run(url, "timeline", "Siv Alto")
    assert cli.exit_code == 1
    [line] = cli.stderr.strip().splitlines()
    assert line.startswith("error: no entity named 'Siv Alto'; did you mean: 'Siv Aalto' (#")
    api = client.get("/api/who", params={"role": "leader", "of": "Liberl Party", "at": "2019-01-01"})
    assert api.status_code == 404 and "did you mean: 'Liberal Party'" in api.json()["error"]
    assert api.json()["suggestions"][0]["name"] == "Liberal Party" and {"id", "type", "matched"} <= set(api.json()["suggestions"][0])
    page = client.get("/who", params={"role": "leader", "of": "Liberl Party", "at": "2019-01-01"})
    assert page.status_code == 404 and "no entity named" in page.text
    links = re.findall(r'<a class="choice" href="([^"]+)">Liberal Party</a>', page.text)
    assert len(links) == 2 and all("of=%23" in link and "role=leader" in link for link in links)
    facts = run(url, "facts", "--entity", "Bo Lnd")
    assert facts.exit_code == 1 and "did you mean: 'Bo Lind'" in facts.stderr


# --------------------------------------------------------------------------- ambiguous names


def test_an_ambiguous_name_lists_its_candidates_with_country_and_years(store: Store) -> None:
    with pytest.raises(lookup.Ambiguous) as caught:
        lookup.entity_ids(store, "Liberal Party")
    found = {(c.country, c.first_year, c.last_year, c.facts, c.type) for c in caught.value.candidates}
    assert found == {("NOR", 2018, 2018, 1, "PARTY"), ("SUD", 2021, 2021, 1, "PARTY")}
    assert "Name one by its #id" in str(caught.value)


def test_an_own_name_wins_over_an_alias(store: Store) -> None:
    assert lookup.entity_ids(store, "Centre Party") == [ids_of(store, "world:nor-centre")]
    assert lookup.entity_ids(store, "Centre Party of Sudland") == [ids_of(store, "world:sud-centre")]


def test_a_plain_name_others_carry_with_a_qualifier_is_ambiguous(tmp_path) -> None:
    plain = Entity("Unity Party", "PARTY", pack_id="world:nor-unity")
    dated = Entity("Unity Party (1990)", "PARTY", aliases={"Unity Party"}, pack_id="world:nor-unity-1990")
    url = stored(f"sqlite:///{tmp_path / 'unity.db'}", [article("u-01", "2020-01-01", [plain, dated], role("Eva Sten", "Unity Party", "PARTY", "leader", "2020-01-01"))])
    store = Store(url, packs=())
    try:
        with pytest.raises(lookup.Ambiguous) as caught:
            lookup.entity_ids(store, "Unity Party")  # the data itself says the plain name is shared
        assert {c.name for c in caught.value.candidates} == {"Unity Party", "Unity Party (1990)"}
        assert len(lookup.entity_ids(store, "Unity Party (1990)")) == 1
    finally:
        store.close()


def test_the_cli_says_which_others_an_own_name_was_chosen_over(url: str, store: Store) -> None:
    result = run(url, "who", "--role", "secretary general", "--of", "Centre Party", "--at", "2019-01-01", "--json")
    assert result.exit_code == 0 and [h["subject"] for h in json.loads(result.stdout)["holders"]] == ["Siv Aalto"]
    southern = ids_of(store, "world:sud-centre")
    assert f"note: 'Centre Party' is also a name of #{southern} Centre Party of Sudland (PARTY, SUD, 2021, 1 facts)" in result.stderr
    assert "note:" not in run(url, "timeline", "Centre Party of Sudland").stderr


def test_an_ambiguous_name_in_the_cli_lists_them_and_an_id_answers(url: str, store: Store) -> None:
    nordic, southern = ids_of(store, "world:nor-liberal"), ids_of(store, "world:sud-liberal")
    cli = run(url, "who", "--role", "leader", "--of", "Liberal Party", "--at", "2022-01-01")
    assert cli.exit_code == 1 and cli.stdout == ""
    first, *listed = cli.stderr.strip().splitlines()
    assert first.startswith("error: 'Liberal Party' names 2 entities; name one by its #id")
    assert sorted(listed) == sorted([f"  #{nordic} Liberal Party (PARTY, NOR, 2018, 1 facts)", f"  #{southern} Liberal Party (PARTY, SUD, 2021, 1 facts)"])
    chosen = run(url, "who", "--role", "leader", "--of", f"#{southern}", "--at", "2022-01-01")
    assert chosen.exit_code == 0 and "Ana Cruz" in chosen.stdout and "Bo Lind" not in chosen.stdout
    for args in (["timeline", "Liberal Party"], ["entity", "Liberal Party"], ["lineage", "Liberal Party"], ["facts", "--entity", "Liberal Party"]):
        result = run(url, *args)
        assert result.exit_code == 1 and "names 2 entities" in result.stderr and f"#{nordic}" in result.stderr, args


def test_an_ambiguous_name_in_the_api_is_a_409_with_candidates(client: TestClient, store: Store) -> None:
    for path, params in (("/api/who", {"role": "leader", "of": "Liberal Party", "at": "2022-01-01"}), ("/api/timeline", {"name": "Liberal Party"})):
        answer = client.get(path, params=params)
        assert answer.status_code == 409
        body = answer.json()
        assert "names 2 entities" in body["error"]
        assert {(c["id"], c["country"], c["first_year"]) for c in body["candidates"]} == {
            (ids_of(store, "world:nor-liberal"), "NOR", 2018),
            (ids_of(store, "world:sud-liberal"), "SUD", 2021),
        }
    facts = client.get("/api/facts", params={"entity": "Liberal Party"})
    assert facts.status_code == 409 and len(facts.json()["candidates"]) == 2


def test_an_ambiguous_name_on_the_who_page_lists_links_to_each(client: TestClient, store: Store) -> None:
    page = client.get("/who", params={"role": "chair", "of": "Liberal Party", "at": "2022-01-01"})
    assert page.status_code == 409 and "names 2 entities. Which one?" in page.text
    for pack_id, country in (("world:nor-liberal", "NOR"), ("world:sud-liberal", "SUD")):
        found = ids_of(store, pack_id)
        assert f'href="/who?role=leader&amp;at=2022-01-01&amp;known_at=&amp;of=%23{found}"' in page.text
        assert f'href="/entities/{found}"' in page.text and country in page.text
    southern = client.get("/who", params={"role": "chair", "of": f"#{ids_of(store, 'world:sud-liberal')}", "at": "2022-01-01"})
    assert southern.status_code == 200 and "Ana Cruz" in southern.text


# --------------------------------------------------------------------------- the search page


def test_search_lists_every_match_unless_one_entity_has_exactly_that_name(client: TestClient, store: Store) -> None:
    both = client.get("/search", params={"q": "Liberal Party"}, follow_redirects=False)
    assert both.status_code == 200 and both.text.count('class="exact-match"') == 2 and "2 entities go by" in both.text
    assert "NOR" in both.text and "SUD" in both.text and "2018" in both.text and "2021" in both.text
    junk = client.get("/search", params={"q": "Party"}, follow_redirects=False)  # "Party" is one entity's name, but it is in many
    assert junk.status_code == 200 and junk.text.count("<tr") > 4 and junk.text.count('class="exact-match"') == 1
    centre = client.get("/search", params={"q": "Centre Party"}, follow_redirects=False)  # an own name and an alias of another: a list
    assert centre.status_code == 200 and centre.text.count('class="exact-match"') == 2
    one = client.get("/search", params={"q": "Siv Aalto"}, follow_redirects=False)
    assert one.status_code == 303 and one.headers["location"] == f"/entities/{store.find_entities('Siv Aalto')[0]['id']}"
    near = client.get("/search", params={"q": "Aalto"}, follow_redirects=False)  # one match, not by its name: listed, not jumped to
    assert near.status_code == 200 and "Siv Aalto" in near.text
