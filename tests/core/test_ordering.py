"""Order keys: any number of rows can go between two others without touching them."""

import random

import pytest

from amendments.core.ordering import key_between, spread


@pytest.mark.parametrize(
    ("lower", "upper"),
    [(None, None), ("c", None), (None, "c"), ("c", "d"), ("c", "cb"), ("b", "bb"), ("cz", "d"), ("m", "mzzzzb")],
)
def test_key_between_sorts_strictly_between(lower, upper):
    key = key_between(lower, upper)
    assert lower is None or lower < key
    assert upper is None or key < upper
    assert not key.endswith("a")


@pytest.mark.parametrize(("lower", "upper"), [("d", "c"), ("c", "c"), ("ca", None), ("C", None), ("", None)])
def test_key_between_refuses_keys_in_the_wrong_order_or_form(lower, upper):
    with pytest.raises(ValueError):
        key_between(lower, upper)


@pytest.mark.parametrize("count", [0, 1, 2, 19, 25, 26, 600, 1000])
def test_spread_gives_distinct_increasing_keys(count):
    keys = spread(count)
    assert len(keys) == count
    assert keys == sorted(keys) and len(set(keys)) == count


def test_thousands_of_random_inserts_keep_order_and_short_keys():
    rng = random.Random(7)
    keys = spread(30)
    for _ in range(3000):
        i = rng.randrange(len(keys) + 1)
        lower = keys[i - 1] if i else None
        upper = keys[i] if i < len(keys) else None
        keys.insert(i, key_between(lower, upper))
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert max(map(len, keys)) <= 12
