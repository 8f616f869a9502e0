"""A story's headline: the title its coverage has in common, not one outlet's angle.

Of the members' titles, the headline is the one whose words the story's *other* sources
(wire families: copies of one text, or one outlet's reports, are one source) repeat most in
their titles and leads (``features.lead_text``): a news report's title ("Biden recognizes
Armenian genocide") is what the others say too, while an opinion piece's or an analysis's
("Biden's dishonest sales pitch") is its own. The score is per word of the title, with
``UNSHARED_WORDS`` more words counted as shared by none, so that a title of one common word
("Biden") does not beat a title that says what happened. Ties, and a story with one titled
member, keep the earliest (members come in processing order, ``cluster.order_key``), so the
same articles always give the same headline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from storyline.cluster.features import lead_text, words
from storyline.models import Article, Family

#: Words a title is scored as having beyond its own, shared by no other source: a title's
#: score is the sources sharing each of its words, summed, over its words plus this.
UNSHARED_WORDS = 1


def title_of(article: Article) -> str | None:
    """The article's title, or the text of its title line when it has no title field."""
    if article.title:
        return article.title
    if article.title_span:
        return article.text[article.title_span[0] : article.title_span[1]].strip() or None
    return None


def headline(
    ids: Sequence[str], articles: Mapping[str, Article], families: Sequence[Family] = ()
) -> str | None:
    """The title of ``ids`` (in processing order) that the story's other sources (its
    ``families``; without them each article is its own) share most of (module docstring);
    ``None`` when no member has a title."""
    titled = [(aid, t) for aid in ids if (t := title_of(articles[aid]))]
    if len(titled) < 2:
        return titled[0][1] if titled else None
    source = {aid: f.id for f in families for aid in f.article_ids}
    said: dict[str, set[str]] = {}  # a source -> the words of its members' titles and leads
    for aid in ids:
        said.setdefault(source.get(aid, aid), set()).update(words(lead_text(articles[aid])))
    shared = Counter(w for ws in said.values() for w in ws)  # sources that use w
    best, best_score = titled[0][1], -1.0
    for aid, title in titled:
        own = set(words(title))
        mine = said[source.get(aid, aid)]
        # the other sources whose titles or leads have the word, per word of the title
        score = sum(shared[w] - (w in mine) for w in own) / (len(own) + UNSHARED_WORDS)
        if score > best_score:
            best, best_score = title, score
    return best
