"""The warehouse wide table the benchmarks generate with DuckDB."""


def generate_wide_table(path, customers, extra_columns=()):
    """A warehouse wide table: 8 planted groups of unequal size, 32 lognormal usage columns (each
    group is high on four of them), city, brand and gender; `extra_columns` are further DuckDB
    expressions over the row number `i` (placed after gender)."""
    import duckdb

    def uniform(salt):
        return f"((hash(i, {salt}) % 1000000) + 0.5) / 1000000.0"

    def normal(salt):
        return f"sqrt(-2 * ln({uniform(salt)})) * cos(2 * pi() * {uniform(salt + 1)})"

    columns = [
        "'K' || lpad((i + 1)::VARCHAR, 8, '0') AS customer_id",
        "(['北京', '上海', '广州', '深圳', '成都', '杭州', '武汉', '西安'])[1 + (hash(i, 900) % 8)::INT] AS city",
        "(['全球通', '动感地带', '神州行'])[1 + ((hash(i, 901) % 3)::INT + g) % 3] AS brand",
        "CASE WHEN hash(i, 902) % 2 = 0 THEN 'M' ELSE 'F' END AS gender",
        *extra_columns,
    ]
    for f in range(32):
        high = f"(CASE WHEN g = {f % 8} OR g = {(f * 3 + 1) % 8} THEN 1.6 ELSE 0 END)"
        columns.append(f"round(exp(1 + {high} + 0.35 * {normal(1000 + 2 * f)}), 3) AS f{f:02d}")
    # Group g from a uniform draw with unequal shares (20, 15, 14, 12, 11, 10, 10, 8 %).
    group = (f"CASE WHEN u < 0.20 THEN 0 WHEN u < 0.35 THEN 1 WHEN u < 0.49 THEN 2 WHEN u < 0.61 THEN 3 "
             f"WHEN u < 0.72 THEN 4 WHEN u < 0.82 THEN 5 WHEN u < 0.92 THEN 6 ELSE 7 END")
    duckdb.sql(
        f"""COPY (SELECT {', '.join(columns)} FROM (
              SELECT i, {group} AS g FROM (SELECT i, {uniform(77)} AS u FROM range({customers}) t(i)))
            ORDER BY i) TO '{path}' (HEADER, DELIMITER ',')""")
