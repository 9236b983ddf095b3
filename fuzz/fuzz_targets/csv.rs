//! Fuzz target: any bytes as a .csv evaluation file load or fail cleanly.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| common::load("csv", bytes));
