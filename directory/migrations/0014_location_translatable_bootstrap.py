import django.db.models.deletion
from django.db import migrations, models

from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0013_category_translatable'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='location',
            name='locale',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale'),
        ),
        migrations.AddField(
            model_name='location',
            name='translation_key',
            field=models.UUIDField(editable=False, null=True),
        ),
        # Every existing place is the directory's own, in the default locale.
        BootstrapTranslatableModel("directory.Location"),
    ]
