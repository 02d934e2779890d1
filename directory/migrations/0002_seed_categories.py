from django.db import migrations

# (slug, name, children as (slug, name)); staff edit these afterwards.
CATEGORIES = [
    ("meetings", "Meetings", [
        ("aa", "Alcoholics Anonymous (AA)"),
        ("na", "Narcotics Anonymous (NA)"),
        ("al-anon", "Al-Anon"),
        ("nar-anon", "Nar-Anon"),
        ("smart-recovery", "SMART Recovery"),
        ("recovery-dharma", "Recovery Dharma"),
        ("celebrate-recovery", "Celebrate Recovery"),
        ("cocaine-anonymous", "Cocaine Anonymous (CA)"),
        ("crystal-meth-anonymous", "Crystal Meth Anonymous (CMA)"),
        ("marijuana-anonymous", "Marijuana Anonymous (MA)"),
        ("heroin-anonymous", "Heroin Anonymous (HA)"),
        ("gamblers-anonymous", "Gamblers Anonymous (GA)"),
        ("life-ring", "LifeRing Secular Recovery"),
    ]),
    ("transportation", "Transportation", [
        ("rides-to-meetings", "Rides to meetings"),
        ("rides-to-appointments", "Rides to treatment and appointments"),
    ]),
    ("childcare", "Childcare", [
        ("childcare-during-meetings", "Childcare during meetings and classes"),
        ("daytime-childcare", "Daytime childcare"),
    ]),
    ("classes", "Job skills & classes", [
        ("job-skills", "Job skills"),
        ("life-skills", "Life skills"),
        ("education", "Education and GED"),
        ("computer-skills", "Computer skills"),
    ]),
    ("family-support", "Family support", [
        ("family-al-anon", "Al-Anon family groups"),
        ("family-nar-anon", "Nar-Anon family groups"),
        ("family-groups", "Family groups"),
        ("family-coaching", "One-to-family coaching"),
    ]),
    ("peer-support", "Peer support", [
        ("peer-coaching", "Peer recovery coaching"),
        ("recovery-check-ins", "Recovery check-ins"),
    ]),
]


def seed(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    for order, (slug, name, children) in enumerate(CATEGORIES):
        parent, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
        for child_order, (child_slug, child_name) in enumerate(children):
            Category.objects.get_or_create(
                slug=child_slug,
                defaults={"name": child_name, "parent": parent, "sort_order": child_order},
            )


def unseed(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    slugs = [slug for slug, _, _ in CATEGORIES]
    Category.objects.filter(parent__slug__in=slugs).delete()
    Category.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
