//! Category defaults and curated overrides, as the tables and `resolve` apply them.

use std::path::Path;

use crate::common::{data_dir, raw_tables, TempDir};
use tcapi_codegen::Overrides;
use tcapi_codes::builtin;
use tcapi_codes::resolve::resolve_row;
use tcapi_codes::{Categories, Row, Table, RETRY_HINTS};

fn raw(path: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data_dir().join(path)).unwrap()).unwrap()
}

fn str_field<'a>(v: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(|x| x.as_str())
}

#[test]
fn every_override_appears_resolved_in_every_table_that_defines_its_code() {
    let categories = Categories::builtin().unwrap();
    let tables: Vec<Table> = builtin::all_tables().unwrap();
    let file = raw("overrides.json");
    let mut seen = 0;
    for group in file["overrides"].as_array().unwrap() {
        let reason = str_field(group, "reason").expect("every group has a reason");
        assert!(!reason.trim().is_empty());
        let retry = str_field(group, "retry");
        let category = str_field(group, "category");
        assert!(retry.is_some() || category.is_some());
        for code in group["codes"].as_array().unwrap() {
            let code = code.as_str().unwrap();
            let mut found = 0;
            for table in &tables {
                for row in table.rows.iter().filter(|r| r.code == code) {
                    found += 1;
                    assert_eq!(row.retry.as_deref(), retry, "{code} in {}", table.name());
                    assert_eq!(
                        row.category.as_deref(),
                        category,
                        "{code} in {}",
                        table.name()
                    );
                    assert_eq!(
                        row.reason.as_deref(),
                        Some(reason),
                        "{code} in {}",
                        table.name()
                    );
                    let resolved = resolve_row(table, row, &categories);
                    let category_def = categories
                        .get(category.unwrap_or(&categories.of_code(code).name))
                        .unwrap();
                    assert_eq!(
                        resolved.retry,
                        retry.unwrap_or(&category_def.retry),
                        "{code}"
                    );
                    assert_eq!(resolved.category_name, category_def.name, "{code}");
                    assert_eq!(resolved.reason, reason);
                    assert!(resolved.overridden);
                }
            }
            assert!(found > 0, "override of {code}, which no table defines");
            seen += 1;
        }
    }
    assert!(seen > 0);
}

