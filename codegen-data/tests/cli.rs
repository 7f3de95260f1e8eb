//! The `tcapi-codes` binary: check, explain, list and its usage errors.

mod common;

use std::collections::BTreeSet;

use common::{data_dir, raw_table, raw_tables, run, texts, TempDir};

#[test]
fn check_passes_on_the_built_in_tables() {
    let output = run(&["check"]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    let tables = raw_tables();
    let codes: BTreeSet<String> = tables
        .iter()
        .flat_map(|(_, t)| {
            t["codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["code"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        stdout.trim(),
        format!(
            "ok: {} tables, {} distinct codes",
            tables.len(),
            codes.len()
        )
    );
}

/// A table file whose rows are given one per line, so row N is on line N + 3.
fn table(rows: &[&str]) -> String {
    format!(
        "{{\n  \"product\": \"bad\",\n  \"codes\": [\n    {}\n  ]\n}}\n",
        rows.join(",\n    ")
    )
}

#[test]
fn check_reports_each_kind_of_bad_table_with_file_line_and_code() {
    let dir = TempDir::new("check-bad");
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "duplicate-code.json",
            table(&[
                r#"{"code": "FailedOperation.A"}"#,
                r#"{"code": "FailedOperation.A"}"#,
            ]),
            ":5:",
            "duplicate code `FailedOperation.A`",
        ),
        (
            "invalid-syntax.json",
            table(&[r#"{"code": "Failed-Operation.A"}"#]),
            ":4:",
            "invalid code `Failed-Operation.A`",
        ),
        (
            "colliding-variants.json",
            table(&[
                r#"{"code": "InvalidParameter.Conflict"}"#,
                r#"{"code": "InvalidParameterConflict"}"#,
            ]),
            ":5:",
            "collides with code `InvalidParameter.Conflict`",
        ),
        (
            "unknown-category.json",
            table(&[r#"{"code": "FailedOperation.A", "category": "Nope", "reason": "r"}"#]),
            ":4:",
            "unknown category `Nope` for code `FailedOperation.A`",
        ),
        (
            "unknown-hint.json",
            table(&[r#"{"code": "FailedOperation.A", "retry": "Soon", "reason": "r"}"#]),
            ":4:",
            "unknown retry hint `Soon`",
        ),
        (
            "override-without-reason.json",
            table(&[r#"{"code": "FailedOperation.A", "retry": "Throttled"}"#]),
            ":4:",
            "code `FailedOperation.A` overrides its retry hint or category without a \"reason\"",
        ),
        (
            "malformed-json.json",
            table(&[
                r#"{"code": "FailedOperation.A"}"#,
                r#"{"code": "FailedOperation.B",}"#,
            ]),
            ":5:",
            "key must be a string",
        ),
        (
            "wrong-type.json",
            table(&[r#"{"code": "FailedOperation.A", "retry": 1}"#]),
            ":4:",
            "invalid type: integer `1`, expected a string (code `FailedOperation.A`)",
        ),
    ];
    for (name, text, at, message) in &cases {
        let path = dir.write(name, text);
        let output = run(&["check", path.to_str().unwrap()]);
        let (_, stderr) = texts(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {stderr}"));
        assert!(
            line.starts_with(&format!("{}{at}", path.display())),
            "{name}: {line}"
        );
        assert!(line.contains(message), "{name}: {line}");
    }

    let missing = dir.join("missing.json");
    let output = run(&["check", missing.to_str().unwrap()]);
    let (_, stderr) = texts(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains(&format!("{}: cannot read table", missing.display())),
        "{stderr}"
    );

    // Every problem of every file in one run.
    let paths: Vec<String> = cases
        .iter()
        .map(|(name, ..)| dir.join(name).display().to_string())
        .collect();
    let mut args = vec!["check"];
    args.extend(paths.iter().map(String::as_str));
    let (_, stderr) = texts(&run(&args));
    for (name, ..) in &cases {
        assert!(stderr.contains(name), "{name} missing from {stderr}");
    }
}

#[test]
fn explain_a_code_with_an_override() {
    let code = "AuthFailure.SignatureExpire";
    let output = run(&["explain", code]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.starts_with(code));

    let overrides: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data_dir().join("overrides.json")).unwrap())
            .unwrap();
    let group = overrides["overrides"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["codes"].as_array().unwrap().iter().any(|c| c == code))
        .unwrap();
    let hint = group["retry"].as_str().unwrap();
    assert_eq!(hint, "Resign");
    assert!(stdout.contains(&format!("retry hint   {hint}")), "{stdout}");
    assert!(
        stdout.contains(group["reason"].as_str().unwrap()),
        "{stdout}"
    );
    assert!(stdout.contains("category     AuthFailure"), "{stdout}");

    let common = raw_table("common.json");
    let row = common["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .unwrap();
    let en = stdout
        .find(row["description_en"].as_str().unwrap())
        .expect("english description");
    let zh = stdout
        .find(row["description_zh"].as_str().unwrap())
        .expect("chinese description");
    assert!(en < zh, "English first");

    let defined_by = stdout
        .lines()
        .find(|l| l.starts_with("defined by"))
        .unwrap();
    for (file, table) in raw_tables() {
        let defines = table["codes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == code);
        let name = match table["version"].as_str() {
            Some(v) => format!("{}@{v}", table["product"].as_str().unwrap()),
            None => "common".to_owned(),
        };
        assert_eq!(defined_by.contains(&name), defines, "{file}: {defined_by}");
    }

    let mut actions = 0;
    let mut products = BTreeSet::new();
    for line in std::fs::read_to_string(data_dir().join("sources/tencent-action-error-codes.jsonl"))
        .unwrap()
        .lines()
    {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        if row["codes"].as_array().unwrap().iter().any(|c| c == code) {
            actions += 1;
            products.insert(row["product"].as_str().unwrap().to_owned());
        }
    }
    assert!(actions > 0);
    let returned = stdout
        .lines()
        .find(|l| l.starts_with("returned by"))
        .unwrap();
    assert!(
        returned.contains(&format!("{actions} action")),
        "{returned}"
    );
    for product in products {
        assert!(
            stdout.contains(&format!("  {product}@")),
            "{product} missing: {stdout}"
        );
    }
}

#[test]
fn explain_with_a_product_puts_its_row_first_and_lists_only_its_actions() {
    let output = run(&["explain", "InvalidInstanceId.NotFound", "--product", "vpc"]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    let defined_by = stdout
        .lines()
        .find(|l| l.starts_with("defined by"))
        .unwrap();
    assert!(
        defined_by["defined by".len()..]
            .trim_start()
            .starts_with("vpc@"),
        "{defined_by}"
    );
    assert!(
        stdout.contains("legacy root `InvalidInstanceId`"),
        "{stdout}"
    );
    let action_lines: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("returned by"))
        .skip(1)
        .collect();
    assert!(
        action_lines
            .iter()
            .all(|l| l.trim_start().starts_with("vpc@")),
        "{stdout}"
    );

    let output = run(&["explain", "InternalError", "--product", "vcp"]);
    let (_, stderr) = texts(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("unknown product `vcp`"), "{stderr}");
}

#[test]
fn explain_an_unknown_code() {
    let output = run(&["explain", "AuthFailure.SignatureExpird"]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("not a known code"), "{stdout}");
    let categories: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data_dir().join("categories.json")).unwrap())
            .unwrap();
    let auth = categories["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "AuthFailure")
        .unwrap();
    assert!(
        stdout.contains("category     AuthFailure (from its first segment `AuthFailure`)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("retry hint   {}", auth["retry"].as_str().unwrap())),
        "{stdout}"
    );
    assert!(
        stdout.contains(auth["reason"].as_str().unwrap()),
        "{stdout}"
    );
    let suggestions: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("did you mean"))
        .map(|l| l[13..].trim())
        .collect();
    assert_eq!(
        suggestions.first(),
        Some(&"AuthFailure.SignatureExpire"),
        "{stdout}"
    );

    let output = run(&["explain", "Zzzz.Qqqq"]);
    let (stdout, _) = texts(&output);
    let catch_all = categories["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["catch_all"] == true)
        .unwrap();
    assert!(
        stdout.contains(&format!(
            "category     {}",
            catch_all["name"].as_str().unwrap()
        )),
        "{stdout}"
    );
}

#[test]
fn list_prints_every_code_of_a_table_aligned() {
    let output = run(&["list"]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    let common = raw_table("common.json");
    let rows = common["codes"].as_array().unwrap();
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), rows.len());
    // The column where the second field starts, after the code and its padding.
    let column = |line: &str| {
        line.find(' ')
            .map(|i| i + line[i..].find(|c: char| c != ' ').unwrap())
    };
    let category_column = column(lines[0]);
    for (line, row) in lines.iter().zip(rows) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields[0], row["code"].as_str().unwrap());
        assert_eq!(fields.len(), 3, "{line}");
        assert_eq!(column(line), category_column, "aligned: {line}");
        if let Some(retry) = row.get("retry") {
            assert_eq!(fields[2], retry.as_str().unwrap());
        }
    }
    let signature = lines
        .iter()
        .find(|l| l.starts_with("AuthFailure.SignatureExpire "))
        .unwrap();
    assert!(signature.ends_with(" Resign"));

    let output = run(&["list", "--product", "vpc", "--version", "2017-03-12"]);
    let (stdout, _) = texts(&output);
    let vpc = raw_table("vpc-2017-03-12.json");
    assert_eq!(
        stdout.lines().filter(|l| !l.starts_with('#')).count(),
        vpc["codes"].as_array().unwrap().len()
    );
    assert!(stdout.starts_with("# vpc@2017-03-12: "));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    for args in [
        &["explain", "X", "--bogus"][..],
        &["list", "--version", "2017-03-12"],
        &["frobnicate"],
        &["explain"],
        &[],
    ] {
        let output = run(args);
        let (_, stderr) = texts(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let (_, stderr) = texts(&run(&["explain", "X", "--bogus"]));
    assert!(stderr.contains("unknown option `--bogus`"), "{stderr}");
    let output = run(&["--help"]);
    assert!(output.status.success());
    let (stdout, _) = texts(&output);
    for command in [
        "explain",
        "list",
        "check",
        "import-corpus",
        "import-doc",
        "regenerate",
    ] {
        assert!(stdout.contains(command), "{command}");
    }
}

#[test]
fn import_doc_of_a_malformed_page_fails_without_touching_the_table() {
    let dir = TempDir::new("bad-doc");
    let page = dir.write(
        "page.txt",
        "Error Code Description\nInternalError Internal error.\nInternalError again\n",
    );
    let into = dir.join("common.json");
    let output = run(&[
        "import-doc",
        page.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    let (_, stderr) = texts(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains(&format!(
            "{}:3: duplicate code `InternalError`",
            page.display()
        )),
        "{stderr}"
    );
    assert!(!into.exists());
}

#[test]
fn explain_shows_the_variant_a_colliding_code_is_given() {
    let (code, variant) = raw_tables()
        .into_iter()
        .flat_map(|(_, t)| t["codes"].as_array().unwrap().clone())
        .find_map(|r| {
            Some((
                r["code"].as_str()?.to_owned(),
                r.get("variant")?.as_str()?.to_owned(),
            ))
        })
        .expect("the corpus has collisions");
    let (stdout, _) = texts(&run(&["explain", &code]));
    assert!(
        stdout.contains(&format!("\nvariant      {variant}\n")),
        "{stdout}"
    );
}
