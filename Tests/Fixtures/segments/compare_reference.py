#!/usr/bin/env python3
"""Reference comparisons of two segmentations, computed with pandas, scikit-learn and scipy.

Writes Tests/Fixtures/segments/compare_reference.json: for each case, two assignments (customer keys
and 0-based segments, a negative segment for a customer the segmentation does not cover) and
  - table: pd.crosstab(first, second) over the customers both cover (every segment a row and a column);
  - ari: sklearn.metrics.adjusted_rand_score over those customers;
  - matching: scipy.optimize.linear_sum_assignment(-table) as (first, second, customers) by first
    segment, and matched_share: the customers in matched pairs over the customers both cover.

Run: scripts/python-env.sh venv-compare pandas scikit-learn scipy && .build/venv-compare/bin/python \
     Tests/Fixtures/segments/compare_reference.py
"""
import json
import pathlib

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score

rng = np.random.default_rng(20261201)


def case(name, first_keys, first_groups, k1, second_keys, second_groups, k2):
    a = pd.DataFrame({"key": first_keys, "a": first_groups})
    b = pd.DataFrame({"key": second_keys, "b": second_groups})
    both = a[a.a >= 0].merge(b[b.b >= 0], on="key")
    table = pd.crosstab(both.a, both.b).reindex(index=range(k1), columns=range(k2), fill_value=0)
    rows, columns = linear_sum_assignment(-table.to_numpy())
    matching = sorted((int(r), int(c), int(table.iat[r, c])) for r, c in zip(rows, columns))
    return {
        "name": name, "first_keys": [int(k) for k in first_keys], "first_groups": [int(g) for g in first_groups],
        "first_segments": k1, "second_keys": [int(k) for k in second_keys],
        "second_groups": [int(g) for g in second_groups], "second_segments": k2,
        "table": table.to_numpy().tolist(), "ari": float(adjusted_rand_score(both.a, both.b)),
        "matching": matching, "matched_share": sum(m[2] for m in matching) / len(both),
    }


def main():
    cases = []
    # Five segments against five, the second a relabelled and partly shuffled copy.
    keys = np.arange(1, 801)
    first = rng.integers(0, 5, len(keys))
    permutation = np.array([3, 0, 4, 1, 2])
    second = np.where(rng.random(len(keys)) < 0.8, permutation[first], rng.integers(0, 5, len(keys)))
    cases.append(case("relabelled", keys, first, 5, keys, second, 5))
    # Four against six over partly different customers, some uncovered (negative).
    keys2 = np.arange(200, 1100)
    coarse = rng.integers(0, 4, len(keys))
    coarse[rng.random(len(keys)) < 0.05] = -1
    fine = np.where(rng.random(len(keys2)) < 0.7, (keys2 % 4) + rng.integers(0, 2, len(keys2)) * 2, rng.integers(0, 6, len(keys2)))
    fine = np.minimum(fine, 5)
    cases.append(case("coarse_and_fine", keys, coarse, 4, keys2, fine, 6))
    out = pathlib.Path(__file__).resolve().parent / "compare_reference.json"
    out.write_text(json.dumps(cases))


if __name__ == "__main__":
    main()
