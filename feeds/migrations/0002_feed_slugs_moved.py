# FeedSlug now lives in the directory app (directory/0006_feed_slugs), which
# took over its table; only the state changes here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_feed_slugs"),
        ("feeds", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FeedSlug")],
        ),
    ]
