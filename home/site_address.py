"""The site's public address on its Site record, which every absolute link is built from.

Wagtail makes full URLs (the feed's "url" and "feedback_url", share links)
from the default Site's hostname and port; migrations leave it at
"localhost", port 80. `manage.py set_site_address`, `make run` and
`load_demo_directory` set it from BASE_URL, the address the site is reached at.
"""

from urllib.parse import urlsplit

from wagtail.models import Site


class SiteAddressError(Exception):
    """BASE_URL cannot be an address of the site; the message says why."""


def set_site_address(base_url):
    """Put `base_url`'s host and port on the default Site; returns the Site."""
    parts = urlsplit(base_url.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1:
        raise SiteAddressError(
            f"BASE_URL “{base_url}” is not a web address such as https://meetings.example.org."
        )
    port = port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https" and port != 443:
        # Wagtail writes https only for port 443; any other port would be sent as http://.
        raise SiteAddressError(
            f"BASE_URL “{base_url}”: an https address must use the standard port (443)."
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise SiteAddressError("There is no default site yet. Run `manage.py migrate` first.")
    if (site.hostname, site.port) != (parts.hostname, port):
        site.hostname, site.port = parts.hostname, port
        site.save()
    return site
