"""What events tell other apps, without knowing them: involvement invites attendees to claim
expenses when an organiser records who came."""
from django.dispatch import Signal

#: Sent inside the transaction that records attendance, with `event_id`.
attendance_recorded = Signal()
