"""Healthwatch User Group recruitment and "You Said, We Did" feedback loops.

Built on the foundation's shared pieces: pages and forms from `base`, e-mail through
`mailer.services.queue_email`, personal data declared to `privacy.registry`.
"""
