"""What someone sees after too many wrong passwords (django-axes calls it)."""

import math

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response, credentials):
    # Rendered here: axes answers from its middleware, after the phase that
    # renders template responses.
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(
        request, "login_locked.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE
    )
