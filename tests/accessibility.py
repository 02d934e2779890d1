"""axe-core in the browser tests: the WCAG 2.2 AA rules, run on the page as shown."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def _axe_source():
    return AXE.read_text()


def axe_violations(page):
    """Each violation as (rule, help, the first three elements' selectors).

    axe is evaluated through the browser's debugging protocol rather than added
    as a <script>: the site's Content-Security-Policy forbids inline scripts,
    and the page must be checked under the policy it really has."""
    page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
