#!/usr/bin/env python3
"""Reference migrations between two segmentation versions, computed with pandas.

Writes Tests/Fixtures/segments/migration_reference.json: for each case, two assignments (customer keys
and 0-based segments; a negative segment means the version does not cover the customer) and what
pandas finds on them:
  - flows: pd.crosstab(earlier, later) over the customers in both versions (an inner merge on the
    key), every segment a row and a column;
  - row_shares: pd.crosstab(..., normalize="index"), a row of zeros for a segment nobody kept;
  - sizes per version, customers in both, stayers (same segment), entries and exits per segment;
  - movers: (key, earlier segment, later segment) of the customers whose segment changed, by key.

Run: scripts/python-env.sh venv-pandas pandas && .build/venv-pandas/bin/python \
     Tests/Fixtures/segments/migration_reference.py
"""
import json
import pathlib

import numpy as np
import pandas as pd

rng = np.random.default_rng(20261130)


def assignment(keys, groups):
    frame = pd.DataFrame({"key": np.asarray(keys, dtype=np.int64), "segment": np.asarray(groups, dtype=np.int64)})
    return frame[frame.segment >= 0]


def case(name, from_keys, from_groups, from_segments, to_keys, to_groups, to_segments):
    earlier = assignment(from_keys, from_groups)
    later = assignment(to_keys, to_groups)
    both = earlier.merge(later, on="key", suffixes=("_from", "_to"))
    rows = pd.Index(range(from_segments), name="from")
    columns = pd.Index(range(to_segments), name="to")
    flows = pd.crosstab(both.segment_from, both.segment_to).reindex(index=rows, columns=columns, fill_value=0)
    shares = (pd.crosstab(both.segment_from, both.segment_to, normalize="index")
              .reindex(index=rows, columns=columns).fillna(0.0))
    entries = later[~later.key.isin(earlier.key)]
    exits = earlier[~earlier.key.isin(later.key)]
    movers = both[both.segment_from != both.segment_to].sort_values("key")
    stayers = int((both.segment_from == both.segment_to).sum())
    return {
        "name": name,
        "from_keys": [int(k) for k in from_keys], "from_groups": [int(g) for g in from_groups],
        "from_segments": from_segments,
        "to_keys": [int(k) for k in to_keys], "to_groups": [int(g) for g in to_groups], "to_segments": to_segments,
        "flows": flows.astype(int).values.tolist(),
        "row_shares": shares.values.tolist(),
        "from_sizes": earlier.segment.value_counts().reindex(rows, fill_value=0).astype(int).tolist(),
        "to_sizes": later.segment.value_counts().reindex(columns, fill_value=0).astype(int).tolist(),
        "common": int(len(both)),
        "stayers": stayers,
        "stayers_share": stayers / len(both) if len(both) else 0.0,
        "entries_by_segment": entries.segment.value_counts().reindex(columns, fill_value=0).astype(int).tolist(),
        "exits_by_segment": exits.segment.value_counts().reindex(rows, fill_value=0).astype(int).tolist(),
        "movers": movers[["key", "segment_from", "segment_to"]].astype(int).values.tolist(),
    }


def markov(groups, segments, stay):
    """Each customer keeps their segment with probability `stay`, else takes a random other one."""
    moved = rng.random(len(groups)) >= stay
    shifted = (groups + rng.integers(1, segments, len(groups))) % segments
    return np.where(moved, shifted, groups)


cases = []
# A refresh: 5 segments, 12 % movers, 5 % gone, 6 % new, the later version in another key order.
keys = np.arange(1, 2001)
groups = rng.choice(5, size=len(keys), p=[0.35, 0.25, 0.2, 0.15, 0.05])
kept = rng.random(len(keys)) >= 0.05
new_keys = np.arange(2001, 2121)
later_keys = np.concatenate([keys[kept], new_keys])
later_groups = np.concatenate([markov(groups[kept], 5, 0.88), rng.choice(5, size=len(new_keys))])
order = rng.permutation(len(later_keys))
cases.append(case("refresh", keys, groups, 5, later_keys[order], later_groups[order], 5))

# Versions of different fits: 4 segments then 3, with keys that are not consecutive.
keys = np.sort(rng.choice(100_000, size=600, replace=False)) + 1
groups = rng.choice(4, size=len(keys))
later_keys = np.sort(np.concatenate([keys[:500], rng.choice(np.arange(100_001, 100_100), size=40, replace=False)]))
cases.append(case("refit", keys, groups, 4, later_keys, rng.choice(3, size=len(later_keys)), 3))

# Stages that cannot be told (-1) count as absent; the later version leaves its segment 3 empty.
keys = np.arange(1, 301)
groups = rng.choice([-1, 0, 1, 2], size=len(keys), p=[0.1, 0.4, 0.3, 0.2])
groups[:20] = 3
later = markov(np.where(groups == 3, 0, groups), 4, 0.8)
later[rng.random(len(keys)) < 0.1] = -1
later[later == 3] = 2
cases.append(case("unknown stages", keys, groups, 4, keys, later, 4))

output = {
    "generator": f"pandas {pd.__version__}, numpy {np.__version__}",
    "cases": cases,
}
path = pathlib.Path(__file__).with_name("migration_reference.json")
path.write_text(json.dumps(output, separators=(",", ":")) + "\n")
print(f"wrote {path}: " + ", ".join(f"{c['name']} ({c['common']} in both, {len(c['movers'])} movers)" for c in cases))
