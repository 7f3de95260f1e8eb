//! The `tcapi-codegen` binary: check, explain, list and its usage errors.

use std::collections::BTreeSet;

use crate::common::{data_dir, raw_table, raw_tables, run, texts, TempDir};

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
        .map(|l| l[13..].split_whitespace().next().unwrap_or_default())
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

/// The text after `label` on the line of `stdout` that starts with it.
fn field<'a>(stdout: &'a str, label: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.starts_with(label))
        .map(|l| l[label.len()..].trim())
        .unwrap_or_else(|| panic!("no `{label}` line in {stdout}"))
}

/// The suggested codes, best first, as the `did you mean` lines name them.
fn suggestions(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("did you mean"))
        .take_while(|l| l.starts_with("did you mean") || l.starts_with(' '))
        .map(|l| l[13..].trim().to_owned())
        .collect()
}

/// Whether a committed table (as raw JSON) has a row for `code`.
fn table_defines(table: &serde_json::Value, code: &str) -> bool {
    table["codes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == code)
}

/// Every product whose committed tables define `code` (`common` for the common table).
fn products_defining(code: &str) -> BTreeSet<String> {
    raw_tables()
        .into_iter()
        .filter(|(_, t)| table_defines(t, code))
        .map(|(_, t)| t["product"].as_str().unwrap().to_owned())
        .collect()
}

/// A category of categories.json.
fn category(name: &str) -> serde_json::Value {
    let categories: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data_dir().join("categories.json")).unwrap())
            .unwrap();
    categories["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
        .clone()
}

#[test]
fn explain_suggests_nothing_rather_than_unrelated_codes() {
    let output = run(&["explain", "ResourceNotFound.Whatever"]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        suggestions(&stdout),
        ["no known code is close"],
        "Listener, Layer... share nothing with Whatever: {stdout}"
    );
}

#[test]
fn explain_with_a_product_suggests_that_products_codes_first_and_names_their_source() {
    // The nearest codes of all products are not cvm's; asked for cvm, cvm's come first.
    let anywhere = suggestions(&texts(&run(&["explain", "ResourceNotFound.Instanc"])).0);
    assert!(!anywhere.is_empty());
    assert!(anywhere.iter().all(|s| !s.contains("cvm")), "{anywhere:#?}");
    for code in ["ResourceNotFound.Instanc", "ResourceNotFound.Whatever"] {
        let output = run(&["explain", code, "--product", "cvm"]);
        let (stdout, stderr) = texts(&output);
        assert!(output.status.success(), "{stderr}");
        let suggested = suggestions(&stdout);
        assert!(
            suggested.iter().any(|s| s.ends_with("(cvm)")),
            "{code}: {stdout}"
        );
        for line in &suggested {
            let (known, source) = line.split_once(' ').unwrap();
            let defining = products_defining(known);
            assert!(
                defining.contains("cvm") || defining.contains("common"),
                "{code}: {known} is neither cvm's nor common: {stdout}"
            );
            assert!(known.starts_with("ResourceNotFound"), "{code}: {stdout}");
            let expected = if defining.contains("common") {
                "(common)"
            } else {
                "(cvm"
            };
            assert!(source.starts_with(expected), "{code}: {line}");
        }
    }

    // A typo of a cvm code: that code first, with every product that defines it.
    let (stdout, _) = texts(&run(&[
        "explain",
        "ResourceNotFound.KeyPairNotFnd",
        "--product",
        "cvm",
    ]));
    let defining: Vec<String> = products_defining("ResourceNotFound.KeyPairNotFound")
        .into_iter()
        .collect();
    assert!(defining.contains(&"cvm".to_owned()));
    let first = suggestions(&stdout).remove(0);
    assert!(
        first.starts_with("ResourceNotFound.KeyPairNotFound (cvm"),
        "{stdout}"
    );
    for product in &defining {
        assert!(first.contains(product.as_str()), "{product}: {first}");
    }

    // A misspelt first segment is still found; sharing it is not required.
    let (stdout, _) = texts(&run(&["explain", "ResourceNotFond.KeyPairNotFound"]));
    assert!(
        suggestions(&stdout)[0].starts_with("ResourceNotFound.KeyPairNotFound "),
        "{stdout}"
    );
}

