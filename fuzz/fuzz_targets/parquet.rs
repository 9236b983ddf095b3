//! Fuzz target: any bytes as a .parquet evaluation file load or fail cleanly.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| common::load("parquet", bytes));
