"""The briefing of the seeds validates against schema/briefing.schema.json, every span exact."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from seedrun import SeedReport
from storyline.briefing import SCHEMA_VERSION
from storyline.reconcile import BriefingError, all_spans, validate_briefing


@pytest.fixture(scope="module")
def doc(seed_analysis: SeedReport) -> dict[str, Any]:
    """The briefing ``storyline analyze`` wrote for the seeds (shared by the whole session)."""
    return seed_analysis.briefing


def test_seed_briefing_validates(doc: dict[str, Any]) -> None:
    validate_briefing(doc)
    assert doc["schema_version"] == SCHEMA_VERSION and doc["stories"] and doc["storylines"]


def test_every_span_is_exact(doc: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    spans = list(all_spans(doc))
    assert len(spans) > 50
    for s in spans:
        assert texts[s["article_id"]][s["start"] : s["end"]] == s["text"]


def test_validator_rejects_a_shifted_span(doc: dict[str, Any]) -> None:
    bad = copy.deepcopy(doc)
    src = bad["stories"][0]["claims"][0]["sources"][0]
    src["start"] += 1
    with pytest.raises(BriefingError, match="does not hold"):
        validate_briefing(bad)


def test_validator_rejects_a_missing_field(doc: dict[str, Any]) -> None:
    bad = copy.deepcopy(doc)
    del bad["stories"][0]["timeline"]
    with pytest.raises(BriefingError, match="timeline"):
        validate_briefing(bad)


def test_every_story_names_its_storyline_in_date_order() -> None:
    from storylinerun import linked_briefing

    _, _, doc = linked_briefing()
    validate_briefing(doc)
    by_id = {s["id"]: s for s in doc["stories"]}
    assert by_id["sb"]["storyline"] == {"id": "sa", "story_ids": ["sa", "sb"]}
    assert by_id["sa"]["storyline"] == by_id["sb"]["storyline"]
    assert by_id["sc"]["storyline"] == {"id": "sc", "story_ids": ["sc"]}
    assert by_id["sa"]["date_span"] == ["2025-03-01", "2025-03-02"]
    assert doc["storylines"] == [
        {
            "id": "sa",
            "story_ids": ["sa", "sb"],
            "date_span": ["2025-03-01", "2025-03-09"],
            "headline": "Varn bridge collapses",
        },
        {
            "id": "sc",
            "story_ids": ["sc"],
            "date_span": ["2025-03-05", "2025-03-05"],
            "headline": "Council passes parks budget",
        },
    ]


def test_seed_storylines_cover_every_story_once(doc: dict[str, Any]) -> None:
    listed = [sid for line in doc["storylines"] for sid in line["story_ids"]]
    assert sorted(listed) == sorted(s["id"] for s in doc["stories"])
    lines = {line["id"]: line["story_ids"] for line in doc["storylines"]}
    for story in doc["stories"]:
        assert lines[story["storyline"]["id"]] == story["storyline"]["story_ids"]
        assert story["id"] in story["storyline"]["story_ids"]


@pytest.mark.parametrize("field", ["storyline", "date_span"])
def test_validator_rejects_a_story_without_its_storyline(doc: dict[str, Any], field: str) -> None:
    bad = copy.deepcopy(doc)
    del bad["stories"][0][field]
    with pytest.raises(BriefingError, match=field):
        validate_briefing(bad)


def test_briefing_records_what_made_it(doc: dict[str, Any]) -> None:
    from storyline import __version__
    from storyline.embed import model_id
    from storyline.extract.parts import extractor_id

    made = doc["made_by"]
    assert made["storyline"] == __version__
    assert made["extractor"] == extractor_id()
    assert made["encoder"] == model_id()
    assert isinstance(made["options"], dict)


def test_made_by_takes_the_encoder_id_and_options_it_is_given() -> None:
    from storyline.reconcile.briefing import made_by

    class Named:
        model_id = "some-model-0123"

    made = made_by(Named(), {"workers": 2})
    assert made["encoder"] == "some-model-0123" and made["options"] == {"workers": 2}
    assert made_by(object())["encoder"] is None  # an encoder that names no model
    assert made_by(object())["options"] == {}


@pytest.mark.parametrize("key", ["storyline", "extractor", "encoder", "options"])
def test_validator_rejects_an_incomplete_made_by(doc: dict[str, Any], key: str) -> None:
    bad = copy.deepcopy(doc)
    del bad["made_by"][key]
    with pytest.raises(BriefingError, match="made_by"):
        validate_briefing(bad)


def test_made_by_is_optional(doc: dict[str, Any]) -> None:
    """Documents rebuilt from the store (the web API) carry no ``made_by``."""
    bare = {k: v for k, v in doc.items() if k != "made_by"}
    validate_briefing(bare)


def test_the_committed_schema_is_generated_from_the_model() -> None:
    """schema/briefing.schema.json is what ``python -m storyline.briefing`` prints: the model
    is the one description of the briefing (regenerate the file after changing it)."""
    from pathlib import Path

    from storyline.briefing import schema_text

    committed = Path(__file__).parents[1] / "schema" / "briefing.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text()


def test_the_model_reads_back_what_it_wrote_and_refuses_unknown_keys(
    doc: dict[str, Any],
) -> None:
    from storyline.briefing import Briefing
    from storyline.reconcile.schema import BriefingError

    assert Briefing.read(doc).to_json() == doc
    bad = copy.deepcopy(doc)
    bad["stories"][0]["claims"][0]["speaker"] = "someone"
    with pytest.raises(BriefingError, match="speaker") as caught:  # one line, not pydantic's
        Briefing.read(bad)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("version", [1, 2, 3, SCHEMA_VERSION + 1, None])
def test_a_briefing_of_another_version_is_refused_not_misread(
    doc: dict[str, Any], version: int | None
) -> None:
    """Before version 3 a quote card had no stance, so a denial read as an assertion, and
    before version 4 reported speech read as a quotation; a document of another version is
    refused on one line, never read as this one."""
    from storyline.briefing import Briefing, document

    other = {**doc, "schema_version": version}
    for read in (Briefing.read, document):
        with pytest.raises(
            BriefingError, match=f"schema version {version}, not {SCHEMA_VERSION}.*analyze"
        ):
            read(other)
