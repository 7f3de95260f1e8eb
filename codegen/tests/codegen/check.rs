//! `check` as a library call: the rules that need several tables or the file name.

use crate::common::{data_dir, TempDir};
use tcapi_codegen::check;

#[test]
fn a_built_in_table_must_say_what_its_file_name_says() {
    let dir = TempDir::new("check-name");
    let path = dir.write(
        "foo-2020-01-01.json",
        "{\"product\": \"bar\", \"version\": \"2020-01-01\", \"codes\": []}\n",
    );
    let err = check::check(
        &data_dir().join("categories.json"),
        None,
        std::slice::from_ref(&path),
        &[],
    )
    .unwrap_err();
    assert_eq!(err.0.len(), 1, "{err}");
    assert_eq!(err.0[0].file, path);
    assert!(
        err.0[0]
            .message
            .contains("product `foo`, version `2020-01-01`"),
        "{err}"
    );
}

#[test]
fn tables_that_are_fine_alone_can_collide_as_a_union() {
    let dir = TempDir::new("check-union");
    let a = dir.write(
        "a-2020-01-01.json",
        "{\"product\": \"a\", \"version\": \"2020-01-01\", \"codes\": [\n  {\"code\": \"InternalError.DBError\"}\n]}\n",
    );
    let b = dir.write(
        "b-2020-01-01.json",
        "{\"product\": \"b\", \"version\": \"2020-01-01\", \"codes\": [\n  {\"code\": \"InternalError.DbError\"}\n]}\n",
    );
    let categories = data_dir().join("categories.json");
    let alone = check::check(&categories, None, &[], &[a.clone(), b.clone()]).unwrap();
    assert_eq!((alone.tables, alone.codes), (2, 2));
    let err = check::check(&categories, None, &[a, b.clone()], &[]).unwrap_err();
    assert_eq!(err.0.len(), 1, "{err}");
    assert_eq!((err.0[0].file.as_path(), err.0[0].line), (b.as_path(), 2));
    assert_eq!(err.0[0].code.as_deref(), Some("InternalError.DbError"));
}
