"""The rate counter's rows (signatures.signing.ratelimit writes them)."""

from django.db import models


class RateCount(models.Model):
    """How many signing submissions one client address made in one window of time.

    Written only by signatures.signing.ratelimit, one statement per submission; rows of
    ended windows are deleted a few at a time by the submissions that follow.
    """

    pk = models.CompositePrimaryKey("window_start", "key")
    # Windows start at whole multiples of FIRMAS_SIGN_RATE_WINDOW since the epoch.
    window_start = models.DateTimeField()
    # What is counted: "sign:<client address>", "email:<keyed digest of an address>".
    key = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=1)
    # When the window ends (windows differ in length: the signing window, a day).
    ends = models.DateTimeField()

    class Meta:
        indexes = [
            # Each count deletes a few rows of ended windows, oldest first.
            models.Index(fields=["ends"], name="ratecount_ends"),
        ]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
