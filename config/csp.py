"""The Content-Security-Policy header: one policy for the public site, one for the admin.

The public pages run only the site's own files. Wagtail's admin templates
hold inline scripts and style attributes, so paths under the admin get
ADMIN_CONTENT_SECURITY_POLICY instead; both are in the settings. Either
way the map's tiles may come from MAP_TILE_URL's host, read per request so
the policy always follows the setting.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from csp.middleware import CSPMiddleware


def tile_source(url):
    """The source that lets images load from MAP_TILE_URL, or None without maps.

    "https://{s}.tile.example.org/{z}/{x}/{y}.png" needs "https://*.tile.example.org".
    """
    if not url:
        return None
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        policy = (
            settings.ADMIN_CONTENT_SECURITY_POLICY
            if request.path_info.startswith(reverse("wagtailadmin_home"))
            else settings.CONTENT_SECURITY_POLICY
        )
        directives = dict(policy["DIRECTIVES"])
        tiles = tile_source(settings.MAP_TILE_URL)
        if tiles:
            directives["img-src"] = [*directives["img-src"], tiles]
        parts.config = directives
        return parts
