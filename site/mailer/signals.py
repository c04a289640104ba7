"""Signals other apps listen to."""
from django.dispatch import Signal

# Sent (sender=None, email=..., batch_key=...) when the ESP reports that a recipient unsubscribed
# or marked a message as spam; the newsletters app unsubscribes the address from every list.
recipient_unsubscribed = Signal()
