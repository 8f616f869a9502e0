"""One person, one entity, however outlets write the name: a nickname ("Chuck" for
"Charles"), a surname with its particle ("De Blasio"), a generational suffix ("Jr."), on real
AllSides and PolNeAR articles picked by the names they contain; and a name never runs across
a dash or keeps a title ("Chair")."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from allsides_pick import pick_allsides
from storyline.clean import clean
from storyline.cluster import order_key
from storyline.extract import ExtractResult, extract_articles
from storyline.extract.names import name_parts, surname
from storyline.extract.persons import _first_names_agree, is_given_name, nicknamed
from storyline.ingest import read_paths
from storyline.models import Article
from storyline.nlp import load_nlp

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
ALLSIDES = EVAL / "allsides" / "articles.jsonl"
POLNEAR = EVAL / "polnear" / "dev" / "text"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


def _allsides(root: Path, phrases: Sequence[str]) -> Path:
    """The AllSides records whose text holds one of ``phrases``, as a user's JSON Lines file."""
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    picked = [ln for ln in lines if any(p in json.loads(ln)["text"] for p in phrases)]
    path = root / "picked.jsonl"
    path.write_text("\n".join(picked) + "\n", encoding="utf-8")
    return path


def _extract(nlp, paths: Sequence[Path]) -> ExtractResult:  # type: ignore[no-untyped-def]
    arts = [clean(a) for a in read_paths(paths) if isinstance(a, Article)]
    return extract_articles(sorted(arts, key=order_key), nlp=nlp)


def _ids(res: ExtractResult, forms: Sequence[str]) -> dict[str, set[str | None]]:
    """Entity ids of the mentions written exactly as each of ``forms``."""
    out: dict[str, set[str | None]] = {f: set() for f in forms}
    for ex in res.extractions:
        for m in ex.mentions:
            if m.text in out:
                out[m.text].add(m.entity_id)
    return out