#[test]
fn no_row_carries_an_override_that_overrides_json_does_not_list() {
    let file = raw("overrides.json");
    let listed: Vec<&str> = file["overrides"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| {
            g["codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
        })
        .collect();
    for (name, table) in raw_tables() {
        for row in table["codes"].as_array().unwrap() {
            let code = row["code"].as_str().unwrap();
            let has = row.get("retry").is_some()
                || row.get("category").is_some()
                || row.get("reason").is_some();
            assert_eq!(has, listed.contains(&code), "{code} in {name}");
        }
    }
}

#[test]
fn the_hints_the_issue_names_are_where_it_says() {
    let categories = Categories::builtin().unwrap();
    let common = builtin::common_table().unwrap();
    let hint = |code: &str| {
        let row = common.rows.iter().find(|r| r.code == code).unwrap();
        resolve_row(&common, row, &categories).retry
    };
    assert_eq!(hint("AuthFailure.SignatureExpire"), "Resign");
    assert_eq!(hint("AuthFailure.TokenFailure"), "RefreshCredentials");
    assert_eq!(hint("RequestLimitExceeded"), "Throttled");
    assert_eq!(hint("RequestLimitExceeded.UinLimitExceeded"), "Throttled");
    assert_eq!(hint("InternalError"), "Transient");
    assert_eq!(hint("ServiceUnavailable"), "Transient");
    assert_eq!(hint("LimitExceeded"), "Never", "a quota, not throttling");
    assert_eq!(hint("AuthFailure.SignatureFailure"), "Never");
}

#[test]
fn each_category_default_applies_to_a_sample_code_of_its_segment() {
    let categories = Categories::builtin().unwrap();
    let file = raw("categories.json");
    let table = |code: &str| Table {
        path: "sample.json".into(),
        product: "sample".into(),
        version: None,
        rows: vec![Row {
            code: code.into(),
            ..Row::default()
        }],
    };
    for def in file["categories"].as_array().unwrap() {
        let name = str_field(def, "name").unwrap();
        let catch_all = def
            .get("catch_all")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        // A catch-all is reached by a first segment that nothing lists.
        let code = if catch_all {
            "NoSuchSegmentAnywhere.Sample".to_owned()
        } else {
            format!("{name}.Sample")
        };
        let t = table(&code);
        let resolved = resolve_row(&t, &t.rows[0], &categories);
        assert_eq!(resolved.category_name, name, "{code}");
        assert_eq!(resolved.retry, str_field(def, "retry").unwrap(), "{code}");
        assert_eq!(resolved.reason, str_field(def, "reason").unwrap(), "{code}");
        assert!(RETRY_HINTS.contains(&resolved.retry.as_str()));
        assert!(!resolved.overridden);
    }
    for root in file["roots"].as_array().unwrap() {
        let code = format!("{}.Sample", str_field(root, "segment").unwrap());
        let t = table(&code);
        let resolved = resolve_row(&t, &t.rows[0], &categories);
        assert_eq!(
            resolved.category_name,
            str_field(root, "category").unwrap(),
            "{code}"
        );
    }
}

fn parse_overrides(text: &str) -> Result<Overrides, tcapi_codes::Diagnostics> {
    Overrides::parse(
        Path::new("overrides.json"),
        text,
        &Categories::builtin().unwrap(),
    )
}

#[test]
fn bad_overrides_are_reported_with_their_line() {
    let cases = [
        (
            r#"{"retry": "Throttled", "codes": ["FailedOperation.TooFrequent"]}"#,
            "without a \"reason\"",
        ),
        (
            r#"{"retry": "Soon", "reason": "r", "codes": ["FailedOperation.TooFrequent"]}"#,
            "unknown retry hint `Soon`",
        ),
        (
            r#"{"category": "Nope", "reason": "r", "codes": ["FailedOperation.TooFrequent"]}"#,
            "unknown category `Nope`",
        ),
        (
            r#"{"reason": "r", "codes": ["FailedOperation.TooFrequent"]}"#,
            "neither \"retry\" nor \"category\"",
        ),
        (
            r#"{"retry": "Throttled", "reason": "r", "codes": ["Bad Code"]}"#,
            "invalid code `Bad Code`",
        ),
        (
            r#"{"retry": "Transient", "reason": "r", "codes": ["InternalError.Foo"]}"#,
            "already gives",
        ),
        (
            r#"{"retry": "Throttled", "reason": "r", "codes": ["A.B", "A.B"]}"#,
            "overridden twice",
        ),
        (
            r#"{"retry": "Throttled", "reason": "r", "codes": ["A.B"], "extra": 1}"#,
            "unknown field `extra`",
        ),
    ];
    for (group, expected) in cases {
        let text = format!("{{\"overrides\": [\n  {group}\n]}}\n");
        let err = parse_overrides(&text).unwrap_err();
        assert!(
            err.0
                .iter()
                .any(|d| d.message.contains(expected) && d.line == 2),
            "{group}: {err}"
        );
    }
    assert!(parse_overrides("{\"overrides\": [").is_err());
}

#[test]
fn the_built_in_overrides_file_is_valid() {
    let dir = TempDir::new("overrides-copy");
    let copy = dir.write(
        "overrides.json",
        &std::fs::read_to_string(data_dir().join("overrides.json")).unwrap(),
    );
    let overrides = Overrides::load(&copy, &Categories::builtin().unwrap()).unwrap();
    assert!(!overrides.is_empty());
}

#[test]
fn every_loader_reports_a_position_once_in_the_same_form() {
    let bad = "{\"categories\": [\n  {\"name\": \"A\",}\n]}\n";
    let categories = Categories::parse(Path::new("categories.json"), bad).unwrap_err();
    let overrides = parse_overrides("{\"overrides\": [\n  {\"retry\": 1}\n]}\n").unwrap_err();
    let table = Table::parse(Path::new("t.json"), "{\"product\": \"p\",").unwrap_err();
    for report in [categories, overrides, table] {
        let shown = report.to_string();
        assert!(!shown.contains(" at line "), "{shown}");
        let d = &report.0[0];
        assert!(d.line > 0 && d.column > 0, "{shown}");
        assert!(shown.starts_with(&format!("{}:{}:{}: ", d.file.display(), d.line, d.column)));
    }
    let unknown = "{\"categories\": [\n  {\"name\": \"A\", \"retry\": \"Soon\", \"doc\": \"d\", \"reason\": \"r\", \"catch_all\": true}\n]}\n";
    let report = Categories::parse(Path::new("categories.json"), unknown).unwrap_err();
    assert!(
        report
            .to_string()
            .starts_with("categories.json:2:3: unknown retry hint `Soon`"),
        "{report}"
    );
}
