"""MinHash signatures of an article's word-3-shingles and the LSH band keys cut from them.

The signature is datasketch's ``MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")``
over the CRC-32 of each shingle, computed in one numpy step from its public
``permutations`` (``tests/test_stories.py`` checks that the values agree). The 64 numbers
of those permutations are stored in ``aggregator/data/minhash_permutations.json`` rather
than read from the library at run time: importing datasketch imports scipy (~0.4 s of
every ``aggregator`` process's start); the tests check the file against the library. Two pieces
datasketch keeps private are written out here, so that no private name of the library is
imported: the MurmurHash3 32-bit finaliser it applies to each hash before the
permutations (the public constants of MurmurHash3), and the choice of LSH bands x rows
for a Jaccard threshold (the integral that ``MinHashLSH`` minimises; the test checks
that ``MinHashLSH`` picks the same).
"""

from __future__ import annotations

import json
import zlib
from array import array
from functools import lru_cache
from importlib import resources
from itertools import chain, product
from operator import eq
from typing import Iterable

import numpy as np

NUM_PERM = 32
#: Jaccard similarity the LSH bands aim at (reposts and light edits).
LSH_THRESHOLD = 0.5


def optimal_bands(threshold: float, num_perm: int, fp_weight: float = 0.5,
                  fn_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) that minimise the weighted false positive and false negative mass
    of the LSH S-curve ``1 - (1 - s**rows)**bands`` below and above ``threshold``: what
    ``datasketch.MinHashLSH`` chooses. The integrands are polynomials of degree at most
    ``num_perm``, so a Gauss-Legendre rule of ``num_perm`` nodes integrates them exactly."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm)

    def integral(f, lo: float, hi: float) -> float:  # nodes mapped from [-1, 1]
        half = (hi - lo) / 2
        return float(half * (weights * f(half * nodes + (lo + hi) / 2)).sum())

    best, best_error = (0, 0), float("inf")
    for bands, rows in product(range(1, num_perm + 1), range(1, num_perm + 1)):
        if bands * rows > num_perm:
            continue
        fp = integral(lambda s: 1 - (1 - s ** rows) ** bands, 0.0, threshold)
        fn = integral(lambda s: (1 - s ** rows) ** bands, threshold, 1.0)
        error = fp * fp_weight + fn * fn_weight
        if error < best_error:
            best, best_error = (bands, rows), error
    return best


#: (bands, rows) of the LSH keys: (8, 4) with 32 permutations.
LSH_BANDS = optimal_bands(LSH_THRESHOLD, NUM_PERM)

_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


def fmix32(hashes: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (a bijection that spreads the bits), element-wise on
    uint32 values (multiplications wrap modulo 2**32): the pre-mix of ``affine32``."""
    s1, m1, s2, m2 = _FMIX32
    hashes = hashes ^ (hashes >> s1)
    hashes = hashes * m1
    hashes = hashes ^ (hashes >> s2)
    hashes = hashes * m2
    return hashes ^ (hashes >> s1)


@lru_cache(maxsize=1)
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) affine permutations of ``MinHash(num_perm=NUM_PERM, seed=1,
    scheme="affine32")``, uint32, as stored from the library."""
    data = json.loads(resources.files("aggregator").joinpath(
        "data/minhash_permutations.json").read_text(encoding="utf-8"))
    if data["num_perm"] != NUM_PERM:
        raise ValueError(f"minhash_permutations.json holds {data['num_perm']} permutations, "
                         f"not {NUM_PERM}")
    return np.array(data["a"], np.uint32), np.array(data["b"], np.uint32)


@lru_cache(maxsize=1)
def _permutation_columns():
    return tuple(p.reshape(-1, 1) for p in permutations())  # one row per permutation


#: The signature of no shingle: every value at its maximum, as datasketch starts one.
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, np.uint32)


def minhash_of(shingles: Iterable[str]) -> np.ndarray:
    """MinHash signature (uint32, ``NUM_PERM`` values) of a shingle set, over the CRC-32
    of each shingle's UTF-8 text (the same values as ``MinHash.update_batch``)."""
    return minhash_of_hashes(list(map(zlib.crc32, map(str.encode, shingles))))


def minhash_of_hashes(hashes: list[int]) -> np.ndarray:
    """``minhash_of`` from the CRC-32 values of the shingles (``Features.shingle_hashes``;
    repeats do not change the minima)."""
    if not hashes:
        return _EMPTY.copy()
    a, b = _permutation_columns()
    return np.minimum.reduce(a * fmix32(np.array(hashes, np.uint32)) + b, axis=1)


def minhashes_of_many(hash_lists: list[list[int]]) -> list[np.ndarray]:
    """``minhash_of_hashes`` of each list, in one numpy pass over all of them (a group of
    articles: not the half dozen numpy calls per article); the same values, as a minimum
    is exact whatever it is computed beside."""
    sizes = list(map(len, hash_lists))
    out = [_EMPTY.copy() for _ in range(sizes.count(0))]  # taken in order below
    filled = [size for size in sizes if size]
    if not filled:
        return out
    a, b = _permutation_columns()
    hashes = np.fromiter(chain.from_iterable(hash_lists), np.uint32, sum(filled))
    starts = np.cumsum([0] + filled[:-1])
    # one row per list, each a contiguous signature
    signatures = np.minimum.reduceat(a * fmix32(hashes) + b, starts, axis=1).T.copy()
    rows, empty = iter(signatures), iter(out)
    return [next(rows) if size else next(empty) for size in sizes]


def band_keys(signature: bytes) -> set[int]:
    """The LSH keys of a signature (``NUM_PERM`` uint32 values as bytes): one 32-bit key
    per band of ``LSH_BANDS[1]`` values, each band its own key space (the CRC seed)."""
    bands, rows = LSH_BANDS
    size = 4 * rows
    return {zlib.crc32(signature[b * size:(b + 1) * size], b) for b in range(bands)}


def jaccard(signature: array, other: bytes) -> float:
    """MinHash Jaccard estimate: the share of equal values of ``signature`` (an
    ``array("I")``) and ``other`` (``NUM_PERM`` uint32 values as bytes)."""
    return sum(map(eq, signature, array("I", other))) / NUM_PERM
