"""A planted customer table for the automatic-k benchmark, generated with numpy from a fixed seed.

Ten groups of unequal size (20, 16, 13, 11, 10, 9, 8, 6, 4.5 and 2.5 %) over 32 lognormal usage
columns: in log space every column has a base level and noise with standard deviation 0.6; group
j is higher by about 1.7 (× 0.8-1.2) on its own three columns 3j..3j+2 and by 0.85 on the first
column of group j + 1; columns 30 and 31 carry no group at all. The groups are well but not
trivially separated: after log1p and z-scores the planted labels have a silhouette of about 0.19,
a good k = 10 fit recovers them (ARI 0.99 with scikit-learn's 3 starts at 100,000 rows, silhouette
0.19 against 0.18 at k = 9), and a k = 10 fit stuck in a poor local optimum scores below k = 9
(scikit-learn's single start, random_state=0, does: 0.15). Values are rounded to 3 decimals, like
a warehouse export.
"""
import numpy as np

SHARES = (0.20, 0.16, 0.13, 0.11, 0.10, 0.09, 0.08, 0.06, 0.045, 0.025)
COLUMNS = 32
SHIFT = 1.7
SIGMA = 0.6
SEED = 12


def planted_values(rows, seed=SEED):
    """(values rows × 32 float64, truth labels int32 in 0..9), the same for the same rows and seed."""
    rng = np.random.default_rng(seed)
    groups = len(SHARES)
    means = np.tile(rng.uniform(1.0, 4.0, COLUMNS), (groups, 1))
    for j in range(groups):
        means[j, 3 * j:3 * j + 3] += SHIFT * rng.uniform(0.8, 1.2, 3)
        means[j, 3 * ((j + 1) % groups)] += 0.5 * SHIFT
    truth = rng.choice(groups, rows, p=SHARES).astype(np.int32)
    values = np.empty((rows, COLUMNS))
    chunk = 1_000_000
    for start in range(0, rows, chunk):
        stop = min(rows, start + chunk)
        noise = rng.standard_normal((stop - start, COLUMNS))
        values[start:stop] = np.round(np.exp(means[truth[start:stop]] + SIGMA * noise), 3)
    return values, truth


def customer_id_sql(index_column):
    """The DuckDB expression of the customer id of row `index_column` (0-based): P00000001, ..."""
    return f"'P' || lpad(({index_column} + 1)::VARCHAR, 8, '0')"


def generate_planted_table(csv_path, truth_path, rows):
    """Writes the customer CSV (customer_id, u00..u31) and the truth CSV (customer_id, planted_group)."""
    import duckdb

    values, truth = planted_values(rows)
    columns = {"i": np.arange(rows, dtype=np.int64)}
    columns.update({f"u{c:02d}": values[:, c] for c in range(COLUMNS)})
    names = ", ".join(f"u{c:02d}" for c in range(COLUMNS))
    duckdb.sql(f"COPY (SELECT {customer_id_sql('i')} AS customer_id, {names} FROM columns ORDER BY i) "
               f"TO '{csv_path}' (HEADER, DELIMITER ',')")
    labels = {"i": columns["i"], "g": truth}
    duckdb.sql(f"COPY (SELECT {customer_id_sql('i')} AS customer_id, g AS planted_group FROM labels ORDER BY i) "
               f"TO '{truth_path}' (HEADER, DELIMITER ',')")
