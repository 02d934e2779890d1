from django.db import migrations

# Starting synonyms; staff edit them in the admin (Directory data → Synonyms).
SYNONYMS = [
    "aa, alcoholics anonymous",
    "na, narcotics anonymous",
    "ca, cocaine anonymous",
    "cma, crystal meth anonymous",
    "ma, marijuana anonymous",
    "ga, gamblers anonymous",
    "smart, smart recovery",
    "al-anon, alanon",
    "nar-anon, naranon",
    "childcare, child care, babysitting, daycare, day care",
    "ride, rides, transportation, transport",
    "job, jobs, employment, work, career",
    "family, families, relatives, loved ones",
    "class, classes, course, courses, training",
    "lgbtq, lgbt, gay, lesbian, queer, transgender",
    "spanish, español, espanol",
    "online, virtual, zoom",
    "coach, coaching, mentor, mentoring",
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("directory_search", "Synonym")
    for terms in SYNONYMS:
        Synonym.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    apps.get_model("directory_search", "Synonym").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("directory_search", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
