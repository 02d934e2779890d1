"""Keep a visitor's whereabouts out of the logs.

A search URL carries the place or the coordinates a person searched from;
request logs would keep it for as long as logs are kept. This filter cuts
query strings out of every logged line.
"""

import logging
import re

_QUERY = re.compile(r"\?[^\s\"']*")


def redact(text):
    return _QUERY.sub("?…", text)


class RedactQueryStrings(logging.Filter):
    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True
