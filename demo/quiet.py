"""Keeps a bulk load's console readable."""

import logging
from contextlib import contextmanager

# Wagtail logs every page it creates and publishes, and the task runner logs
# every search and reference update it runs: thousands of lines for one load.
CHATTY_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def quiet_logging(enabled=True):
    """Raise the chatty loggers to WARNING for the duration, then put them back."""
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS] if enabled else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
