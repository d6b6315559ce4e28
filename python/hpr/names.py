"""The fixed vocabularies of the policy format (facility levels, locations,
claim types, batches, payers, cost buckets), read from the C library
(hpr/names.h), in enum order: the index of a name is its C value."""
from __future__ import annotations

from . import _core

_VOCABULARIES = _core.py_vocabularies()

LEVELS = tuple(_VOCABULARIES["levels"])
LOCATIONS = tuple(_VOCABULARIES["locations"])
CLAIM_TYPES = tuple(_VOCABULARIES["claim_types"])
BATCHES = tuple(_VOCABULARIES["batches"])
PAYERS = tuple(_VOCABULARIES["payers"])
BUCKETS = tuple(_VOCABULARIES["buckets"])
