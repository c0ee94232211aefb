from django.db import migrations


def build(apps, schema_editor):
    # Databases that had pages before search documents existed get theirs now. This runs the
    # application's own code rather than historical models: the documents are built from each
    # page's search text, which only the real page classes know how to assemble.
    from search import documents

    if documents.missing().exists():
        documents.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_document"),
        ("policies", "0001_initial"),
        ("consultations", "0003_initial"),
        ("stories", "0001_initial"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
