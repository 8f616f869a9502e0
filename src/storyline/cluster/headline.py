"""A story's headline: the title its coverage has in common, not one outlet's angle.

Of the members' titles, the headline is the one whose words the *other* members repeat most
in their own titles and leads (``features.lead_text``), as a share of the title's words: a
news report's title ("Biden recognizes Armenian genocide") is what the others say too,
while an opinion piece's or an analysis's ("Biden's dishonest sales pitch") is its own.
Ties, and a story with one titled member, keep the earliest (members come in processing
order, ``cluster.order_key``), so the same articles always give the same headline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from storyline.cluster.features import lead_text, words
from storyline.models import Article


def title_of(article: Article) -> str | None:
    """The article's title, or the text of its title line when it has no title field."""
    if article.title:
        return article.title
    if article.title_span:
        return article.text[article.title_span[0] : article.title_span[1]].strip() or None
    return None


def headline(ids: Sequence[str], articles: Mapping[str, Article]) -> str | None:
    """The title of ``ids`` (in processing order) that the others' titles and leads share
    most of (module docstring); ``None`` when no member has a title."""
    titled = [(aid, t) for aid in ids if (t := title_of(articles[aid]))]
    if len(titled) < 2 or len(ids) < 2:
        return titled[0][1] if titled else None
    leads = {aid: set(words(lead_text(articles[aid]))) for aid in ids}
    shared = Counter(w for ws in leads.values() for w in ws)  # members whose lead has w
    best, best_score = titled[0][1], -1.0
    for aid, title in titled:
        own = set(words(title))
        if not own:
            continue
        # members other than this one whose title or lead has the word, per word
        score = sum(shared[w] - (w in leads[aid]) for w in own) / len(own)
        if score > best_score:
            best, best_score = title, score
    return best
