# Directory sections now live in the home app (home/0004), which took over
# their table; only the state changes here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_feed_slugs"),
        ("home", "0004_sections_and_browse_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ListingIndexPage")],
        ),
    ]
