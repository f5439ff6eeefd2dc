"""EventSlug on the shared OldSlug base: existing rows keep their slugs and get a date."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_time_zone_choices_callable"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventslug",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="changed"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="eventslug",
            name="slug",
            field=models.SlugField(max_length=200, unique=True, verbose_name="old slug"),
        ),
    ]
