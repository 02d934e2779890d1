import django.db.models.deletion
from django.db import migrations, models

from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0011_listing_sources'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='category',
            name='locale',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale'),
        ),
        migrations.AddField(
            model_name='category',
            name='translation_key',
            field=models.UUIDField(editable=False, null=True),
        ),
        # Every existing category is the directory's own, in the default locale.
        BootstrapTranslatableModel("directory.Category"),
    ]
