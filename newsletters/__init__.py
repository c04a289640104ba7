"""Stakeholder newsletter subscriptions and campaign sending through the shared outbox."""
