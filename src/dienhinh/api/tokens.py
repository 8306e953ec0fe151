"""API tokens: one per user; renewing one makes the old key useless at once."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from dienhinh.audit import services as audit


@transaction.atomic
def issue(user, renew: bool = False) -> Token:
    """The user's token, created if missing, replaced when `renew`."""
    token = Token.objects.filter(user=user).first()
    if token is not None and not renew:
        return token
    if token is not None:
        token.delete()
    token = Token.objects.create(user=user)
    # Only the fact is logged, never the key.
    audit.record(user, "api.token_issue", user, after={"renewed": renew})
    return token
