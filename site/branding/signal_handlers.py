from django.db.models.signals import post_delete
from django.dispatch import receiver

from . import services
from .models import BrandingAsset


@receiver(post_delete, sender=BrandingAsset)
def delete_asset_file(sender, instance, **kwargs):
    if instance.file:
        services.delete_file_after_commit(instance.file.name)
