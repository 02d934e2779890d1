"""Whether people could attend a listing: somewhere to go or a way in online, and a time.

The admin form and the importers ask the same questions here, so a listing
refused in one is refused in the other with the same words.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    field: str | None  # the form field the message belongs to; None for the whole listing
    code: str
    message: str


def reachability_problems(model, *, locations, online, has_sessions, by_appointment):
    """The problems of a listing of `model` with these locations and schedule; [] if none."""
    problems = []
    if model.needs_place and not locations and not online:
        if model.online_access_fields:
            message = _(
                "Add a location for an in-person listing, or a join link or dial-in "
                "number for an online one."
            )
        else:
            message = _("Add the location where this happens.")
        problems.append(Problem(None, "nowhere", message))
    elif locations and not online and not any(loc.has_street_address for loc in locations):
        problems.append(
            Problem(
                None,
                "no_address",
                _(
                    "An in-person listing needs a location with a street address and city. "
                    "“%(location)s” has none; add it to the location, or choose another."
                )
                % {"location": locations[0]},
            )
        )
    if model.needs_schedule and not has_sessions and not by_appointment:
        problems.append(
            Problem(
                "by_appointment",
                "no_schedule",
                _("Add at least one weekly session, or tick “by appointment”."),
            )
        )
    return problems
