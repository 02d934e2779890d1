# Directory sections (from the directory app) and browse pages (from the search
# app) join the home page here, beside the other public pages that list search
# results: same rows, same page ids, content types relabelled, tables renamed.

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

import directory.fields
from directory.model_moves import move_content_type


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0006_feed_slugs"),
        ("directory_search", "0004_browse_page"),
        ("home", "0003_crisis_line"),
        ("imports", "0003_section_is_any_meeting_section"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ListingIndexPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "intro",
                            wagtail.fields.RichTextField(blank=True, verbose_name="introduction"),
                        ),
                    ],
                    options={
                        "verbose_name": "directory section",
                        "db_table": "directory_listingindexpage",
                    },
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="BrowsePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "intro",
                            wagtail.fields.RichTextField(blank=True, verbose_name="introduction"),
                        ),
                        (
                            "kinds",
                            directory.fields.ChoiceListField(
                                blank=True,
                                default=list,
                                item_choices=[
                                    ("meeting", "Meeting"),
                                    ("transportation", "Ride"),
                                    ("childcare", "Childcare"),
                                    ("class", "Class"),
                                    ("service", "Support service"),
                                ],
                                verbose_name="kinds of listing",
                            ),
                        ),
                        (
                            "audiences",
                            directory.fields.ChoiceListField(
                                blank=True,
                                default=list,
                                item_choices=[
                                    ("families", "Families and friends"),
                                    ("women", "Women"),
                                    ("men", "Men"),
                                    ("youth", "Young people"),
                                    ("lgbtq", "LGBTQ+"),
                                    ("seniors", "Seniors"),
                                ],
                                verbose_name="especially for",
                            ),
                        ),
                        (
                            "categories",
                            modelcluster.fields.ParentalManyToManyField(
                                blank=True,
                                related_name="+",
                                to="directory.category",
                                verbose_name="categories",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "browse page",
                        "db_table": "directory_search_browsepage",
                    },
                    bases=("wagtailcore.page",),
                ),
            ],
        ),
        move_content_type("listingindexpage", "directory", "home"),
        move_content_type("browsepage", "directory_search", "home"),
        migrations.AlterModelTable(name="listingindexpage", table=None),
        migrations.AlterModelTable(name="browsepage", table=None),
    ]
