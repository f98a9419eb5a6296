"""A proof of work for signers over the rate limit, made and checked here: no third
party is contacted and nothing about the signer is kept.

Past FIRMAS_SIGN_RATE_LIMIT submissions from one client address in a window (an
assembly on one Wi-Fi, a carrier's shared address during a WhatsApp surge), the
form comes back with everything typed in it and a puzzle: find the number n
(0 ≤ n ≤ FIRMAS_SIGN_PROOF_MAX) with SHA-256(salt + n) = challenge. The browser
solves it (static/js/proof.js, about a second on a phone) and the form goes through;
a script signing by the thousand pays that second for every signature. The
challenge is signed with the site's key and expires; each solution is accepted once.
The scheme is ALTCHA's (altcha.org), written here in a few lines.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.utils.crypto import salted_hmac

from signatures.signing import ratelimit

FIELDS = ("proof_salt", "proof_number", "proof_challenge", "proof_signature")
LIFETIME = 600  # seconds a challenge may be solved in


def _digest(salt, number):
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()


def _sign(challenge):
    return salted_hmac("firmas.signing.proof", challenge).hexdigest()


def challenge(now=None):
    """A new puzzle: the values the page gives the browser."""
    expires = int((now or time.time()) + LIFETIME)
    salt = f"{secrets.token_hex(12)}?expires={expires}&"
    puzzle = _digest(salt, secrets.randbelow(settings.FIRMAS_SIGN_PROOF_MAX + 1))
    return {
        "algorithm": "SHA-256",
        "salt": salt,
        "challenge": puzzle,
        "maxnumber": settings.FIRMAS_SIGN_PROOF_MAX,
        "signature": _sign(puzzle),
    }


def solved(data, now=None):
    """Whether the POST `data` holds a solution to a puzzle of ours, unexpired and
    not used before (each is counted once, as the rate limit counts: RateCount)."""
    salt, number, puzzle, signature = (str(data.get(name, "")) for name in FIELDS)
    if not (salt and number.isascii() and number.isdigit() and len(number) <= 12):
        return False
    if not hmac.compare_digest(_sign(puzzle), signature):
        return False
    expires = salt.rpartition("?expires=")[2].rstrip("&")
    if not expires.isdigit() or int(expires) < (now or time.time()):
        return False
    if not hmac.compare_digest(_digest(salt, int(number)), puzzle):
        return False
    used = f"proof:{hashlib.sha256(salt.encode()).hexdigest()[:40]}"
    return ratelimit.increment(used, window=ratelimit.DAY) == 1


def solve(puzzle):
    """The number that solves `puzzle` (what the browser does; tests and tools use it)."""
    for number in range(puzzle["maxnumber"] + 1):
        if _digest(puzzle["salt"], number) == puzzle["challenge"]:
            return number
    return None
