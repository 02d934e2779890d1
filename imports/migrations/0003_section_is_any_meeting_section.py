# An import's section is the page its new meetings go under. It points at the
# page itself, whichever page type may hold meetings (imports.sections), so
# the public site's section page type can live in the app that serves it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_moderators_import"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importrun",
            name="section",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="section for new meetings",
            ),
        ),
    ]
