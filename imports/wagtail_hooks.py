from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from imports import urls
from imports.views import PERMISSION


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("imports/", include(urls, namespace="imports"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import meetings"), reverse("imports:index"), icon_name="upload", order=260
    )
