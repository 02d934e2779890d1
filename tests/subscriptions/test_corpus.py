"""Following the Meeting Guide feeds real publishers write (tests/imports/corpus/).

Every meeting in these files has somewhere to go or a way to join, so a
subscription lists every one. Some files still have meetings the importer
refuses (an online meeting given only a city, an address without a postal
code or a point): those wait for the importer to accept what real
publishers write, and are marked so until it does.
"""

import json

import pytest

from directory.models import MeetingPage
from subscriptions import meeting_guide
from subscriptions.entries import text_of
from subscriptions.models import Refresh
from subscriptions.refresh import refresh
from tests.subscriptions.conftest import corpus_file

pytestmark = pytest.mark.django_db

WAITS_FOR_THE_TOLERANT_IMPORTER = pytest.mark.xfail(
    strict=True,
    reason="the importer refuses places with no postal code and no map point",
)


class Settings:
    timezone = "America/Denver"
    country = "US"


@pytest.mark.parametrize(
    ("name", "listings"),
    [
        ("tsml_wordpress.json", 42),
        pytest.param("bmlt_tsml.json", 40, marks=WAITS_FOR_THE_TOLERANT_IMPORTER),
        pytest.param("tsml_ui_sheet.json", 36, marks=WAITS_FOR_THE_TOLERANT_IMPORTER),
        pytest.param("online_intergroup.json", 34, marks=WAITS_FOR_THE_TOLERANT_IMPORTER),
        pytest.param("hand_built_split.json", 30, marks=WAITS_FOR_THE_TOLERANT_IMPORTER),
        pytest.param("canadian.json", 45, marks=WAITS_FOR_THE_TOLERANT_IMPORTER),
    ],
)
def test_every_meeting_of_a_real_publishers_feed_is_listed(publisher, subscribe, name, listings):
    subscription = subscribe(publisher.serve("/meetings.json", corpus_file(name)))
    record = refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    assert record.result == Refresh.Result.CHANGED, record.error
    assert record.problems == []
    assert MeetingPage.objects.filter(source__upstream=subscription.upstream).count() == listings


def test_slugs_a_publisher_repeats_still_give_each_meeting_its_own_key(publisher, subscribe):
    """BMLT's Meeting Guide output gives all eight "Just For Today" one slug."""
    body = corpus_file("bmlt_tsml.json")
    keys = [entry.key for entry in meeting_guide.read(text_of(body, ""), Settings(), "").entries]
    assert len(keys) == len(set(keys)) == 40
    again = [entry.key for entry in meeting_guide.read(text_of(body, ""), Settings(), "").entries]
    assert again == keys  # the same on every read

    subscription = subscribe(publisher.serve("/meetings.json", body))
    record = refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    assert not [p for p in record.problems if "slug" in p["reason"]]
    jft = MeetingPage.objects.filter(title="Just For Today", source__upstream=subscription.upstream)
    assert jft.count() == 8
    published = sorted(e["day"] for e in json.loads(body) if e["name"] == "Just For Today")
    assert sorted(s.day for page in jft for s in page.sessions.all()) == published
    # No time zone in this output: the subscription's is used.
    assert {page.timezone_name for page in jft} == {"America/Denver"}
