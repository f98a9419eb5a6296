"""The signatory list in the delivery format organizers send with a letter.

Lead signatories first; then organizations and networks in one alphabetical list
(accents and case ignored), each network followed by its members; then
individuals, a role after the name. See PRODUCT.md, "The final signatory list".
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Prefetch, Value, When

from signatures.models import Member, Signature
from signatures.names import fold, identity_key, single_line

MEMBER_SEPARATOR = ", "
MEMBER_SEPARATOR_WITH_COMMAS = "; "


@dataclass
class ListEntry:
    kind: str
    name: str
    title: str = ""
    country: object = None
    is_lead: bool = False
    members: list = field(default_factory=list)

    def __post_init__(self):
        # One signature, one line of the delivered list, whatever its fields hold: the
        # forms keep fields on one line, but rows that came another way (the admin, an
        # import, older data) are made so here, for every format.
        self.name = single_line(self.name)
        self.title = single_line(self.title)
        self.members = [text for text in map(single_line, self.members) if text]

    @property
    def label(self):
        """The entry's name as listed: an individual's role follows after a comma."""
        if self.title:
            return f"{self.name}, {self.title}"
        return self.name

    @property
    def member_separator(self):
        """ ", " between members, unless a member's own text has a comma: then "; "."""
        if any("," in member for member in self.members):
            return MEMBER_SEPARATOR_WITH_COMMAS
        return MEMBER_SEPARATOR

    @property
    def members_text(self):
        return self.member_separator.join(self.members)

    @property
    def text(self):
        """The whole line, as in the delivered letter."""
        if self.members:
            return f"{self.label}: {self.members_text}"
        return self.label


@dataclass
class SignatoryList:
    organizations: list
    individuals: list

    def __bool__(self):
        return bool(self.organizations or self.individuals)


def _entry(signature, declared=()):
    members = []
    if signature.kind == Signature.Kind.NETWORK:
        listed = list(signature.members.all())
        members = [member.display_name for member in listed]
        members += _declared_members(listed, declared)
    return ListEntry(
        kind=signature.kind,
        name=signature.display_name,
        title=signature.title if signature.kind == Signature.Kind.INDIVIDUAL else "",
        country=signature.country or None,
        is_lead=signature.is_lead,
        members=members,
    )


def _declared_members(listed, declared):
    """Organizations that signed "as a member of" the network, after its own list.

    One the network already lists, linked to its signature or under the same
    name or acronym, is not repeated.
    """
    linked = {member.signature_id for member in listed if member.signature_id}
    listed_keys = {identity_key(member.name) for member in listed}
    extra = []
    for organization in declared:
        keys = {identity_key(organization.name, organization.acronym), fold(organization.acronym)}
        keys.discard("")
        if organization.pk in linked or keys & listed_keys:
            continue
        extra.append(organization.display_name)
    return extra


def build_signatory_list(signatures, offset=0, limit=None):
    """The list for `signatures` (a queryset already limited to what may be shown).

    Three queries, whatever the number of signatures: the signatures, the members
    of the networks among them, and the organizations that declared themselves
    members of those networks. An organization that signed as a member of a
    network on the list also appears among that network's members; it keeps its
    own entry and still counts once.

    `offset` and `limit` take one page of the list, in the list's order.
    """
    ordered = in_list_order(signatures).prefetch_related(
        Prefetch("members", queryset=Member.objects.order_by("position"))
    )
    rows = list(ordered[offset : offset + limit] if limit is not None else ordered[offset:])
    networks = {row.network_id for row in rows if row.kind == Signature.Kind.NETWORK}
    networks.discard(None)
    declared_by_network = defaultdict(list)
    if networks:
        declared = (
            signatures.filter(kind=Signature.Kind.ORGANIZATION, member_of__in=networks)
            .annotate(declared_network=F("member_of"))
            .only("pk", "name", "acronym")
            .order_by("sort_name", "pk")
        )
        for organization in declared:
            declared_by_network[organization.declared_network].append(organization)
    organizations, individuals = [], []
    for signature in rows:
        target = individuals if signature.kind == Signature.Kind.INDIVIDUAL else organizations
        target.append(_entry(signature, declared_by_network.get(signature.network_id, ())))
    return SignatoryList(organizations=organizations, individuals=individuals)


def in_list_order(signatures):
    """Lead signatories first, then the rest alphabetically; organizations and networks
    before individuals, as the delivered list has them."""
    return signatures.annotate(
        is_individual=Case(
            When(kind=Signature.Kind.INDIVIDUAL, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("is_individual", "-is_lead", "lead_order", "sort_name", "pk")


@dataclass(frozen=True)
class SignatoryCount:
    organizations: int
    individuals: int

    @property
    def total(self):
        return self.organizations + self.individuals


def count_signatories(signatures):
    """Organizations and individuals behind `signatures`, each organization once.

    An organization that signs alone and is also listed by one or more networks
    counts once: members linked to their own signature, or with the same
    identity key (names.identity_key), are one organization. Networks count as
    organizations; people listed by a network count as individuals.
    """
    organizations, individuals, individual_keys = set(), set(), set()
    members = list(
        Member.objects.filter(
            network_signature__in=signatures.filter(kind=Signature.Kind.NETWORK)
        ).values_list("kind", "name", "signature__name", "signature__acronym")
    )
    # Individuals' keys only matter against people listed by networks: most letters
    # have none, and skip the costliest part of counting a long list.
    people_listed = any(kind == Member.Kind.PERSON for kind, *_ in members)
    for pk, kind, name, acronym in signatures.values_list("pk", "kind", "name", "acronym"):
        if kind == Signature.Kind.INDIVIDUAL:
            individuals.add(pk)
            if people_listed:
                individual_keys.add(identity_key(name))
        else:
            organizations.add(identity_key(name, acronym))
    for kind, name, own_name, own_acronym in members:
        if kind == Member.Kind.PERSON:
            # A person listed by a network who also signed alone counts once.
            key = identity_key(name)
            if key not in individual_keys:
                individuals.add(key)
        elif own_name is not None:
            organizations.add(identity_key(own_name, own_acronym))
        else:
            organizations.add(identity_key(name))
    return SignatoryCount(organizations=len(organizations), individuals=len(individuals))
