"""Who is at the other end of a request, for limits that count per visitor.

The report form's rate limit and the admin login's lockout both count by
address; neither stores or logs it (they keep keyed hashes in the cache).
"""

from django.conf import settings


def client_address(request):
    """The visitor's address, as seen by this server or by the trusted proxies in front.

    REPORT_TRUSTED_PROXIES is how many proxies in front of the site append to
    X-Forwarded-For. With none (the default) the connection's own address
    counts, since a client can put anything in that header. Behind one proxy
    the last address in the header is the one that proxy saw; whatever comes
    before it was written by the client.
    """
    proxies = int(getattr(settings, "REPORT_TRUSTED_PROXIES", 0))
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
