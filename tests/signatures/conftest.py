"""What the signing tests share: the signers' form data and a `sign` step.

The letter, its team and `post` come from tests/conftest.py."""

import pytest

from tests.signatures.signing.helpers import INDIVIDUAL, NETWORK, ORGANIZATION, PERSONAS, sign_url


@pytest.fixture
def organization_data():
    return dict(ORGANIZATION)


@pytest.fixture
def individual_data():
    return dict(INDIVIDUAL)


@pytest.fixture
def network_data():
    return dict(NETWORK)


@pytest.fixture
def sign(post):
    """Signs `letter` as `kind` with `data` (a persona unless given); returns the response."""

    def sign(letter, kind, data=None, **extra):
        return post(sign_url(letter, kind), PERSONAS[kind] if data is None else data, **extra)

    return sign
