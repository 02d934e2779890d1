"""Pages of a list: where page N starts and how many pages there are.

The search API, the search pages and the HSDS API count pages the same way:
pages are numbered from 1, and an empty list still has one (empty) page.
"""

import math


def page_count(total, size):
    return max(1, math.ceil(total / size))


def page_offset(page, size):
    """The index of the first item on `page`."""
    return (page - 1) * size
