from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.health import healthz
from home import urls as home_urls
from problem_reports import urls as problem_reports_urls
from search import urls as search_urls

# One address in every language: the admin, the API (its `lang` parameter
# chooses the language of its words) and the open-data feeds.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(search_urls)),
    path("", include("feeds.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The public pages in each language: English at the plain addresses, Spanish
# under /es/ (directory.site_language). Wagtail's page serving catches
# everything else, so it comes last.
handler500 = "config.errors.server_error"

urlpatterns += i18n_patterns(
    path("", include(home_urls)),
    path("", include(problem_reports_urls)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
