//! Property: a Parquet file whose named columns are sound loads, whatever other
//! columns it holds — random frames with random Arrow types for the columns the
//! context does not name (every integer width, float16/32/64, decimals,
//! booleans, text, categoricals, binaries, dates, datetimes of every unit and
//! zone, times, durations, lists, all-null columns, with random gaps) — and the
//! score column itself may be stored in any numeric type. Loading never panics.

use polars::prelude::*;
use proptest::prelude::*;
use tradeoff::input::eval::{ColumnSpec, load_eval};

/// How many kinds of unused column `column` can make.
const KINDS: usize = 22;

/// A small deterministic generator, so a failing case shrinks to its seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 11
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// An unused column of kind `kind` with `rows` values, some of them null.
fn column(name: &str, kind: usize, rows: usize, rng: &mut Lcg) -> PolarsResult<Column> {
    let ints: Vec<Option<i64>> = (0..rows)
        .map(|_| (rng.below(7) != 0).then(|| rng.below(2_000) as i64 - 1_000))
        .collect();
    let base = Series::new(name.into(), &ints);
    let magnitudes: Vec<Option<i64>> = ints.iter().map(|v| v.map(i64::abs)).collect();
    let positive = Series::new(name.into(), &magnitudes);
    let cast = |dtype: DataType| base.cast(&dtype);
    let series = match kind {
        0 => cast(DataType::Int8)?,
        1 => cast(DataType::Int16)?,
        2 => cast(DataType::Int32)?,
        3 => base.clone(),
        4 => positive.cast(&DataType::UInt8)?,
        5 => positive.cast(&DataType::UInt16)?,
        6 => positive.cast(&DataType::UInt32)?,
        7 => positive.cast(&DataType::UInt64)?,
        8 => cast(DataType::Float16)?,
        9 => cast(DataType::Float32)?,
        10 => cast(DataType::Float64)?,
        11 => cast(DataType::Decimal(12, 2))?,
        12 => cast(DataType::Boolean)?,
        13 => cast(DataType::String)?,
        14 => cast(DataType::String)?.cast(&DataType::from_categories(Categories::global()))?,
        15 => cast(DataType::String)?.cast(&DataType::Binary)?,
        16 => cast(DataType::Date)?,
        17 => {
            let zone = [None, Some("UTC"), Some("Asia/Kolkata")][rng.below(3) as usize];
            let unit = [
                TimeUnit::Milliseconds,
                TimeUnit::Microseconds,
                TimeUnit::Nanoseconds,
            ][rng.below(3) as usize];
            (&base * 86_400_000_000_000i64).cast(&DataType::Datetime(
                unit,
                zone.map(|z| unsafe { TimeZone::new_unchecked(z) }),
            ))?
        }
        18 => (&positive * 1_000_000_000i64).cast(&DataType::Time)?,
        19 => cast(DataType::Duration(TimeUnit::Milliseconds))?,
        20 => base.implode()?.into_series().new_from_index(0, rows),
        _ => Series::full_null(name.into(), rows, &DataType::Null),
    };
    Ok(series.with_name(name.into()).into_column())
}

/// The score column stored as one of the numeric types.
fn score_column(kind: usize, scores: &[f64]) -> PolarsResult<Column> {
    let s = Series::new("score".into(), scores);
    let series = match kind % 5 {
        0 => s,
        1 => s.cast(&DataType::Float32)?,
        2 => s.cast(&DataType::Float16)?,
        3 => s.cast(&DataType::Decimal(10, 4))?,
        _ => (&s * 1000.0).cast(&DataType::Int32)?,
    };
    Ok(series.into_column())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn unused_columns_of_any_type_never_stop_a_parquet_load(
        kinds in prop::collection::vec(0..KINDS, 0..8),
        score_kind in 0usize..5,
        rows in 2usize..60,
        seed in any::<u64>(),
    ) {
        let mut rng = Lcg(seed);
        let scores: Vec<f64> = (0..rows).map(|_| rng.below(1001) as f64 / 1000.0).collect();
        // Both classes: the first row is positive, the second negative.
        let labels: Vec<i64> = (0..rows).map(|i| if i < 2 { 1 - i as i64 } else { rng.below(2) as i64 }).collect();
        let mut columns = vec![score_column(score_kind, &scores).unwrap(), Column::new("label".into(), labels)];
        for (i, &kind) in kinds.iter().enumerate() {
            columns.push(column(&format!("unused_{i}"), kind, rows, &mut rng).unwrap());
        }
        let mut frame = DataFrame::new_infer_height(columns).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("random.parquet");
        ParquetWriter::new(std::fs::File::create(&file).unwrap()).finish(&mut frame).unwrap();
        let spec = ColumnSpec { score: "score".into(), label: "label".into(), ..ColumnSpec::default() };
        let data = load_eval(&file, &spec);
        prop_assert!(data.is_ok(), "{:?} with kinds {:?}", data.err().map(|e| e.to_string()), kinds);
        prop_assert_eq!(data.unwrap().scores.len(), rows);
    }
}

