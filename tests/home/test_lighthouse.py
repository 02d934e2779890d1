"""Lighthouse on the main public pages in both languages: home, results, a listing and a
section. Every category should score 100; the test fails below 95 and prints every
score.

Performance is measured on the machine running the tests. Lighthouse's default
(mobile: a slow 4G network and the CPU slowed 4x) assumes a high-end desktop, whose
"benchmarkIndex" is about 1500; on a slower or busy machine the same 4x emulates a
far slower phone than intended, and Lighthouse warns so. A page that scores below
100 is therefore audited twice more, each time with the CPU slowdown calibrated to
the benchmarkIndex the run before it measured (4 × index / 1500, between 1x and 4x,
as Lighthouse's throttling guide describes), and scored by the median of the three
runs. On a machine as fast as Lighthouse assumes, that is three default runs.

Lighthouse (pinned in tests/lighthouse/package.json) drives /usr/bin/chromium; the
path to its command comes from LIGHTHOUSE, which .ci/run sets after `npm ci`. Each
report is kept in var/lighthouse/.
"""

import json
import os
import statistics
import subprocess
import time
from pathlib import Path

from django.conf import settings as django_settings
from django.core.cache import cache

import pytest

from tests.conftest import running_in_ci
from tests.fixtures.browser import CHROMIUM
from tests.home import pages
from tests.reporting import report_figures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.single_run]

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PASSING = 95
RUNS = 3
DEFAULT_CPU_SLOWDOWN = 4
# The benchmarkIndex of the high-end desktop Lighthouse's default 4x slowdown assumes.
REFERENCE_BENCHMARK = 1500
REPORTS = django_settings.VAR_DIR / "lighthouse"
# Lighthouse's own words when a run failed for reasons of its own.
RUN_AGAIN = "Please run Lighthouse again"
ATTEMPTS = 5
# Seconds between attempts, so a trace lost to a busy moment is not lost again to it.
ATTEMPT_PAUSE = 3
# (report name, Lighthouse's message) for each run it asked to repeat, printed with the scores.
REPEATED = []


def lighthouse_command():
    command = os.environ.get("LIGHTHOUSE", "")
    if not command or not Path(command).exists():
        message = f"Lighthouse not found (LIGHTHOUSE={command!r}); .ci/run installs it"
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return command


def audit(command, url, name, cpu_slowdown=DEFAULT_CPU_SLOWDOWN):
    """Lighthouse's report of one page: the default mobile run, with the CPU slowed
    `cpu_slowdown` times."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{name}.json"
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(ATTEMPT_PAUSE)
        result = subprocess.run(  # noqa: S603
            [
                command,
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--throttling.cpuSlowdownMultiplier={cpu_slowdown}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=240,
        )
        # Lighthouse itself asks for another run when its trace of the page load
        # failed (NO_NAVSTART, NO_FCP on a busy machine); that says nothing of the page.
        if result.returncode == 0 or RUN_AGAIN not in result.stderr:
            break
        REPEATED.append((name, result.stderr.strip().splitlines()[-1]))
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(report.read_text())


def category_scores(report):
    return {
        category: round(report["categories"][category]["score"] * 100) for category in CATEGORIES
    }


def calibrated_slowdown(report):
    """The CPU slowdown that makes the machine this report measured emulate the phone
    Lighthouse's default emulates from a high-end desktop."""
    index = report["environment"]["benchmarkIndex"]
    return round(min(DEFAULT_CPU_SLOWDOWN, max(1, 4 * index / REFERENCE_BENCHMARK)), 1)


def median_scores(command, url, name):
    """(scores, the last report, the CPU slowdown of each run): one default run when it
    scores 100 throughout, else the median of RUNS runs, calibrated after the first."""
    reports, slowdowns = [audit(command, url, name)], [DEFAULT_CPU_SLOWDOWN]
    if any(score < 100 for score in category_scores(reports[0]).values()):
        for run in range(2, RUNS + 1):
            slowdowns.append(calibrated_slowdown(reports[-1]))
            reports.append(audit(command, url, f"{name}-{run}", slowdowns[-1]))
    runs = [category_scores(report) for report in reports]
    scores = {category: statistics.median(run[category] for run in runs) for category in CATEGORIES}
    return scores, reports[-1], slowdowns


def failing_audits(report, category):
    """What cost the category points: audits with a weight that did not pass."""
    audits = report["audits"]
    return [
        (ref["id"], audits[ref["id"]]["score"], audits[ref["id"]]["title"])
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
    ]


def test_main_pages_score_full_marks_in_both_languages(site):
    command = lighthouse_command()
    cache.clear()
    listings = pages.build()
    paths = {
        "home": "/",
        "results": "/search/?near=80205",
        "listing": listings["later"].url,
        "section": "/meetings/",
    }
    scores, runs, shortfalls = {}, {}, {}
    for language, prefix in (("en", ""), ("es", "/es")):
        for name, path in paths.items():
            url = site.url + prefix + path
            scores[name, language], report, runs[name, language] = median_scores(
                command, url, f"{name}-{language}"
            )
            for category in CATEGORIES:
                if scores[name, language][category] < 100:
                    shortfalls[name, language, category] = failing_audits(report, category)

    header = f"{'page':<10}{'lang':<6}" + "".join(f"{c:>16}" for c in CATEGORIES)
    report_figures(
        "Lighthouse 12.2.3 (mobile, simulated throttling)",
        [header + "   CPU slowdown of each run"]
        + [
            f"{name:<10}{language:<6}"
            + "".join(f"{s[c]:>16g}" for c in CATEGORIES)
            + "   "
            + ", ".join(f"{slowdown:g}x" for slowdown in runs[name, language])
            for (name, language), s in scores.items()
        ]
        + [f"below 100: {key}: {audits}" for key, audits in shortfalls.items()]
        + [f"run again at Lighthouse's request: {name}: {message}" for name, message in REPEATED],
    )
    below = {
        key: score
        for key, score in scores.items()
        if any(score[category] < PASSING for category in CATEGORIES)
    }
    assert below == {}, shortfalls
