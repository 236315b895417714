//! JSON Schemas of `align.toml` and of the strategy files, generated from the types
//! that read them, so that editors (taplo, Even Better TOML) complete keys and flag
//! mistakes as they are typed. Draft-07: the newest draft taplo understands.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::model::StrategyFile;
use crate::settings::Settings;

/// The file names `align schema --out` and `align init` write.
pub const SETTINGS_SCHEMA: &str = "align.schema.json";
pub const STRATEGY_SCHEMA: &str = "strategy.schema.json";

/// The schema of `align.toml`, as pretty JSON with a final newline.
pub fn settings() -> String {
    generate::<Settings>("align.toml")
}

/// The schema of every other `*.toml` file of a tree, as pretty JSON.
pub fn strategy() -> String {
    generate::<StrategyFile>("align strategy file")
}

/// Both schemas with their file names, in the order `--out` writes them.
pub fn all() -> [(&'static str, String); 2] {
    [(SETTINGS_SCHEMA, settings()), (STRATEGY_SCHEMA, strategy())]
}

fn generate<T: JsonSchema>(title: &str) -> String {
    let mut schema = SchemaSettings::draft07()
        .with_transform(RecursiveTransform(for_toml))
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Fits a schema to TOML: TOML has no null, so an optional key is one that may be left
/// out, not one that may be null; and Rust's number formats (`double`, `int64`) are not
/// JSON Schema formats, which validators would only ignore.
fn for_toml(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            object.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(any)) = object.get_mut("anyOf") {
        any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
        if any.len() == 1 {
            let only = any.remove(0);
            object.remove("anyOf");
            object.insert("allOf".into(), Value::Array(vec![only]));
        }
    }
    let rust_format = |f: &Value| {
        f.as_str().is_some_and(|f| {
            f.starts_with("int") || f.starts_with("uint") || f == "double" || f == "float"
        })
    };
    if object.get("format").is_some_and(rust_format) {
        object.remove("format");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_draft_07_and_closed() {
        for (name, text) in all() {
            let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(
                schema["$schema"], "http://json-schema.org/draft-07/schema#",
                "{name}"
            );
            assert_eq!(schema["additionalProperties"], false, "{name}");
        }
        let strategy: serde_json::Value = serde_json::from_str(&strategy()).expect("JSON");
        let cycle = &strategy["definitions"]["Cycle"]["properties"];
        assert_eq!(cycle["start"]["format"], "date");
        let settings: serde_json::Value = serde_json::from_str(&settings()).expect("JSON");
        let rules = &settings["properties"]["rules"]["properties"];
        assert!(rules.get("line-of-sight").is_some());
        // Load errors cannot be lowered: the schema does not offer them.
        assert!(rules.get("toml-syntax").is_none());
    }
}
