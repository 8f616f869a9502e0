"""A stored story's briefing as it reads now.

A briefing is stored when its story is briefed; a later run may link the story into another
storyline without briefing it again, so the storyline is read from the stories as stored now.
The web UI and ``storyline story`` both read briefings so; this module loads neither a web
framework nor the parser, so the command starts quickly.
"""

from __future__ import annotations

from storyline.briefing import Story as BriefedStory
from storyline.briefing import StorylineRef, storyline_json
from storyline.models import Story, Storyline
from storyline.store import Store


def storyline_of(store: Store, story: Story) -> Storyline:
    """The stored storyline of ``story``; a story stored alone (or before storylines) is its
    own."""
    found = store.get_storyline(story.storyline or story.id)
    if found is None or story.id not in found.story_ids:
        return Storyline(story.id, [story.id], story.date_span, story.headline)
    return found


def stored_briefing(
    store: Store, story: Story, ref: StorylineRef | None = None
) -> BriefedStory | None:
    """``story``'s stored briefing, None when there is none, naming the storyline the story
    is in now (``ref``, else read from the store: ``storyline_of``)."""
    briefed = store.get_briefing(story.id)
    if briefed is None:
        return None
    if ref is None:
        ref = StorylineRef.model_validate(storyline_json(storyline_of(store, story), brief=True))
    return briefed.model_copy(update={"storyline": ref})


__all__ = ["stored_briefing", "storyline_of"]
