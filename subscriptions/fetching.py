"""Fetching someone else's meeting list without trusting the address or the answer.

The address is staff's to choose, so it must not become a way into the
site's own network, and the answer must not hold the worker forever or fill
its memory:

- The host is resolved once and every address it has is checked: loopback,
  private, link-local, multicast and reserved addresses are refused unless
  FEED_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES is set. The connection goes to
  the checked address itself (TLS still verifies the host name), so a second
  DNS answer cannot send it elsewhere.
- One deadline covers connecting, every redirect and reading the body, and
  the body (after gzip) may not pass FEED_SUBSCRIPTIONS_MAX_BYTES.
- A few redirects are followed, each checked the same way; never to another
  scheme.
- Conditional GET: the ETag and Last-Modified of the last read go with the
  request, and a 304 says the list has not changed.
"""

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)


class FetchProblem(Exception):
    """The list could not be fetched; the message says why in words staff can act on."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where the answer came from, after redirects
    status: int  # 200, or 304 when the list has not changed
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""

    @property
    def not_modified(self):
        return self.status == 304


class Deadline:
    def __init__(self, seconds):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self, url):
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise self.passed(url)
        return remaining

    def passed(self, url):
        return FetchProblem(
            _("%(url)s did not answer in full within %(seconds)s seconds.")
            % {"url": url, "seconds": f"{self.seconds:g}"}
        )


def address_allowed(address):
    """May the site connect to this IP address? Only to the public internet, by default."""
    if settings.FEED_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES:
        return True
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host, port, url):
    """The host's addresses, each one checked; resolved once per connection."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchProblem(
            _("The host name %(host)s of %(url)s cannot be found (%(error)s).")
            % {"host": host, "url": url, "error": error}
        ) from error
    addresses = []
    for family, _type, _proto, _name, sockaddr in infos:
        if sockaddr[0] not in [address for _family, address in addresses]:
            addresses.append((family, sockaddr[0]))
    refused = [address for _family, address in addresses if not address_allowed(address)]
    if refused or not addresses:
        raise FetchProblem(
            _(
                "%(url)s leads to %(address)s, an address on a private or local network; "
                "lists are only read from the public internet."
            )
            % {"url": url, "address": ", ".join(refused) or host}
        )
    return addresses


