"""Default reach targets: approximate shares of Walsall's population (Census 2021), for staff to edit."""
from django.db import migrations


def seed(apps, schema_editor):
    from engagement.services.reach import seed_default_targets

    seed_default_targets(apps.get_model("engagement", "ReachTarget"))


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
