"""Signals the decisions app sends to the apps above it (which it must not import).

`recognitions_issued(sender=Decision, decision=…, actor=…)`: a decision that
recognises exemplars (a recognition or a correction, not a revocation) was issued.
Sent inside the issuing transaction, so what a receiver writes (the editor's inbox
entry) is kept or dropped with the decision itself.

`recognitions_revoked(sender=Decision, decision=…, recognitions=[…], actor=…)`: a
revocation was issued; `recognitions` are the decision items it revoked (no longer in
force). Sent inside the issuing transaction too, so whatever a receiver takes down
(a story on the portal) goes with the revocation or not at all.

`recognitions_replaced(sender=Decision, decision=…, replaced={old_pk: new or None},
actor=…)`: a correction was issued; each decision item of the decision it replaces maps
to the correction's item for the same subject (None if it has none). Sent inside the
issuing transaction.
"""

from django.dispatch import Signal

recognitions_issued = Signal()
recognitions_revoked = Signal()
recognitions_replaced = Signal()
