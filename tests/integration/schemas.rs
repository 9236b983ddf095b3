//! The output contracts (issue 21): the committed JSON Schemas under
//! `docs/schemas/` are what the types generate today; every sample's JSON validates
//! against its schema and equals its golden copy by value; every sample context
//! validates against the context's schema, and a context with an unknown key does
//! not. `TRADEOFF_BLESS=1` rewrites the schemas and the golden copies.

use std::path::Path;

use serde_json::Value;

use crate::{repo, tradeoff};

fn bless() -> bool {
    std::env::var_os("TRADEOFF_BLESS").is_some()
}

fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

fn schema(name: &str) -> Value {
    let path = repo(&format!("docs/schemas/{name}.schema.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn validate(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    serde_json::to_value(yaml).unwrap()
}

#[test]
fn committed_schemas_are_what_the_types_generate() {
    for (name, schema) in tradeoff::present::export::schemas::schemas() {
        let path = repo(&format!("docs/schemas/{name}.schema.json"));
        let generated = pretty(&schema);
        if bless() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `TRADEOFF_BLESS=1 cargo test schemas` and commit it",
            path.display()
        );
    }
}

/// The parts of a JSON output that depend on the machine or the checkout, not
/// the inputs: the tool's version and the context's git state.
fn masked(mut json: Value) -> Value {
    if let Some(provenance) = json.get_mut("provenance") {
        provenance["tool"]["version"] = Value::from("VERSION");
        provenance["context_git"] = Value::Null;
    }
    json
}

/// Equal as values, numbers within 1e-9 (relative).
fn assert_same(a: &Value, b: &Value, path: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
                "{path}: {x} against {y}"
            );
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys = |o: &serde_json::Map<String, Value>| o.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(x), keys(y), "{path}: keys");
            for (k, v) in x {
                assert_same(v, &y[k], &format!("{path}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: length");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                assert_same(v, w, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

fn check_sample(command: &str, context: &str, golden: &str, schema_name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    tradeoff()
        .arg(command)
        // Relative, as a user types it: the provenance's paths are the same on
        // every checkout.
        .arg(context)
        .arg("-o")
        .arg(dir.path().join("out.html"))
        .arg("--json")
        .arg(&json)
        .current_dir(repo(""))
        .assert()
        .success();
    let produced: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let errors = validate(&schema(schema_name), &produced);
    assert!(errors.is_empty(), "{context}: {errors:#?}");
    let produced = masked(produced);
    let path = repo(&format!("tests/golden/{golden}"));
    if bless() {
        std::fs::write(&path, pretty(&produced)).unwrap();
        return;
    }
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_same(&produced, &expected, golden);
}

#[test]
fn fraud_report_json_validates_and_equals_its_golden_copy() {
    check_sample(
        "report",
        "samples/fraud/context.yaml",
        "fraud.json",
        "report",
    );
}

#[test]
fn release_json_validates_and_equals_its_golden_copy() {
    check_sample(
        "report",
        "samples/fraud-release/context.yaml",
        "fraud-release.json",
        "report",
    );
}

#[test]
fn monitor_json_validates_and_equals_its_golden_copy() {
    check_sample(
        "monitor",
        "samples/fraud-monitoring/fraud.yaml",
        "fraud-monitoring.json",
        "monitor",
    );
}

#[test]
fn every_sample_context_validates_and_an_unknown_key_does_not() {
    let schema = schema("context");
    let mut contexts = vec![
        repo("samples/fraud/context.yaml"),
        repo("samples/fraud-release/context.yaml"),
        repo("samples/fraud-monitoring/fraud.yaml"),
    ];
    for entry in std::fs::read_dir(repo("tests/data/contexts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            contexts.push(path);
        }
    }
    for path in &contexts {
        let errors = validate(&schema, &yaml_as_json(path));
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
    let mut context = yaml_as_json(&repo("samples/fraud/context.yaml"));
    context["business"]["volume_per_dya"] = Value::from(1000);
    assert!(!validate(&schema, &context).is_empty());
    let mut context = yaml_as_json(&repo("samples/fraud/context.yaml"));
    context["tresholds"] = Value::from(1);
    assert!(!validate(&schema, &context).is_empty());
}
