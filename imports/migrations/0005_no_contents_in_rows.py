from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("imports", "0004_uploads_kept_as_files")]

    operations = [migrations.RemoveField(model_name="importrun", name="content")]
