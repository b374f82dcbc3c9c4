"""Rate limits (the ``limits`` library): failed sign-ins per client id and per IP address,
and task submissions per client.

Counters live in memory (one server) by default, or in Redis when
``BITONAL_RATELIMIT_STORAGE`` names one (``redis://host:6379/2``), shared by every server
using it. A moving window: "10/minute" allows 10 in any 60 seconds. When the storage
cannot be reached the request is let through and a warning logged: an outage of the
counters must not take the service down with it.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..config import Settings
from .errors import ApiError

log = logging.getLogger("bitonal.api")


class TooManyRequests(ApiError):
    """429 with ``Retry-After`` (seconds) in the header and as ``retry_after`` in the body."""

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(429, detail, headers={"Retry-After": str(retry_after)}, retry_after=retry_after)


class RateLimits:
    """The service's limits over one counter storage."""

    def __init__(self, settings: Settings) -> None:
        options = {} if settings.ratelimit_storage.startswith("memory") else {"key_prefix": settings.ratelimit_prefix}
        self.limiter = MovingWindowRateLimiter(storage_from_string(settings.ratelimit_storage, **options))
        self.failures_per_client = parse(settings.token_failures_per_client)
        self.failures_per_ip = parse(settings.token_failures_per_ip)
        self.submissions = parse(settings.submissions_per_client)

    def _retry_after(self, item: RateLimitItem, *key: str) -> int:
        reset = self.limiter.get_window_stats(item, *key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def _exhausted(self, item: RateLimitItem, *key: str) -> bool:
        try:
            return not self.limiter.test(item, *key)
        except Exception as exc:  # noqa: BLE001 - storage down: let the request through
            log.warning("rate-limit storage unavailable (%s); not limiting", type(exc).__name__)
            return False

    def _hit(self, item: RateLimitItem, *key: str) -> bool:
        try:
            return self.limiter.hit(item, *key)
        except Exception as exc:  # noqa: BLE001 - storage down: let the request through
            log.warning("rate-limit storage unavailable (%s); not limiting", type(exc).__name__)
            return True

    def check_sign_in(self, client_id: str, ip: str) -> None:
        """429 when this client id or this address failed to sign in too often lately."""
        for item, key, who in (
            (self.failures_per_client, ("token-client", client_id), f"client '{client_id}'"),
            (self.failures_per_ip, ("token-ip", ip), f"address {ip}"),
        ):
            if self._exhausted(item, *key):
                retry = self._retry_after(item, *key)
                raise TooManyRequests(
                    f"too many failed sign-ins for {who} (limit {item}); try again in {retry} s", retry
                )

    def record_sign_in_failure(self, client_id: str, ip: str) -> None:
        self._hit(self.failures_per_client, "token-client", client_id)
        self._hit(self.failures_per_ip, "token-ip", ip)

    def count_submission(self, client_id: str) -> None:
        """Count one task submission; 429 when the client is over its limit."""
        if not self._hit(self.submissions, "submit", client_id):
            retry = self._retry_after(self.submissions, "submit", client_id)
            raise TooManyRequests(f"too many tasks submitted (limit {self.submissions}); try again in {retry} s", retry)
