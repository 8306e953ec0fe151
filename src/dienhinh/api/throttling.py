"""DRF throttles that read their rates when asked, not when imported.

DRF's own classes copy `DEFAULT_THROTTLE_RATES` into a class attribute at import, so
a deployment's (or a test's) later change of the rates would be ignored.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
