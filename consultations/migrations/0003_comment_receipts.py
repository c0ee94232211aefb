"""A receipt for every comment and question: a code read out to the agency and a private link,
and the dates the moderation decisions were e-mailed. Comments already stored are given theirs."""

from django.db import migrations, models

import consultations.models


def give_receipts(apps, schema_editor):
    Comment = apps.get_model("consultations", "Comment")
    taken = set()
    for pk in Comment.objects.filter(receipt_code__isnull=True).values_list("pk", flat=True).iterator():
        code = consultations.models.new_receipt_code()
        while code in taken:
            code = consultations.models.new_receipt_code()
        taken.add(code)
        Comment.objects.filter(pk=pk).update(
            receipt_code=code, receipt_token=consultations.models.new_receipt_token()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_comment_channels_offline_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="published_emailed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="publication e-mailed at"),
        ),
        migrations.AddField(
            model_name="comment",
            name="rejection_emailed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="refusal e-mailed at"),
        ),
        # Empty first, each row given its own below, then required and unique: a default given
        # with AddField is computed once and would give every stored comment the same code.
        migrations.AddField(
            model_name="comment",
            name="receipt_code",
            field=models.CharField(editable=False, max_length=8, null=True, verbose_name="receipt code"),
        ),
        migrations.AddField(
            model_name="comment",
            name="receipt_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_receipts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="comment",
            name="receipt_code",
            field=models.CharField(
                default=consultations.models.new_receipt_code,
                editable=False,
                max_length=8,
                unique=True,
                verbose_name="receipt code",
            ),
        ),
        migrations.AlterField(
            model_name="comment",
            name="receipt_token",
            field=models.CharField(
                default=consultations.models.new_receipt_token, editable=False, max_length=64, unique=True
            ),
        ),
    ]
