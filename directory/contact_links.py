"""How to reach a listing: its join link, its dial-in, and phone numbers as tel: links.

The listing page, the .ics file, the printable schedule and the feeds all read
a listing's online access through online_access(), whatever its kind calls
the fields.
"""

from directory.validators import dial_string


def tel_href(number):
    """A tel: link that dials `number` exactly, pauses and codes included."""
    if not number:
        return ""
    # "#" would start a URL fragment; RFC 3966 has it escaped.
    return "tel:" + dial_string(number).replace("#", "%23")


def online_access(page):
    """The join link (https only), the dial-in and their notes, whatever the kind."""
    url = getattr(page, "conference_url", "") or getattr(page, "online_url", "") or ""
    phone = getattr(page, "conference_phone", "") or ""
    return {
        "url": url if url.lower().startswith("https://") else "",
        "url_notes": getattr(page, "conference_url_notes", ""),
        "phone": phone,
        "phone_href": tel_href(phone),
        "phone_notes": getattr(page, "conference_phone_notes", ""),
    }
