"""The partnership's localities, priority pathways and programme areas (public facts, not
demo content), so every installation can tag content from the start."""
from django.db import migrations
from django.utils.text import slugify

TOPICS = {
    "locality": ["North", "South", "East", "West"],
    "pathway": ["Respiratory", "Cardiology", "Diabetes", "End of life care", "Mental health outpatients",
                "0 to 19 children's services"],
    "programme_area": ["Resilient communities", "Integrated health and care teams", "Specialist services",
                       "Hospital services", "Digital and shared records", "Workforce", "Estates",
                       "Engagement and co-production", "Governance"],
}


def seed(apps, schema_editor):
    Topic = apps.get_model("base", "Topic")
    for kind, names in TOPICS.items():
        for order, name in enumerate(names):
            slug = slugify(name if kind != "locality" else f"{name} locality")
            Topic.objects.get_or_create(kind=kind, name=name, defaults={"slug": slug, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("base", "0003_topic")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
