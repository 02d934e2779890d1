"""Who may use the directory's staff tools, and on which listings.

Whoever may edit or publish listings (Directory editors, Directory
moderators, superusers) may check them: the verification report, the
"Verified today" action, the listing exports and the directory's dashboard
figures. The rule follows Wagtail's page permissions, so it needs no
permission of its own and holds for any group given rights over a part of
the page tree: there, it covers the listings in that part only.
"""

from wagtail.permission_policies.pages import PagePermissionPolicy

from directory.models import ListingPage

ACTIONS = ("change", "publish")


def policy(model=ListingPage):
    return PagePermissionPolicy(model)


def can_keep_listings(user):
    """May this user use the staff tools at all?"""
    return policy().user_has_any_permission(user, ACTIONS)


def listings_for(user, model=ListingPage):
    """The listings of `model` (a ListingPage class) this user may check."""
    return policy(model).instances_user_has_any_permission_for(user, ACTIONS)


def can_keep_listing(user, page):
    return policy().user_has_any_permission_for_instance(user, ACTIONS, page)
