"""Where uploaded meeting lists are kept: files under IMPORTS_ROOT, never in a database row.

Not under MEDIA_ROOT, which the proxy serves to anyone: these files hold
contact names, phone numbers and addresses staff have not yet checked. The
background worker reads them from here, so it needs the same folder.
"""

from functools import cached_property

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class ImportFileStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.IMPORTS_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "IMPORTS_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Uploaded meeting lists are not served.")


imports_storage = ImportFileStorage()
