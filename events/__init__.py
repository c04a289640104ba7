"""Workshop registration: capacity, waiting list, access needs, reminders and attendance."""