def check_address(url, previous=None):
    """(scheme, host, port, path with query) of an address the site may fetch."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchProblem(
            _("%(url)s is not a web address; give one starting with https://.") % {"url": url}
        )
    if previous and scheme != previous:
        raise FetchProblem(
            _(
                "The list moved from %(old)s:// to %(url)s, another scheme; redirects are "
                "only followed within the same one. Change the subscription's address."
            )
            % {"old": previous, "url": url}
        )
    if parts.username or parts.password:
        raise FetchProblem(_("Addresses with a user name or password are not read."))
    if not parts.hostname:
        raise FetchProblem(_("%(url)s names no host.") % {"url": url})
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise FetchProblem(_("%(url)s has a bad port number.") % {"url": url}) from error
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return scheme, parts.hostname, port, path


def connect(scheme, host, port, addresses, deadline, url):
    """An HTTP connection to one of the checked addresses, for `host`."""
    last_error = None
    for family, address in addresses:
        try:
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.settimeout(deadline.left(url))
            sock.connect((address, port))
        except OSError as error:
            sock.close()
            last_error = error
            continue
        if scheme == "https":
            try:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
            except (OSError, ssl.SSLError) as error:
                sock.close()
                raise FetchProblem(
                    _("A secure connection to %(host)s failed: %(error)s.")
                    % {"host": host, "error": error}
                ) from error
            connection = http.client.HTTPSConnection(host, port)
        else:
            connection = http.client.HTTPConnection(host, port)
        # The socket is already connected to the checked address: http.client uses
        # it as it is and never resolves the name again.
        connection.sock = sock
        return connection
    raise FetchProblem(
        _("Could not connect to %(host)s: %(error)s.") % {"host": host, "error": last_error}
    )


def read_body(response, sock, deadline, limit, url):
    """The body, decompressed when gzipped, refused past `limit` bytes or the deadline."""
    encoding = (response.getheader("Content-Encoding") or "").strip().lower()
    length = response.getheader("Content-Length")
    if encoding in ("", "identity") and length and length.isdigit() and int(length) > limit:
        raise too_big(url, limit)
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding in ("gzip", "x-gzip") else None
    if encoding not in ("", "identity", "gzip", "x-gzip"):
        raise FetchProblem(
            _("%(url)s answered in an encoding the site cannot read (%(encoding)s).")
            % {"url": url, "encoding": encoding}
        )
    parts, size = [], 0
    while True:
        # Each read may take only what is left of the deadline, however slowly
        # the server sends.
        sock.settimeout(deadline.left(url))
        try:
            chunk = response.read1(CHUNK)
        except TimeoutError as error:
            raise deadline.passed(url) from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchProblem(
                _("Reading %(url)s failed: %(error)s.") % {"url": url, "error": error}
            ) from error
        deadline.left(url)
        if not chunk:
            break
        if inflate is not None:
            try:
                chunk = inflate.decompress(chunk, limit + 1 - size)
            except zlib.error as error:
                raise FetchProblem(
                    _("%(url)s sent gzip data that cannot be read.") % {"url": url}
                ) from error
        size += len(chunk)
        if size > limit:
            raise too_big(url, limit)
        parts.append(chunk)
    return b"".join(parts)


def too_big(url, limit):
    size = f"{limit / 1024 / 1024:.1f} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"
    return FetchProblem(
        _("%(url)s sent more than %(size)s, the most a list may be (FEED_SUBSCRIPTIONS_MAX_BYTES).")
        % {"url": url, "size": size}
    )


def fetch(url, *, etag="", last_modified="", accept="application/json"):
    """GET the list at `url`: a Fetched (status 200 with the body, or 304); raises FetchProblem."""
    deadline = Deadline(settings.FEED_SUBSCRIPTIONS_TIMEOUT)
    limit = settings.FEED_SUBSCRIPTIONS_MAX_BYTES
    first_scheme = None
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = check_address(url, first_scheme)
        first_scheme = first_scheme or scheme
        addresses = resolve(host, port, url)
        connection = connect(scheme, host, port, addresses, deadline, url)
        headers = {
            "Accept": accept,
            "Accept-Encoding": "gzip",
            "User-Agent": f"{settings.WAGTAIL_SITE_NAME} (meeting list reader)",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        # Kept apart: http.client drops connection.sock once a response will close.
        sock = connection.sock
        try:
            sock.settimeout(deadline.left(url))
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
        except TimeoutError as error:
            connection.close()
            raise deadline.passed(url) from error
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            raise FetchProblem(
                _("Fetching %(url)s failed: %(error)s.")
                % {"url": url, "error": error or type(error).__name__}
            ) from error
        try:
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchProblem(
                        _("%(url)s redirects without saying where to.") % {"url": url}
                    )
                url = urljoin(url, location)
                continue
            if response.status == 304 and (etag or last_modified):
                return Fetched(url=url, status=304, etag=etag, last_modified=last_modified)
            if response.status != 200:
                raise FetchProblem(
                    _("%(url)s answered “%(status)s %(reason)s” instead of the list.")
                    % {"url": url, "status": response.status, "reason": response.reason}
                )
            body = read_body(response, sock, deadline, limit, url)
            return Fetched(
                url=url,
                status=200,
                body=body,
                etag=response.getheader("ETag") or "",
                last_modified=response.getheader("Last-Modified") or "",
                content_type=response.getheader("Content-Type") or "",
            )
        finally:
            connection.close()
    raise FetchProblem(
        _("%(url)s redirects more than %(count)s times.") % {"url": url, "count": MAX_REDIRECTS}
    )
