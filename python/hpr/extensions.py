"""Extension functions written in Python (docs/extensions.md).

    ext = hpr.Extensions()
    ext.add("means_test", lambda income, paid, line: income - paid < line, "bool(money, money, money)")
    policy = hpr.Policy.load("policy.json", extensions=ext)

Each callable becomes a C function pointer through a libffi closure
(ctypes.CFUNCTYPE); C calls it with the GIL taken only while Python runs,
from any thread of the batch. Arguments arrive as Python ints (money and
ratio in fen and millionths, dates as day numbers, bool as 0/1) and str
for text; return an int (or a bool for bool). An exception raised by the
callable fails that claim with its message (its row in settle_frame);
nothing is ever settled with a made-up value.
"""
from __future__ import annotations

import ctypes
import numbers

from . import _core

_C = {"money": ctypes.c_int64, "ratio": ctypes.c_int64, "date": ctypes.c_int32, "int": ctypes.c_int32,
      "bool": ctypes.c_int32, "text": ctypes.c_char_p}


def _parse(signature: str):
    sig = signature.replace(" ", "")
    if "(" not in sig or not sig.endswith(")"):
        raise ValueError(f"signature {signature!r}: expected ret(type, ...)")
    ret, params = sig[:-1].split("(", 1)
    names = [p for p in params.split(",")] if params else []
    for n in [ret] + names:
        if n not in _C:
            raise ValueError(f"signature {signature!r}: {n!r} is not one of {', '.join(_C)}")
    return ret, names


class Extensions:
    """A registry of extension functions for Policy.load(extensions=...).
    Register every function before loading a policy with it: the registry
    is immutable once a policy is compiled with it."""

    def __init__(self):
        self._capsule = _core.py_extensions_new()
        self._keep = []  # the ctypes closures: alive as long as the registry
        self._defs = []  # (name, fn, signature): how to build it again in another process

    def __reduce__(self):
        """Pickles as its functions and signatures (with cloudpickle, as
        Dask uses, lambdas too); another process registers them anew."""
        return (_rebuild, (self._defs,))

    def add(self, name: str, fn, signature: str) -> "Extensions":
        """Registers ``fn`` under ``name`` with its signature as text, e.g.
        ``"money(money, money, int)"``; returns self."""
        ret, params = _parse(signature)
        if ret == "text":
            raise ValueError(f"{name}: a Python function cannot return text (a C string must outlive the call)")
        text_args = [i for i, p in enumerate(params) if p == "text"]

        def call(*args):
            try:
                if text_args:
                    args = list(args)
                    for i in text_args:
                        args[i] = args[i].decode("utf-8") if args[i] is not None else None
                return _checked(name, ret, fn(*args))
            except BaseException as e:  # noqa: BLE001 - every failure becomes the claim's error
                _core.py_extension_fail(f"{type(e).__name__}: {e}")
                return 0

        cfunc = ctypes.CFUNCTYPE(_C[ret], *[_C[p] for p in params])(call)
        from . import _call
        _call(_core.py_extensions_add, self._capsule, name, signature,
              ctypes.cast(cfunc, ctypes.c_void_p).value)
        # recorded only once C has accepted it: a refused add leaves the
        # registry (and its pickle) as it was
        self._keep.append(cfunc)
        self._defs.append((name, fn, signature))
        return self


_RANGE = {"money": (-(1 << 63), (1 << 63) - 1), "ratio": (-(1 << 63), (1 << 63) - 1),
          "date": (-(1 << 31), (1 << 31) - 1), "int": (-(1 << 31), (1 << 31) - 1)}


def _checked(name: str, ret: str, result):
    """The callable's result as C reads it, or TypeError/OverflowError
    naming the value: ctypes would take any int modulo 2**64 and any object
    by its truth, so nothing but the declared type gets through."""
    if ret == "bool":
        # bool, numpy.bool_, or the ints 0 and 1; None (a forgotten return),
        # strings, floats and lists are refused
        if isinstance(result, bool) or type(result).__name__ == "bool_":
            return 1 if result else 0
        if isinstance(result, numbers.Integral) and result in (0, 1):
            return int(result)
        raise TypeError(f"{name} returned {result!r} ({type(result).__name__}), not a bool")
    if isinstance(result, bool) or type(result).__name__ == "bool_" or not isinstance(result, numbers.Integral):
        raise TypeError(f"{name} returned {result!r} ({type(result).__name__}), not an int")
    value = int(result)  # numpy and other integral types as exact ints
    low, high = _RANGE[ret]
    if not low <= value <= high:
        raise OverflowError(f"{name} returned {value}, outside the {ret} range {low} to {high}")
    return value


def _rebuild(defs) -> Extensions:
    ext = Extensions()
    for name, fn, signature in defs:
        ext.add(name, fn, signature)
    return ext
