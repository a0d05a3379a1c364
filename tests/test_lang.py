"""The language file: English words the rules read, one typed object, checked when it loads."""

from __future__ import annotations

import pytest
import yaml

from politograph.lang import EN, LanguageWords, load_language
from politograph.lexicon import PACKAGE_DIR


def _english() -> dict:
    return yaml.safe_load((PACKAGE_DIR / "lang" / "en.yaml").read_text(encoding="utf-8"))


def test_english_is_read_once_with_typed_lists():
    assert load_language("en") is EN
    assert {"no", "not", "never"} == EN.negators
    assert EN.months["sept"] == 9 and EN.weekdays["sunday"] == 6 and EN.seasons["fall"] == "FA"
    assert EN.name_prefixes[:2] == ("the ", "The ")  # tried in order, spaces kept
    assert EN.count_words["a couple of"] == 2
    assert "on" in EN.referendum_preps and "on" in EN.scope_preps  # YAML's "on" as a word, not as true


def test_every_key_of_the_file_is_an_attribute_and_back():
    data = _english()
    assert set(data) == set(LanguageWords.__dataclass_fields__)


def test_a_bare_yaml_boolean_is_refused_with_file_and_key():
    data = _english()
    data["negators"] = [False, "not", "never"]  # what an unquoted `no` reads as
    with pytest.raises(ValueError, match=r"en\.yaml: negators: False is not a word"):
        LanguageWords.from_mapping(data, "en.yaml")


def test_unknown_and_missing_keys_are_named():
    data = _english()
    with pytest.raises(ValueError, match="en.yaml: unknown key 'negations'"):
        LanguageWords.from_mapping({**data, "negations": ["no"]}, "en.yaml")
    del data["months"]
    with pytest.raises(ValueError, match="en.yaml: no 'months'"):
        LanguageWords.from_mapping(data, "en.yaml")


def test_a_mapping_needs_whole_numbers():
    data = _english()
    data["weekdays"] = {**data["weekdays"], "monday": "first"}
    with pytest.raises(ValueError, match="weekdays: 'first' is not a whole number"):
        LanguageWords.from_mapping(data, "en.yaml")


def test_a_language_without_a_file_is_one_clear_error():
    with pytest.raises(ValueError, match="no language file lang/xx.yaml"):
        load_language("xx")