/// Ids and segments are read a window of whole row groups (up to 2^20 rows) at a
/// time from Parquet, and a
/// CSV in 16 MiB pieces: a repeat across windows is found, segment codes run on
/// across them, and Parquet, CSV and the CSV's text path agree row for row.
#[test]
fn ids_and_segments_across_window_and_piece_boundaries() {
    let rows = (1 << 20) + 5_000;
    let ids: Vec<String> = (0..rows)
        .map(|i| match i {
            // The same id just before and just after the first window's end, and a
            // third time at the very end.
            3 | 1_048_580 => "repeat-1".to_owned(),
            i if i == rows - 1 => "repeat-1".to_owned(),
            7 | 1_048_574 => "repeat-2".to_owned(),
            i => format!("id-{i:09}"),
        })
        .collect();
    let scores: Vec<f64> = (0..rows).map(|i| (i % 997) as f64 / 997.0).collect();
    let labels: Vec<i64> = (0..rows).map(|i| i64::from(i % 31 == 0)).collect();
    let segments: Vec<&str> = (0..rows)
        .map(|i| {
            if i < 1_048_600 {
                "early"
            } else if i % 2 == 0 {
                "late"
            } else {
                "NA"
            }
        })
        .collect();
    let mut frame = DataFrame::new_infer_height(vec![
        Column::new("id".into(), &ids),
        Column::new("score".into(), &scores),
        Column::new("label".into(), &labels),
        Column::new("segment".into(), &segments),
    ])
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let parquet = dir.path().join("long.parquet");
    // Row groups of 4,096 rows: the first window is exactly 2^20 rows (256 groups).
    ParquetWriter::new(std::fs::File::create(&parquet).unwrap())
        .with_row_group_size(Some(4_096))
        .finish(&mut frame)
        .unwrap();
    let csv = dir.path().join("long.csv");
    CsvWriter::new(std::fs::File::create(&csv).unwrap())
        .finish(&mut frame)
        .unwrap();
    let spec = ColumnSpec {
        score: "score".into(),
        label: "label".into(),
        id: Some("id".into()),
        segments: vec!["segment".into()],
        ..ColumnSpec::default()
    };
    let from_parquet = load_eval(&parquet, &spec).unwrap();
    let from_csv = load_eval(&csv, &spec).unwrap();
    for data in [&from_parquet, &from_csv] {
        let repeats = data.duplicate_ids.as_ref().expect("repeated ids are found");
        assert_eq!(repeats.ids, 2);
        assert_eq!(repeats.extra_rows, 3);
        assert_eq!(repeats.first, ["repeat-1", "repeat-2"]);
        let segment = &data.segments[0];
        assert_eq!(segment.names, ["early", "late", "(missing)"]);
        assert_eq!(segment.codes.len(), rows);
        assert_eq!(segment.codes[1_048_599], 0);
        assert_eq!(segment.codes[1_048_600], 1);
        assert_eq!(segment.codes[1_048_601], 2);
    }
    assert_eq!(from_parquet.scores, from_csv.scores);
    assert_eq!(from_parquet.positive, from_csv.positive);
    assert_eq!(from_parquet.segments[0].codes, from_csv.segments[0].codes);
}
