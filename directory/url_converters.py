"""Row ids in URL paths: `<id:listing_id>` in place of Django's `<int:…>`.

`<int:…>` takes any run of digits, and an id past the largest a row can have
reached the database, which refused it with an overflow: a 500 where the
visitor should get a 404. Registered in DirectoryConfig.ready(), before any
URLconf is read.
"""

# The largest value of a BigAutoField (and of PostgreSQL's bigint, SQLite's integer).
LARGEST_ID = 2**63 - 1
# An id no row has: auto-increment ids start at 1.
NO_ROW = 0


class RowIdConverter:
    regex = "[0-9]+"

    def to_python(self, value):
        # An id past any row's still names this view (not "no such path", which
        # would send the visitor on to a trailing-slash redirect), but no row:
        # the view answers its own 404, the API's in JSON.
        if len(value) > len(str(LARGEST_ID)):
            return NO_ROW  # also spares int() digits past its limit
        number = int(value)
        return NO_ROW if number > LARGEST_ID else number

    def to_url(self, value):
        return str(value)
