# Phone numbers were kept as typed ("07700 900-982"); they are now kept as digits (base.phone),
# so that the privacy tools find a booking by the number whichever way it was typed.

from django.db import migrations, models

from base.phone import normalise_phone


def phone_numbers_as_digits(apps, schema_editor):
    Booking = apps.get_model("events", "Booking")
    for booking in Booking.objects.exclude(phone="").only("pk", "phone").iterator():
        phone = normalise_phone(booking.phone)
        if phone and phone != booking.phone:
            Booking.objects.filter(pk=booking.pk).update(phone=phone)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_body_newsletter_signup_block'),
    ]

    operations = [
        migrations.AlterField(
            model_name='booking',
            name='phone',
            field=models.CharField(blank=True, help_text='Kept as digits, like 07700900123 (base.phone).', max_length=40),
        ),
        migrations.RunPython(phone_numbers_as_digits, migrations.RunPython.noop),
    ]
