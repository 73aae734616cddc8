"""Order keys that let a row go between two others without renumbering its neighbours.

Keys are strings of lowercase letters compared as plain strings (fractional indexing):
between "c" and "d" lies "cn", between "c" and "cn" lies "cg", and so on without end.
Lowercase ASCII letters sort the same under every database collation, so the order is the
same on SQLite and PostgreSQL. Inserting "2 bis" between paragraphs 2 and 3 writes one row.
"""

from __future__ import annotations

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_LOW, _HIGH = 0, len(ALPHABET)  # digit values; _HIGH is one past the last digit


def _digit(key: str, i: int) -> int:
    return ALPHABET.index(key[i])


def key_between(lower: str | None = None, upper: str | None = None) -> str:
    """A key strictly between lower and upper (None means open-ended)."""
    if lower is not None and upper is not None and not lower < upper:
        raise ValueError(f"{lower!r} must sort before {upper!r}")
    for key in (lower, upper):
        if key is not None and (not key or key.strip(ALPHABET) or key.endswith("a")):
            # A trailing "a" would leave no room below it ("b" > "ba" > "baa"...).
            raise ValueError(f"{key!r} is not a valid order key")
    result = []
    i = 0
    while True:
        lo = _digit(lower, i) if lower is not None and i < len(lower) else _LOW
        hi = _digit(upper, i) if upper is not None and i < len(upper) else _HIGH
        if lo == hi:
            result.append(ALPHABET[lo])
            i += 1
            continue
        mid = (lo + hi) // 2
        if mid > lo:
            result.append(ALPHABET[mid])
            return "".join(result)
        # Adjacent digits: keep the lower digit and look for room further right, with no upper bound.
        result.append(ALPHABET[lo])
        i += 1
        upper = None


def spread(count: int) -> list[str]:
    """count keys in increasing order, evenly spaced so later inserts stay short."""
    keys = []
    width = 1
    while (len(ALPHABET) - 1) ** width < count + 1:
        width += 1
    step = ((len(ALPHABET) - 1) ** width) // (count + 1)
    for n in range(1, count + 1):
        value = n * step
        digits = []
        for _ in range(width):
            value, rem = divmod(value, len(ALPHABET) - 1)
            digits.append(ALPHABET[rem + 1])  # digits "b".."z" only, so no key ends in "a"
        keys.append("".join(reversed(digits)))
    return keys
