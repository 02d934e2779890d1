# The stable Meeting Guide slugs move from the feeds app to the format module
# beside the domain: same rows, table renamed.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from directory.model_moves import move_content_type


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0005_listing_timezone"),
        ("feeds", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FeedSlug",
                    fields=[
                        (
                            "page",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "slug",
                            models.CharField(max_length=64, unique=True, verbose_name="feed slug"),
                        ),
                    ],
                    options={"verbose_name": "feed slug", "db_table": "feeds_feedslug"},
                ),
            ],
        ),
        move_content_type("feedslug", "feeds", "directory"),
        migrations.AlterModelTable(name="feedslug", table=None),
    ]
