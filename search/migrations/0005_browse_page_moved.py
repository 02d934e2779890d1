# Browse pages now live in the home app (home/0004), which took over their
# tables; only the state changes here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory_search", "0004_browse_page"),
        ("home", "0004_sections_and_browse_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="BrowsePage")],
        ),
    ]
