import pytest


@pytest.fixture(autouse=True)
def _fresh_feed_cache():
    """The feeds keep their builds in a cache of their own; no test may see another's."""
    from feeds.meeting_guide import feed_cache

    feed_cache().clear()
    yield
    feed_cache().clear()
