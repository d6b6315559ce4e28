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
                result = fn(*args)
                if ret == "bool":
                    return 1 if result else 0
                if isinstance(result, bool) or not isinstance(result, int):
                    raise TypeError(f"{name} returned {result!r}, not an int")
                return result
            except BaseException as e:  # noqa: BLE001 - every failure becomes the claim's error
                _core.py_extension_fail(f"{type(e).__name__}: {e}")
                return 0

        cfunc = ctypes.CFUNCTYPE(_C[ret], *[_C[p] for p in params])(call)
        self._keep.append(cfunc)
        self._defs.append((name, fn, signature))
        from . import _call
        _call(_core.py_extensions_add, self._capsule, name, signature,
              ctypes.cast(cfunc, ctypes.c_void_p).value)
        return self


def _rebuild(defs) -> Extensions:
    ext = Extensions()
    for name, fn, signature in defs:
        ext.add(name, fn, signature)
    return ext
