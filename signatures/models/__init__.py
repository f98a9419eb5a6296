"""The signatures' models, one module per concern; import them from here."""

from signatures.models.events import ExportRecord, SignatureEvent
from signatures.models.imports import ImportBatch, ImportMapping
from signatures.models.merging import MERGE_MOVES, MergeError, merge_problem
from signatures.models.networks import Member, Network
from signatures.models.querysets import SignatureQuerySet
from signatures.models.ratecount import RateCount
from signatures.models.signature import Signature, match_keys_digest

__all__ = [
    "MERGE_MOVES",
    "ExportRecord",
    "ImportBatch",
    "ImportMapping",
    "Member",
    "MergeError",
    "Network",
    "RateCount",
    "Signature",
    "SignatureEvent",
    "SignatureQuerySet",
    "match_keys_digest",
    "merge_problem",
]
