"""Wire families on the real seeds: the two AFP-based texts are one family, others alone."""

from __future__ import annotations

from pathlib import Path

from storyline.clean import clean
from storyline.cluster import wire_families
from storyline.cluster.families import article_shingles, containment
from storyline.models import Article

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _seeds() -> dict[str, Article]:
    from storyline.ingest import read_paths

    return {Path(a.source_path).name[:3]: clean(a) for a in read_paths(sorted(SEEDS.glob("*.txt")))}


def test_afp_texts_form_one_family_others_independent() -> None:
    seeds = _seeds()
    by_id = {a.id: a for a in seeds.values()}
    fams = wire_families(sorted(by_id), by_id)
    groups = sorted(sorted(f.article_ids) for f in fams)
    afp = sorted([seeds["000"].id, seeds["001"].id])
    assert afp in groups
    assert len(groups) == 4  # the AFP pair plus three independent reports
    fam = next(f for f in fams if sorted(f.article_ids) == afp)
    assert fam.wire == "AFP"  # named by 001's byline


def test_containment_is_robust_to_reordering_and_additions() -> None:
    a = _seeds()["003"]
    paras = [p for p in a.text.split("\n") if p.strip()]
    edited = "\n".join(list(reversed(paras)) + ["An outlet adds its own closing paragraph here."])
    copy = Article(id="c", source_path="c.txt", text=edited, fmt="txt")
    assert containment(article_shingles(a), article_shingles(copy)) > 0.9
    other = _seeds()["004"]
    assert containment(article_shingles(a), article_shingles(other)) < 0.1


def test_edited_copy_joins_family() -> None:
    seeds = _seeds()
    src = seeds["003"]
    paras = [p for p in src.text.split("\n") if p.strip()]
    copy_text = "By A Reporter\n" + "\n".join(paras[2:-2]) + "\n"  # lead and tail cut
    copy = Article(id="copy", source_path="copy.txt", text=copy_text, fmt="txt")
    by_id = {src.id: src, "copy": copy, seeds["004"].id: seeds["004"]}
    groups = sorted(sorted(f.article_ids) for f in wire_families(sorted(by_id), by_id))
    assert sorted([src.id, "copy"]) in groups and [seeds["004"].id] in groups


def _families_of(seeds: dict[str, Article]) -> list[list[str]]:
    by_id = {a.id: a for a in seeds.values()}
    names = {a.id: k for k, a in seeds.items()}
    fams = wire_families(sorted(by_id), by_id)
    return sorted(sorted(names[a] for a in f.article_ids) for f in fams)


def test_one_outlets_reports_are_one_source_and_a_wire_copy_stays_the_wires() -> None:
    """Two different reports from one outlet are one family (what they alone state is that
    outlet's unique detail); a wire text an outlet ran stays the wire's, apart from the
    outlet's own report; an outlet named differently in case or spacing is the same."""
    from dataclasses import replace

    seeds = _seeds()
    seeds["003"] = replace(seeds["003"], outlet="Kyiv Daily")
    seeds["004"] = replace(seeds["004"], outlet="kyiv  daily")
    seeds["002"] = replace(seeds["002"], outlet=seeds["001"].outlet)  # 001 ran AFP's text
    assert _families_of(seeds) == [["000", "001"], ["002"], ["003", "004"]]


def test_texts_crediting_one_wire_are_one_source() -> None:
    """Another report crediting the agency of the 000 + 001 copies is that agency's too."""
    from dataclasses import replace

    seeds = _seeds()
    seeds["004"] = replace(seeds["004"], wire=seeds["001"].wire)
    assert _families_of(seeds) == [["000", "001", "004"], ["002"], ["003"]]


def test_one_site_s_reports_are_one_source_whatever_their_byline() -> None:
    """AllSides dev, 13 May (Gaza): the New York Times' news report and Nicholas Kristof's
    column, both at nytimes.com, counted as two independent sources because AllSides names
    the column's outlet by its author. One site is one source; an outlet met under two
    names on two sites still joins both (one family of the three)."""
    import json
    from dataclasses import replace

    path = Path(__file__).resolve().parents[2] / "shared/eval/allsides/articles.jsonl"
    keys = ("middleeast/israel-gaza-hamas-war", "opinion/israel-palestinians-gaza", "553467-")
    with path.open(encoding="utf-8") as lines:
        rows = [r for line in lines if any(k in (r := json.loads(line))["url"] for k in keys)]
    arts = {
        f"a{i}": Article(f"a{i}", "allsides", r["text"], "jsonl", outlet=r["outlet"], url=r["url"])
        for i, r in enumerate(rows)
    }
    names = {a.id: a.outlet for a in arts.values()}
    fams = [sorted(names[x] for x in f.article_ids) for f in wire_families(sorted(arts), arts)]
    assert sorted(fams) == [["New York Times (News)", "Nicholas Kristof"], ["The Hill"]], fams
    # The Hill's report under the NYT's outlet name: the name joins it to the first family
    hill = next(k for k, a in arts.items() if a.outlet == "The Hill")
    hill_at_nyt = replace(arts[hill], outlet="New York Times (News)")
    assert len(wire_families(sorted(arts), {**arts, hill: hill_at_nyt})) == 1
    # on a host that carries many outlets' pages (a web archive, an aggregator) the site
    # says nothing: the column and The Hill's report stay apart there
    for host in ("https://web.archive.org/web/2021/", "https://www.msn.com/en-us/news/"):
        on_host = {k: replace(a, url=host + k) for k, a in arts.items()}
        assert len(wire_families(sorted(on_host), on_host)) == 3, host