def test_a_nickname_and_a_particle_name_the_person_the_full_name_does(nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    forms = ("Charles E. Schumer", "Chuck Schumer", "Bill de Blasio", "De Blasio")
    res = _extract(nlp, [_allsides(tmp_path, forms)])
    ids = _ids(res, forms)
    assert all(len(v) == 1 and None not in v for v in ids.values()), ids
    assert ids["Charles E. Schumer"] == ids["Chuck Schumer"]
    assert ids["Bill de Blasio"] == ids["De Blasio"]
    assert ids["Chuck Schumer"] != ids["Bill de Blasio"]
    # named by the full name most written, never by the end of a longer one
    names = {e.id: e.name for e in res.entities}
    (schumer,) = ids["Chuck Schumer"]
    written = Counter(
        " ".join(m.text.split())
        for ex in res.extractions
        for m in ex.mentions
        if m.entity_id == schumer and len(m.text.split()) > 1
    )
    assert written["Chuck Schumer"] > written["Charles E. Schumer"] > 0
    assert names[schumer] == "Chuck Schumer"
    assert names[next(iter(ids["De Blasio"]))] == "Bill de Blasio"


def test_a_generational_suffix_is_not_the_surname(nlp) -> None:  # type: ignore[no-untyped-def]
    files = sorted(p for p in POLNEAR.glob("*.txt") if "Biden Jr." in p.read_text("utf-8"))
    files += sorted(p for p in POLNEAR.glob("*.txt") if "Joe Biden" in p.read_text("utf-8"))
    assert len(files) >= 3
    res = _extract(nlp, files)
    ids = _ids(res, ("Joseph R. Biden Jr.", "Joe Biden", "Biden"))
    assert ids["Joseph R. Biden Jr."] and ids["Joe Biden"]
    assert ids["Joseph R. Biden Jr."] == ids["Joe Biden"] == ids["Biden"]


def test_a_name_stops_at_a_dash_and_drops_a_title(nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    res = _extract(nlp, [_allsides(tmp_path, ("Joe Manchin —", "Chair Liz Cheney"))])
    names = {e.name for e in res.entities if e.type == "PERSON"}
    assert {"Joe Manchin", "Liz Cheney"} <= names
    assert not [n for n in names if "—" in n or n.startswith("Chair ")]


def test_name_parts_set_a_suffix_aside() -> None:
    assert name_parts(["joseph", "r.", "biden", "jr."]) == (["joseph", "r."], "biden")
    # with no given name left, the suffix stays: "Trump Jr." is not every Trump
    assert surname(["trump", "jr."]) == "jr."
    assert surname(["zelensky"]) == "zelensky"


def test_only_given_names_and_their_nicknames_agree() -> None:
    assert nicknamed("chuck", "charles") and nicknamed("joseph", "joe")
    assert not nicknamed("hillary", "bill")
    assert _first_names_agree(["chuck", "schumer"], ["charles", "e.", "schumer"])
    assert not _first_names_agree(["hillary", "clinton"], ["bill", "clinton"])
    # a mis-cut span's first word is no given name: the real name is not its end
    assert is_given_name("hillary") and not is_given_name("crooked")
    assert not _first_names_agree(["hillary", "clinton"], ["crooked", "hillary", "clinton"])
    # father and son, and two of a dynasty, are two people; a nickname is not
    assert not _first_names_agree(["donald", "trump"], ["donald", "trump", "jr."])
    assert not _first_names_agree(["joseph", "kennedy", "ii"], ["joseph", "kennedy", "iii"])
    assert _first_names_agree(["joe", "biden"], ["joseph", "r.", "biden", "jr."])
    assert not nicknamed("andrew", "andrea")


def test_a_particle_surname_joins_only_the_one_full_name_it_ends() -> None:
    from storyline.extract.names import MentionInfo
    from storyline.extract.persons import UnionFind, join_full_names
    from storyline.models import Mention

    def names(*forms: str) -> list[MentionInfo]:
        return [MentionInfo(Mention("a", 0, 1, f, "PERSON"), f.lower().split()) for f in forms]

    for forms, joined in (
        (("Bill de Blasio", "De Blasio"), True),
        (("Jean Marie Le Pen", "Marion Marechal Le Pen", "Le Pen"), False),
        (("Donald Trump", "Ivanka Trump", "Trump Jr."), False),
    ):
        named = names(*forms)
        by_key = {("PERSON", " ".join(n.tokens)): k for k, n in enumerate(named)}
        uf = UnionFind(len(named))
        join_full_names(named, by_key, uf)
        groups = {uf.find(k) for k in range(len(named))}
        assert (len(groups) < len(named)) is joined, forms


def test_a_father_and_his_son_of_one_name_stay_two_people(nlp) -> None:  # type: ignore[no-untyped-def]
    train = EVAL / "polnear" / "train" / "text"
    files = [p for p in sorted(train.glob("*.txt")) if "Donald Trump Jr." in p.read_text("utf-8")]
    assert files
    res = _extract(nlp, files[:3])
    ids = _ids(res, ("Donald Trump Jr.", "Donald J. Trump"))
    assert ids["Donald Trump Jr."] and ids["Donald J. Trump"]
    assert ids["Donald Trump Jr."].isdisjoint(ids["Donald J. Trump"])


def test_a_surname_with_another_role_is_the_one_person_its_article_so_names(nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ "Sen. Marsha Blackburn", then "Blackburn, ..., a member of ...": the role differs from
    the title, yet the article names one Blackburn (two speakers on one story's cards)."""
    res = _extract(nlp, [_allsides(tmp_path, ("Sen. Marsha Blackburn",))])
    ids = _ids(res, ("Marsha Blackburn", "Blackburn"))
    assert len(ids["Marsha Blackburn"]) == 1 and ids["Blackburn"] == ids["Marsha Blackburn"]


@pytest.mark.parametrize(
    ("url_part", "full", "short"),
    [
        ("white-house-no-january-6-commission", "Jen Psaki", "Psaki"),
        ("chauvin-sentenced-to-prison", "Peter Cahill", "Cahill"),
    ],
)
def test_a_surname_the_model_calls_a_body_is_the_person_its_article_names(
    nlp, tmp_path, url_part: str, full: str, short: str
) -> None:  # type: ignore[no-untyped-def]
    """The small model labels every "Psaki" of the article ORG; the article names Jen Psaki."""
    path = pick_allsides(tmp_path, [url_part])
    res = _extract(nlp, [path])
    ids = _ids(res, (full, short))
    assert len(ids[full]) == 1 and ids[short] == ids[full]


def test_a_hyphenated_surname_alone_is_the_person_its_full_name_names(nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ "Hannah-Jones" alone read as a given name and a surname, apart from "Nikole
    Hannah-Jones": two speakers for one person on a story's cards."""
    res = _extract(nlp, [_allsides(tmp_path, ("Nikole Hannah-Jones",))])
    ids = _ids(res, ("Nikole Hannah-Jones", "Hannah-Jones"))
    assert len(ids["Nikole Hannah-Jones"]) == 1
    assert ids["Hannah-Jones"] == ids["Nikole Hannah-Jones"]
    names = {e.name for e in res.entities}
    assert "Nikole Hannah-Jones" in names and "Hannah-Jones" not in names


def test_an_acronym_is_the_body_its_articles_name_in_full(nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    res = _extract(nlp, [_allsides(tmp_path, ("Food and Drug Administration",))])
    ids = _ids(res, ("FDA", "Food and Drug Administration"))
    assert len(ids["FDA"]) == 1 and ids["FDA"] == ids["Food and Drug Administration"]
    # one article naming the National Baptist Convention does not make NBC a church body
    files = [p for p in sorted(POLNEAR.glob("*.txt")) if "NBC" in p.read_text("utf-8")]
    files += [p for p in POLNEAR.glob("*.txt") if "National Baptist Convention" in p.read_text()]
    res = _extract(nlp, files)
    ids = _ids(res, ("NBC", "N.B.C.", "National Baptist Convention"))
    assert ids["NBC"] and ids["National Baptist Convention"]
    assert ids["NBC"].isdisjoint(ids["National Baptist Convention"])


#: AllSides articles naming the disease, in file order: enough for the small model to label
#: "COVID-19" a person in most of them (a vote it wins without the digit rule).
N_COVID = 20


def test_a_name_with_a_digit_is_never_a_person(nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    picked = [ln for ln in lines if "COVID-19" in json.loads(ln)["text"]][:N_COVID]
    path = tmp_path / "covid.jsonl"
    path.write_text("\n".join(picked) + "\n", encoding="utf-8")
    res = _extract(nlp, [path])
    named = [e for e in res.entities if e.name == "COVID-19"]
    assert named and sum(len(e.article_ids) for e in named) >= N_COVID // 2
    assert not [
        e.name for e in res.entities if e.type == "PERSON" and any(map(str.isdigit, e.name))
    ]
    assert {e.type for e in named} <= {"ORG", "NORP", "GPE", "LOC", "FAC"}
