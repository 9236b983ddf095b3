"""Writes the same evaluation cases presented the ways teams store them, for the
equivalence harness (tests/integration/equivalence.rs, issue 22):

    python presentations.py SOURCE.parquet TIMESTAMP_COLUMN OUT_DIR

From SOURCE's timestamp column (a timestamp with a zone, some values NULL) it
writes OUT_DIR/NAME.parquet for each presentation of the instants:

- native:      the column as it is;
- text_z:      ISO 8601 text in UTC with `Z` (2026-03-30T08:15:00.123Z);
- text_offset: ISO 8601 text in Berlin's local time with its offset (+02:00);
- text_pg:     PostgreSQL's timestamptz text, offset as ±hh (2026-03-30 06:15:00.123+00);
- text_naive:  naive text of the UTC wall clock (2026-03-30 08:15:00.123);
- epoch_s:     Unix seconds, int64 (the instant floored to the second);
- epoch_ms:    Unix milliseconds, int64.

- label_bool:  the native timestamps, the labels as a BOOLEAN column.

The seconds presentation floors each instant; its file is compared with a native
column floored the same way (native_s), so every presentation of one file holds
the same instants.
"""

import datetime
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq


def main():
    source, column, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    table = pq.read_table(source)
    instants = table.column(column).to_pylist()
    berlin = datetime.timezone(datetime.timedelta(hours=1))
    utc = datetime.timezone.utc

    def text(fn):
        return pa.array([None if t is None else fn(t.astimezone(utc)) for t in instants], pa.string())

    def iso_ms(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}"

    def offset(t):
        # Berlin's offset that day (CET +01:00 or CEST +02:00), as written by a local export.
        local = t.astimezone(berlin)
        if 3 <= t.month <= 10:
            local = t.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
        hours = int(local.utcoffset().total_seconds() // 3600)
        return iso_ms(local) + f"+{hours:02d}:00"

    epoch = [None if t is None else t.timestamp() for t in instants]
    presentations = {
        "native": table.column(column),
        "text_z": text(lambda t: iso_ms(t) + "Z"),
        "text_offset": text(offset),
        "text_pg": text(lambda t: iso_ms(t).replace("T", " ") + "+00"),
        "text_naive": text(lambda t: iso_ms(t).replace("T", " ")),
        "epoch_ms": pa.array([None if e is None else round(e * 1000) for e in epoch], pa.int64()),
        "epoch_s": pa.array([None if e is None else int(e // 1) for e in epoch], pa.int64()),
        "native_s": pa.array(
            [None if e is None else int(e // 1) * 1_000_000 for e in epoch], pa.timestamp("us", tz="UTC")
        ),
    }
    index = table.schema.get_field_index(column)
    for name, values in presentations.items():
        pq.write_table(table.set_column(index, column, values), os.path.join(out, f"{name}.parquet"))
    # The labels as a BOOLEAN column (missing ones stay missing).
    label = table.schema.get_field_index("label")
    labels = pa.array([None if v is None else bool(v) for v in table.column("label").to_pylist()], pa.bool_())
    pq.write_table(table.set_column(label, "label", labels), os.path.join(out, "label_bool.parquet"))


if __name__ == "__main__":
    main()
