import directory.translations
import directory.models.snippets
import modelcluster.fields
import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0012_category_translatable_bootstrap'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AlterField(
            model_name='category',
            name='locale',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.AlterField(
            model_name='category',
            name='parent',
            field=models.ForeignKey(blank=True, help_text='Leave blank for a top-level category.', limit_choices_to=directory.models.snippets.top_level_choices, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='directory.category', verbose_name='parent category'),
        ),
        migrations.AlterField(
            model_name='category',
            name='slug',
            field=models.SlugField(blank=True, max_length=100, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='category',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name='category',
            unique_together={('translation_key', 'locale')},
        ),
        migrations.AddConstraint(
            model_name='category',
            constraint=models.UniqueConstraint(fields=('slug', 'locale'), name='category_slug_per_locale'),
        ),
        migrations.AlterField(
            model_name='listingpage',
            name='categories',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, limit_choices_to=directory.translations.in_default_language, related_name='listings', to='directory.category', verbose_name='categories'),
        ),
    ]
