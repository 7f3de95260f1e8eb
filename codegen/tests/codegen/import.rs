//! The importer: the committed tables are exactly what it makes from `sources/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common;
use crate::common::{
    assert_same_files, data_dir, file_names, raw_table, raw_tables, run, texts, TempDir,
};
use tcapi_codegen::import::{self, corpus, doc, Sources};
use tcapi_codegen::Overrides;
use tcapi_codes::{ident, Categories, Table};

#[test]
fn regenerate_reproduces_the_committed_tables_byte_for_byte() {
    let out = TempDir::new("regenerate");
    let report = import::regenerate(&Sources::builtin().unwrap(), out.path()).unwrap();
    assert_eq!(
        report.changes.len(),
        report.tables,
        "every table is new in an empty directory"
    );
    assert_same_files(&data_dir().join("tables"), out.path());

    // Idempotent: a second run changes nothing.
    let again = import::regenerate(&Sources::builtin().unwrap(), out.path()).unwrap();
    assert!(again.is_unchanged(), "second run changed: {again}");
}

#[test]
fn cli_import_corpus_then_import_doc_of_each_seed_reproduces_the_committed_tables() {
    let out = TempDir::new("cli-import");
    let corpus = data_dir().join("sources/tencent-error-codes.jsonl");
    let output = run(&[
        "import-corpus",
        corpus.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{:?}", texts(&output));
    let common = out.join("common.json");
    let seeds = data_dir().join("sources/seeds");
    for seed in file_names(&seeds) {
        let seed = seeds.join(seed);
        let output = run(&[
            "import-doc",
            seed.to_str().unwrap(),
            "--into",
            common.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{:?}", texts(&output));
    }
    assert_same_files(&data_dir().join("tables"), out.path());

    let output = run(&[
        "import-corpus",
        corpus.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let (stdout, _) = texts(&output);
    assert!(
        stdout.contains("(0 changed"),
        "a second import reports no change: {stdout}"
    );
}

#[test]
fn one_table_per_product_version_named_by_date() {
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for row in common::corpus() {
        let product = row["product"].as_str().unwrap();
        match row["version"].as_str() {
            None => assert_eq!(product, "common"),
            Some(v) => {
                let d = v.strip_prefix('v').unwrap();
                expected.insert(format!(
                    "{product}-{}-{}-{}.json",
                    &d[..4],
                    &d[4..6],
                    &d[6..]
                ));
            }
        }
    }
    expected.insert("common.json".into());
    let got: BTreeSet<String> = file_names(&data_dir().join("tables")).into_iter().collect();
    assert_eq!(got, expected);
}

#[test]
fn every_corpus_row_is_in_its_table_with_its_texts_and_rows_are_sorted() {
    let tables: BTreeMap<String, serde_json::Value> = raw_tables().into_iter().collect();
    let mut rows_per_table: BTreeMap<String, usize> = BTreeMap::new();
    for row in common::corpus() {
        let file = match row["version"].as_str() {
            None => "common.json".to_owned(),
            Some(v) => {
                let d = &v[1..];
                format!(
                    "{}-{}-{}-{}.json",
                    row["product"].as_str().unwrap(),
                    &d[..4],
                    &d[4..6],
                    &d[6..]
                )
            }
        };
        *rows_per_table.entry(file.clone()).or_default() += 1;
        let code = row["code"].as_str().unwrap();
        let table_rows = tables[&file]["codes"].as_array().unwrap();
        let got = table_rows
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing from {file}"));
        for field in ["description_en", "description_zh", "solution_zh"] {
            let want = row[field].as_str().filter(|s| !s.trim().is_empty());
            assert_eq!(
                got.get(field).and_then(|v| v.as_str()),
                want,
                "{file} {code} {field}"
            );
        }
    }
    for (file, table) in &tables {
        let codes: Vec<&str> = table["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap())
            .collect();
        let mut sorted = codes.clone();
        sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        assert_eq!(codes, sorted, "{file} is sorted by code bytes");
        if file != "common.json" {
            assert_eq!(
                codes.len(),
                rows_per_table[file],
                "{file} holds exactly its corpus rows"
            );
        }
    }
}

#[test]
fn common_table_is_the_corpus_common_rows_merged_with_the_26_seed_codes() {
    let seeds = data_dir().join("sources/seeds");
    let mut seed_codes = BTreeSet::new();
    for name in file_names(&seeds) {
        let rows = doc::read(&seeds.join(&name)).unwrap();
        assert_eq!(rows.len(), 26, "{name}");
        seed_codes.extend(rows.into_iter().map(|r| r.code));
    }
    assert_eq!(seed_codes.len(), 26);
    let corpus_codes: BTreeSet<String> = common::corpus()
        .into_iter()
        .filter(|r| r["product"] == "common")
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(corpus_codes.len(), 38);

    let table = raw_table("common.json");
    assert_eq!(table["product"], "common");
    assert!(table.get("version").is_none());
    let codes: BTreeSet<String> = table["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect();
    let expected: BTreeSet<String> = corpus_codes.union(&seed_codes).cloned().collect();
    assert_eq!(codes, expected);
    assert!(table["codes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r.get("description_en").is_some()));
}

#[test]
fn variants_resolve_every_collision_the_same_way_in_every_table() {
    let tables: Vec<(String, serde_json::Value)> = raw_tables();
    let mut variant_of: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (file, table) in &tables {
        for row in table["codes"].as_array().unwrap() {
            let code = row["code"].as_str().unwrap().to_owned();
            let variant = row.get("variant").map(|v| v.as_str().unwrap().to_owned());
            let previous = variant_of.insert(code.clone(), variant.clone());
            if let Some(previous) = previous {
                assert_eq!(previous, variant, "{code} has another variant in {file}");
            }
        }
    }
    let mut by_automatic: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for code in variant_of.keys() {
        by_automatic
            .entry(ident::automatic(code))
            .or_default()
            .push(code);
    }
    let mut names = BTreeSet::new();
    for (code, variant) in &variant_of {
        let colliding = by_automatic[&ident::automatic(code)].len() > 1;
        if variant.is_some() {
            assert!(colliding, "{code} has a variant but collides with nothing");
        }
        let name = variant.clone().unwrap_or_else(|| ident::automatic(code));
        assert!(ident::is_identifier(&name), "{name}");
        assert!(
            names.insert(name.clone()),
            "variant {name} is used by two codes"
        );
    }
    // The known collisions of the corpus are resolved (see ../shared/data/README.md).
    for code in [
        "InternalError.",
        "InvalidParameter.Conflict",
        "InternalError.DBError",
    ] {
        assert!(variant_of.contains_key(code));
    }
    assert!(by_automatic.values().any(|g| g.len() > 1));
}

#[test]
fn resolve_variants_is_deterministic_and_avoids_every_automatic_name() {
    let codes = [
        "InternalError.DBError",
        "InternalError.DbError",
        "InternalErrorDbError",
        "InternalError.",
        "InternalError",
    ];
    let forward = corpus::resolve_variants(codes.iter().copied());
    let backward = corpus::resolve_variants(codes.iter().rev().copied());
    assert_eq!(forward, backward);
    let automatic: BTreeSet<String> = codes.iter().map(|c| ident::automatic(c)).collect();
    for name in forward.values() {
        assert!(
            !automatic.contains(name),
            "{name} is some code's automatic name"
        );
    }
    let mut all: Vec<String> = codes
        .iter()
        .map(|c| {
            forward
                .get(*c)
                .cloned()
                .unwrap_or_else(|| ident::automatic(c))
        })
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(
        all.len(),
        codes.len(),
        "every code gets its own name: {forward:?}"
    );
}

fn small_corpus(lines: &[(&str, Option<&str>, &str, &str)]) -> String {
    lines
        .iter()
        .map(|(product, version, code, zh)| {
            serde_json::json!({"product": product, "version": version, "code": code, "description_zh": zh, "description_en": null, "solution_zh": ""}).to_string() + "\n"
        })
        .collect()
}

#[test]
fn import_corpus_reports_added_changed_and_removed_and_deletes_stale_tables() {
    let dir = TempDir::new("report");
    let out = dir.join("tables");
    let categories = Categories::builtin().unwrap();
    let overrides = Overrides::empty();
    let first = dir.write(
        "first.jsonl",
        &small_corpus(&[
            ("common", None, "InternalError", "内部错误"),
            ("foo", Some("v20200101"), "FailedOperation.A", "a"),
            ("foo", Some("v20200101"), "FailedOperation.B", "b"),
            ("gone", Some("v20190101"), "FailedOperation.C", "c"),
        ]),
    );
    let report = import::import_corpus(&first, &out, &categories, &overrides).unwrap();
    assert_eq!(report.tables, 3);
    assert!(report.changes.iter().all(|c| c.created));
    assert_eq!(
        file_names(&out),
        ["common.json", "foo-2020-01-01.json", "gone-2019-01-01.json"]
    );

    let second = dir.write(
        "second.jsonl",
        &small_corpus(&[
            ("common", None, "InternalError", "内部错误"),
            ("foo", Some("v20200101"), "FailedOperation.A", "a, reworded"),
            ("foo", Some("v20200101"), "FailedOperation.D", "d"),
        ]),
    );
    let report = import::import_corpus(&second, &out, &categories, &overrides).unwrap();
    assert_eq!(file_names(&out), ["common.json", "foo-2020-01-01.json"]);
    let foo = report
        .changes
        .iter()
        .find(|c| c.file == "foo-2020-01-01.json")
        .unwrap();
    assert_eq!(
        (
            foo.added.as_slice(),
            foo.changed.as_slice(),
            foo.removed.as_slice()
        ),
        (
            &["FailedOperation.D".to_owned()][..],
            &["FailedOperation.A".to_owned()][..],
            &["FailedOperation.B".to_owned()][..]
        )
    );
    let gone = report
        .changes
        .iter()
        .find(|c| c.file == "gone-2019-01-01.json")
        .unwrap();
    assert!(gone.deleted);
    assert_eq!(gone.removed, ["FailedOperation.C"]);
    assert!(
        !report.changes.iter().any(|c| c.file == "common.json"),
        "an unchanged table is not reported"
    );
    let text = report.to_string();
    assert!(
        text.contains("foo-2020-01-01.json: updated, +1 added, ~1 changed, -1 removed"),
        "{text}"
    );
    assert!(
        text.contains("gone-2019-01-01.json: removed table"),
        "{text}"
    );

    let again = import::import_corpus(&second, &out, &categories, &overrides).unwrap();
    assert!(again.is_unchanged());
}

#[test]
fn import_corpus_rejects_bad_rows_with_their_line() {
    let dir = TempDir::new("bad-corpus");
    let mut text = small_corpus(&[
        ("foo", Some("v20200101"), "FailedOperation.A", "a"),
        ("foo", Some("v20200101"), "FailedOperation.A", "again"),
        ("foo", Some("2020-01-01"), "FailedOperation.B", "b"),
        ("foo", Some("v20200101"), "Failed Operation", "c"),
    ]);
    text.push_str("{not json\n");
    let path = dir.write("bad.jsonl", &text);
    let err = corpus::read(&path).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(err.0[0].line, 5);

    let rows = corpus::parse(
        &path,
        text.lines().take(4).collect::<Vec<_>>().join("\n").as_str(),
    )
    .unwrap();
    let err = corpus::build(&path, &rows, &Overrides::empty(), dir.path()).unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.contains(":2: duplicate code `FailedOperation.A`"),
        "{shown}"
    );
    assert!(
        shown.contains(":3: malformed version `2020-01-01`"),
        "{shown}"
    );
    assert!(
        shown.contains(":4: invalid code `Failed Operation`"),
        "{shown}"
    );
}

#[test]
fn an_override_of_a_code_no_table_defines_is_an_error() {
    let dir = TempDir::new("stale-override");
    let categories = Categories::builtin().unwrap();
    let overrides_path = dir.write(
        "overrides.json",
        "{\"overrides\": [\n  {\"retry\": \"Throttled\", \"reason\": \"r\", \"codes\": [\n    \"FailedOperation.Gone\"]}\n]}\n",
    );
    let overrides = Overrides::load(&overrides_path, &categories).unwrap();
    let rows = corpus::parse(
        Path::new("c.jsonl"),
        &small_corpus(&[("foo", Some("v20200101"), "FailedOperation.A", "a")]),
    )
    .unwrap();
    let err = corpus::build(Path::new("c.jsonl"), &rows, &overrides, dir.path()).unwrap_err();
    assert_eq!(err.0[0].line, 3);
    assert!(
        err.0[0]
            .message
            .contains("`FailedOperation.Gone`, which no table defines"),
        "{err}"
    );
}

#[test]
fn import_doc_parses_the_seed_table() {
    let seed = data_dir()
        .join("sources/seeds")
        .join(&file_names(&data_dir().join("sources/seeds"))[0]);
    let text = std::fs::read_to_string(&seed).unwrap();
    let rows = doc::parse(&seed, &text).unwrap();
    let header = text.lines().position(|l| l == doc::HEADER).unwrap() + 1;
    assert_eq!(rows[0].line, header + 1);
    for (i, row) in rows.iter().enumerate() {
        let line = text.lines().nth(row.line - 1).unwrap();
        assert_eq!(line, format!("{} {}", row.code, row.description));
        assert_eq!(row.line, header + 1 + i, "rows are consecutive lines");
    }
    let after = text.lines().nth(rows.last().unwrap().line).unwrap();
    assert!(
        after.trim().is_empty(),
        "the table ends at the first line that is not a row"
    );
}

#[test]
fn malformed_docs_are_typed_errors() {
    let p = Path::new("page.txt");
    assert_eq!(
        doc::parse(p, "Responses\nnothing here\n"),
        Err(doc::DocError::MissingHeader { file: p.into() })
    );
    assert_eq!(
        doc::parse(p, "intro\nError Code Description\n\nmore\n"),
        Err(doc::DocError::NoRows {
            file: p.into(),
            line: 2
        })
    );
    assert_eq!(
        doc::parse(
            p,
            "Error Code Description\nInternalError Internal error.\nFailedOperation\n"
        ),
        Err(doc::DocError::MissingDescription {
            file: p.into(),
            line: 3,
            code: "FailedOperation".into()
        })
    );
    let dup = doc::parse(
        p,
        "Error Code Description\nInternalError a\nLimitExceeded b\nInternalError c\n",
    )
    .unwrap_err();
    assert_eq!(
        dup,
        doc::DocError::DuplicateCode {
            file: p.into(),
            line: 4,
            first_line: 2,
            code: "InternalError".into()
        }
    );
    assert_eq!(
        dup.to_string(),
        "page.txt:4: duplicate code `InternalError` (lines 2 and 4)"
    );
    let missing = doc::read(Path::new("/nonexistent/page.txt")).unwrap_err();
    assert!(matches!(missing, doc::DocError::Io { .. }));
}

#[test]
fn doc_merge_adds_missing_codes_fills_missing_english_and_keeps_existing_text() {
    let categories = Categories::builtin().unwrap();
    let overrides = Overrides::builtin(&categories).unwrap();
    let mut table = Table {
        path: "t.json".into(),
        product: "common".into(),
        version: None,
        rows: Vec::new(),
    };
    let row = |code: &str, en: Option<&str>| tcapi_codes::Row {
        code: code.into(),
        description_en: en.map(Into::into),
        description_zh: Some("中文".into()),
        ..Default::default()
    };
    table.rows = vec![
        row("InternalError", None),
        row("LimitExceeded", Some("Corpus text.")),
    ];
    let doc_rows = doc::parse(
        Path::new("d.txt"),
        "Error Code Description\nAuthFailure.SignatureExpire Signature expired.\nInternalError Internal error.\nLimitExceeded Quota limit exceeded.\n",
    )
    .unwrap();
    let merged = doc::merge(&mut table, &doc_rows, &overrides);
    assert_eq!(merged.added, ["AuthFailure.SignatureExpire"]);
    assert_eq!(merged.filled, ["InternalError"]);
    assert_eq!(merged.kept, ["LimitExceeded"]);
    let codes: Vec<&str> = table.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "AuthFailure.SignatureExpire",
            "InternalError",
            "LimitExceeded"
        ]
    );
    assert_eq!(
        table.rows[0].retry,
        overrides.get("AuthFailure.SignatureExpire").unwrap().retry,
        "added rows get their override"
    );
    assert_eq!(
        table.rows[1].description_en.as_deref(),
        Some("Internal error.")
    );
    assert_eq!(
        table.rows[2].description_en.as_deref(),
        Some("Corpus text."),
        "the table's text wins"
    );
}

#[test]
fn import_doc_creates_a_table_named_after_its_file() {
    let dir = TempDir::new("doc-new");
    let categories = Categories::builtin().unwrap();
    let doc_path = dir.write("page.txt", "Error Code Description\nInternalError Internal error.\nFailedOperation Operation failed.\n");
    let into = dir.join("foo-2021-02-03.json");
    let (report, merged) =
        import::import_doc(&doc_path, &into, &categories, &Overrides::empty()).unwrap();
    assert_eq!(merged.added.len(), 2);
    assert!(report.changes[0].created);
    let table = Table::load(&into).unwrap();
    assert_eq!(
        (table.product.as_str(), table.version.as_deref()),
        ("foo", Some("2021-02-03"))
    );
    let (again, _) =
        import::import_doc(&doc_path, &into, &categories, &Overrides::empty()).unwrap();
    assert!(again.is_unchanged());
}
