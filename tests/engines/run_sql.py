"""Runs the SQL `tradeoff sql` printed on a real engine and saves each result as
NAME.parquet, the way a team would: every statement starts with a line
`-- tradeoff: NAME`.

    python run_sql.py duckdb QUERIES.sql OUT_DIR [QUERIES.sql OUT_DIR ...]
    python run_sql.py spark  QUERIES.sql OUT_DIR [...]

Prints one JSON line per SQL file: engine, seconds, and rows per result. Spark
runs in local mode (one session for all files) with its session time zone set
away from UTC, so a day cut that leaned on it would show.

With TRADEOFF_SQL_TABLES="SCHEMA.NAME=FILE.parquet;..." (DuckDB only) each file is
first made a table of that name, as a warehouse holds production and the audit
(`tradeoff sql --production-table`, `--audit-table`, `--table`).
"""

import glob
import json
import os
import shutil
import sys
import time

import pyarrow.parquet as pq


def statements(path):
    """(name, sql) for each `-- tradeoff: NAME` block of the file."""
    named, name, lines = [], None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("-- tradeoff: "):
                if name:
                    named.append((name, "".join(lines)))
                name, lines = line[len("-- tradeoff: "):].strip(), []
            elif name:
                lines.append(line)
    if name:
        named.append((name, "".join(lines)))
    return [(n, s.strip().rstrip(";").strip()) for n, s in named]


def duckdb_runner():
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/New_York'")
    for spec in filter(None, os.environ.get("TRADEOFF_SQL_TABLES", "").split(";")):
        table, path = spec.split("=", 1)
        schema, name = table.split(".")
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        con.execute(f'CREATE TABLE "{schema}"."{name}" AS SELECT * FROM read_parquet(?)', [path])

    def run(sql, target):
        con.sql(sql).write_parquet(target)

    return run, lambda: None


def spark_runner():
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("tradeoff-sql")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.session.timeZone", "America/New_York")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")

    def run(sql, target):
        folder = target + ".spark"
        spark.sql(sql).coalesce(1).write.mode("overwrite").parquet(folder)
        (part,) = glob.glob(os.path.join(folder, "part-*.parquet"))
        shutil.move(part, target)
        shutil.rmtree(folder)

    return run, spark.stop


def main():
    engine, pairs = sys.argv[1], sys.argv[2:]
    run, stop = {"duckdb": duckdb_runner, "spark": spark_runner}[engine]()
    try:
        for sql_file, out_dir in zip(pairs[::2], pairs[1::2]):
            os.makedirs(out_dir, exist_ok=True)
            rows, start = {}, time.perf_counter()
            for name, sql in statements(sql_file):
                target = os.path.join(out_dir, name + ".parquet")
                run(sql, target)
                rows[name] = pq.ParquetFile(target).metadata.num_rows
            seconds = time.perf_counter() - start
            print(json.dumps({"engine": engine, "sql": sql_file, "seconds": seconds, "rows": rows}), flush=True)
    finally:
        stop()


if __name__ == "__main__":
    main()
