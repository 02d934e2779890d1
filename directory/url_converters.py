"""Row ids in URL paths: `<id:listing_id>` in place of Django's `<int:…>`.

`<int:…>` takes any run of digits, and an id past the largest a row can have
reached the database, which refused it with an overflow: a 500 where the
visitor should get a 404. Registered in DirectoryConfig.ready(), before any
URLconf is read.
"""

# The largest value of a BigAutoField (and of PostgreSQL's bigint, SQLite's integer).
LARGEST_ID = 2**63 - 1


class RowIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > LARGEST_ID:
            # Django takes a ValueError here as "no such path": a 404.
            raise ValueError(f"{value} is larger than any row id")
        return number

    def to_url(self, value):
        return str(value)
