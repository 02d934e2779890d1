"""Make sure the PostgreSQL database of the benchmark exists (the role may create it).

    python bench/postgres_database.py postgres://user:pass@127.0.0.1:5432/directory_bench

Exits 0 when the database is there or was just made; 1, saying why, when the
server cannot be reached, so `make bench` goes on without PostgreSQL.
"""

import sys

import dj_database_url
import psycopg
from psycopg import sql


def main():
    url = sys.argv[1]
    settings = dj_database_url.parse(url)
    server = {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **server) as db:
            exists = db.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
            ).fetchone()
            if not exists:
                db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))
    except psycopg.Error as error:
        print(f"PostgreSQL benchmarks skipped: {error}".strip())
        sys.exit(1)


if __name__ == "__main__":
    main()
