"""Says at the end of a run how many tests ran against each real server, and the
figures tests measured (report_figures())."""

import pytest

_outcomes = {"elasticsearch": {}, "redis": {}, "database": {}}
_figures = {}


def report_figures(title, lines):
    """Lines printed under `title` at the end of the run, for figures a test measures
    and people read (the test itself asserts on them)."""
    _figures[title] = list(lines)


def _uses_database(item):
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "client", "admin_client", "live_server", "django_user_model"}
        & set(item.fixturenames)
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and not report.passed):
        result = "skipped" if report.skipped else ("passed" if report.passed else "failed")
        for server in ("elasticsearch", "redis"):
            if item.get_closest_marker(server):
                _outcomes[server][item.nodeid] = result
        if _uses_database(item):
            _outcomes["database"][item.nodeid] = result


def _line(label, outcomes):
    states = list(outcomes.values())
    counts = ", ".join(f"{states.count(s)} {s}" for s in ("passed", "failed", "skipped"))
    return f"{label}: {len(states)} tests ({counts})"


def pytest_terminal_summary(terminalreporter):
    from django.db import connection

    names = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
    terminalreporter.section("real servers")
    terminalreporter.write_line(_line("Elasticsearch", _outcomes["elasticsearch"]))
    terminalreporter.write_line(_line("Redis", _outcomes["redis"]))
    terminalreporter.write_line(
        _line(names.get(connection.vendor, connection.vendor), _outcomes["database"])
    )
    from django.conf import settings

    for title, lines in _figures.items():
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)
    shots = settings.VAR_DIR / "screenshots"
    if shots.is_dir() and any(shots.iterdir()):
        terminalreporter.write_line(f"Screenshots of the main pages: {shots}")
