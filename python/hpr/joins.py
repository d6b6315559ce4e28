"""Claims to their persons' rows: the join settle_frame needs before the
batch, in C where every id is a str."""
from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from . import _core
from .convert import _objs

def _person_rows(cpid: pd.Series, pid: pd.Series) -> Optional[np.ndarray]:
    """Each claim's row in the persons (-1: none) when every id is a str: a
    hash join in C on Python's cached str hashes, each match confirmed str
    against str. None (the caller's pandas path decides) on a non-str id or
    a duplicate person id."""
    if not (pd.api.types.is_object_dtype(cpid.dtype) and pd.api.types.is_object_dtype(pid.dtype)):
        return None
    rows = _core.py_person_rows(_objs(cpid), _objs(pid))
    return None if rows is None else np.frombuffer(rows, dtype=np.int64)
