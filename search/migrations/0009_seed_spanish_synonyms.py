from django.db import migrations

# Starting synonyms for searches in Spanish; staff edit them in the admin
# (Directory data → Search synonyms). A listing's kind, meeting types and
# audiences are in its document in Spanish too ("Reunión", "Mujeres",
# "Cuidado infantil", "Español"), so these lead everyday words to them.
SYNONYMS = [
    "aa, alcohólicos anónimos",
    "na, narcóticos anónimos",
    "mujeres, mujer, femenino, femenina",
    "hombres, hombre, varones, masculino",
    "niños, niñas, niño, niña, hijos, cuidado infantil, guardería",
    "transporte, traslado, traslados, viaje, viajes, aventón, transporte a reuniones",
    "reunión en español, reuniones en español, hispanohablante, hispanohablantes, español",
    "familia, familias, familiares, seres queridos",
    "clase, clases, curso, cursos, taller, talleres, capacitación",
    "trabajo, empleo, empleos, oficio",
    "en línea, virtual, zoom, por internet",
    "jóvenes, joven, juventud, adolescentes",
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("directory_search", "Synonym")
    for terms in SYNONYMS:
        Synonym.objects.get_or_create(language="es", terms=terms)


def unseed(apps, schema_editor):
    Synonym = apps.get_model("directory_search", "Synonym")
    Synonym.objects.filter(language="es", terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("directory_search", "0008_synonym_language")]
    operations = [migrations.RunPython(seed, unseed)]
