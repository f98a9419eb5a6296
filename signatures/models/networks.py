"""Networks (coalitions reused across letters) and the member lists networks sign with."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    """A coalition such as GTPM or GIE, reusable across letters."""

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="network_name_unique_ci"),
        ]

    def __str__(self):
        return self.name


class Member(models.Model):
    """One entry in a network signature's member list, in the network's own spelling."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        PERSON = "person", _("Person")

    network_signature = models.ForeignKey(
        "signatures.Signature", on_delete=models.CASCADE, related_name="members"
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.ORGANIZATION
    )
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=300, blank=True)
    # The same organization's own signature on this letter, when it also signed alone,
    # so that it counts once.
    signature = models.ForeignKey(
        "signatures.Signature",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("own signature"),
    )

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network_signature", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["network_signature", "position"], name="member_unique_position"
            ),
            models.CheckConstraint(
                name="member_kind_valid", condition=Q(kind__in=["organization", "person"])
            ),
            models.CheckConstraint(name="member_name_not_blank", condition=~Q(name="")),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """Organizations carry their role in parentheses, people after a comma."""
        if not self.role:
            return self.name
        if self.kind == self.Kind.PERSON:
            return f"{self.name}, {self.role}"
        return f"{self.name} ({self.role})"