#[test]
fn explain_compacts_the_tables_of_a_code_most_products_define() {
    let code = "RequestLimitExceeded";
    let versions = raw_tables()
        .iter()
        .filter(|(_, t)| t["version"].is_string())
        .filter(|(_, t)| table_defines(t, code))
        .count();
    let products = products_defining(code);
    assert!(products.contains("common") && versions > 20);

    let (stdout, _) = texts(&run(&["explain", code]));
    let defined_by = field(&stdout, "defined by");
    assert!(
        defined_by.starts_with(&format!(
            "common and {versions} product versions of {} products: ",
            products.len() - 1
        )),
        "{defined_by}"
    );
    assert!(defined_by.len() < 200, "{defined_by}");
    assert!(defined_by.contains(" more"), "{defined_by}");
    assert!(!defined_by.contains("wsa"), "{defined_by}");

    // The asked product is always shown, with its versions, even past the cap.
    let (stdout, _) = texts(&run(&["explain", code, "--product", "wsa"]));
    let defined_by = field(&stdout, "defined by");
    assert!(defined_by.contains(": wsa@"), "{defined_by}");
}

#[test]
fn explain_gives_a_next_step_for_every_code() {
    // A cvm code without a fix: what its category calls for, in the category's words.
    let cvm = raw_table("cvm-2017-03-12.json");
    let row = cvm["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["code"].as_str().unwrap().starts_with("InvalidParameter.")
                && r.get("solution_zh").is_none()
                && r.get("retry").is_none()
                && r.get("category").is_none()
        })
        .unwrap();
    let code = row["code"].as_str().unwrap();
    let (stdout, _) = texts(&run(&["explain", code, "--product", "cvm"]));
    let next = field(&stdout, "next step");
    assert!(next.starts_with("correct the request"), "{stdout}");
    assert!(
        next.contains(category("InvalidParameter")["doc"].as_str().unwrap()),
        "{stdout}"
    );

    // A code with a fix: the fix.
    let row = cvm["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.get("solution_zh").is_some())
        .unwrap();
    let (stdout, _) = texts(&run(&[
        "explain",
        row["code"].as_str().unwrap(),
        "--product",
        "cvm",
    ]));
    let fix = row["solution_zh"].as_str().unwrap().lines().next().unwrap();
    assert!(
        field(&stdout, "next step").starts_with(fix.trim_end()),
        "{stdout}"
    );

    // An unknown code of a category: the category's next step too.
    let (stdout, _) = texts(&run(&["explain", "ResourceNotFound.Whatever"]));
    let next = field(&stdout, "next step");
    assert!(next.contains("resource ID"), "{stdout}");
    assert!(
        next.contains(category("ResourceNotFound")["doc"].as_str().unwrap()),
        "{stdout}"
    );

    // A retryable code: what its hint says to do.
    let (stdout, _) = texts(&run(&[
        "explain",
        "RequestLimitExceeded",
        "--product",
        "vpc",
    ]));
    assert!(
        field(&stdout, "next step").starts_with("retry after a backoff"),
        "{stdout}"
    );
}

#[test]
fn explain_refuses_input_that_is_not_a_code_with_exit_2() {
    for input in ["not a code!!", "1Abc", "Resource..NotFound", ""] {
        let output = run(&["explain", input]);
        let (stdout, stderr) = texts(&output);
        assert_eq!(output.status.code(), Some(2), "{input:?}: {stdout}{stderr}");
        assert!(stdout.is_empty(), "{input:?}: {stdout}");
        let first = stderr.lines().next().unwrap();
        assert!(first.starts_with("error: "), "{input:?}: {stderr}");
        assert!(first.contains("code"), "{input:?}: {stderr}");
        assert!(
            stderr.contains("a code is") && stderr.contains("`ResourceNotFound.InstanceNotFound`"),
            "{input:?}: {stderr}"
        );
    }
    // A well-formed unknown code is explained.
    let output = run(&["explain", "Zzzz.Qqqq"]);
    assert_eq!(output.status.code(), Some(0));
}
