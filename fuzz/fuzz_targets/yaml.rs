//! Fuzz target: any text as a business-context YAML gives a context or an error.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = tradeoff::input::context::parse_context(&text, std::path::Path::new("fuzz.yaml"));
});
