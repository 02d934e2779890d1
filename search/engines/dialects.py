"""What differs between SQLite and PostgreSQL in the database engine's SQL.

Everything else the engine sends is plain SQL both understand. The text
index is the main difference: SQLite's FTS5 table `search_fts` and
PostgreSQL's `search_vector` tsvector column, both fed by the database from
SearchDocument's `title_words` and `words` (migration 0006). Either way a
text search is written here as an expression over the same folded words
(search.text): all terms, each any of its alternatives, each a phrase whose
words match as prefixes, or an exact word (from the typo-forgiving retry).
"""

from dataclasses import dataclass

from django.db import connections, router

from search.models import SearchDocument, SearchEntry


@dataclass(frozen=True)
class Alternative:
    """A phrase of words that must follow each other in the text.

    `prefix` says which of them may be the start of a longer word: "all",
    "last" (what someone is still typing) or "none".
    """

    words: tuple
    prefix: str = "all"

    def prefixed(self):
        """(word, may be the start of a longer word) for each word."""
        last = len(self.words) - 1
        return [
            (word, self.prefix == "all" or (self.prefix == "last" and i == last))
            for i, word in enumerate(self.words)
        ]


class Dialect:
    vendor = ""
    # Whether a search's text matches are fetched once and handed to each of
    # its statements as ids, rather than matched again in each statement.
    matches_fetched_once = False

    def __init__(self, connection):
        self.connection = connection
        self.quote = connection.ops.quote_name

    def contains(self, column):
        """SQL true when the list column holds the value given as the one parameter."""
        raise NotImplementedError

    def least(self, left, right):
        raise NotImplementedError

    def title_order(self, alias):
        """The title as sorted: by code point, as Python and Elasticsearch sort it."""
        return f"{alias}.sort_title"

    def facet_scan(self, column):
        """A hint that makes a facet count read only its covering index, or ""."""
        return ""

    def text_ids(self, expression):
        """A subquery of the listing ids whose text matches, and its parameters."""
        raise NotImplementedError

    def among(self, column, ids):
        """SQL true when the column is one of these ids, and its parameters."""
        raise NotImplementedError

    def expression(self, terms, title=False):
        """All terms (lists of Alternatives); `title`: in the title only."""
        raise NotImplementedError


class SQLiteDialect(Dialect):
    vendor = "sqlite"

    def contains(self, column):
        return f"instr({column}, %s) > 0"

    def least(self, left, right):
        return f"min({left}, {right})"

    def facet_scan(self, column):
        return f" INDEXED BY search_entry_by_{column}"

    def text_ids(self, expression):
        return "SELECT rowid AS listing_id FROM search_fts WHERE search_fts MATCH %s", [expression]

    def expression(self, terms, title=False):
        def alternative(item):
            return " + ".join(
                f'"{word}"' + ("*" if prefix else "") for word, prefix in item.prefixed()
            )

        text = " AND ".join(
            "(" + " OR ".join(alternative(item) for item in term) + ")" for term in terms
        )
        return f"{{title_words}} : ({text})" if title else text


class PostgreSQLDialect(Dialect):
    vendor = "postgresql"
    # A tsvector match is checked again against each matching document row,
    # and a CTE is planned anew in each statement: matching once is cheaper.
    # (FTS5 answers from its own index, so SQLite keeps the match in SQL.)
    matches_fetched_once = True

    def contains(self, column):
        return f"strpos({column}, %s) > 0"

    def least(self, left, right):
        return f"least({left}, {right})"

    def title_order(self, alias):
        # Whatever the database's collation, sort by code point (index in 0006).
        return f'{alias}.sort_title COLLATE "C"'

    def text_ids(self, expression):
        table = self.quote(SearchDocument._meta.db_table)
        return (
            f"SELECT listing_id FROM {table} "  # noqa: S608 - a quoted model table
            "WHERE search_vector @@ to_tsquery('simple', %s)",
            [expression],
        )

    def among(self, column, ids):
        # As one text literal: psycopg quotes a list of thousands of ids in
        # Python, element by element, far slower than the server reads it.
        return f"{column} = ANY(%s::integer[])", ["{" + ",".join(map(str, ids)) + "}"]

    def expression(self, terms, title=False):
        # Weight A marks the title's words in search_vector.
        weight = "A" if title else ""

        def lexeme(word, prefix):
            marks = ("*" if prefix else "") + weight
            return f"'{word}'" + (f":{marks}" if marks else "")

        def alternative(item):
            return " <-> ".join(lexeme(word, prefix) for word, prefix in item.prefixed())

        return " & ".join(
            "(" + " | ".join(alternative(item) for item in term) + ")" for term in terms
        )


def dialect():
    connection = connections[router.db_for_read(SearchEntry)]
    if connection.vendor == "postgresql":
        return PostgreSQLDialect(connection)
    if connection.vendor == "sqlite":
        return SQLiteDialect(connection)
    raise NotImplementedError(f"The database engine does not support {connection.vendor}.")
