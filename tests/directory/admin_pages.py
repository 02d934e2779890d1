"""Reading the admin's HTML in tests: tables by caption, and the people who may use the tools."""

from html.parser import HTMLParser

from django.contrib.auth.models import Group, Permission

EDITORS = "Directory editors"
MODERATORS = "Directory moderators"


def user_in(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "x" * 12)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def admin_only_user(django_user_model, username="adele"):
    """May open the admin, and nothing else."""
    user = user_in(django_user_model, username)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = {}
        self._caption = None
        self._rows = None
        self._row = None
        self._cell = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._rows.append(self._row)
            self._row = None
        elif tag == "table" and self._rows is not None:
            self.tables[" ".join(self._caption.split())] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)


def tables(html):
    """{caption: [[cell text, …], …]} for every table of the page, header row included."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables
