"""Signals the council sends to the apps above it (the layers let council import none
of them)."""

from django.dispatch import Signal

# Sent inside `services.close_ballot`'s transaction with `ballot=`: the decisions app
# stores the vote-count minutes as issued at that moment (decisions/freeze.py).
ballot_closed = Signal()
