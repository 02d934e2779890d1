from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemReportsConfig(AppConfig):
    """Problems visitors report about listings, and the staff inbox that works them."""

    name = "problem_reports"
    verbose_name = _("Problem reports")
