import directory.translations
import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0013_category_translatable'),
        ('home', '0006_spanish_locale'),
    ]

    operations = [
        migrations.AlterField(
            model_name='browsepage',
            name='categories',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, limit_choices_to=directory.translations.in_default_language, related_name='+', to='directory.category', verbose_name='categories'),
        ),
    ]
