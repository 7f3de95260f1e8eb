//! Every code of every built-in table through the generated enums, checked against what
//! `tcapi-codes` (the same library the CLI and the macro use) says of it.

use std::collections::HashSet;

use tcapi::{Category, CommonCode, ErrorCode, RetryHint};
use tcapi_codes::resolve::resolve;
use tcapi_codes::{builtin, Categories, Table};

/// Every code of every product.
#[tcapi::error_codes(all_products)]
pub enum AnyCode {}

/// AI Art, latest version, with the common codes.
#[tcapi::error_codes(product = "aiart")]
pub enum AiartCode {}

/// VPC at an explicit version.
#[tcapi::error_codes(product = "vpc", version = "2017-03-12")]
pub enum VpcCode {}

/// VPC without the common codes.
#[tcapi::error_codes(product = "vpc", common = false)]
pub enum VpcOnlyCode {}

fn categories() -> Categories {
    Categories::builtin().expect("categories.json is valid")
}

fn category_named(name: &str) -> Category {
    *Category::ALL
        .iter()
        .find(|c| c.as_str() == name)
        .unwrap_or_else(|| panic!("no Category::{name}"))
}

fn hint_named(name: &str) -> RetryHint {
    *RetryHint::ALL
        .iter()
        .find(|h| h.as_str() == name)
        .unwrap_or_else(|| panic!("no RetryHint::{name}"))
}

/// Asserts that enum `C` holds exactly the resolved codes of `tables`, in order, and that
/// every code round-trips through parse/as_str/Display/FromStr/serde with the table's facts.
fn assert_enum_matches<
    C: ErrorCode + serde::Serialize + serde::de::DeserializeOwned + std::str::FromStr,
>(
    tables: &[&Table],
) {
    let categories = categories();
    let resolved = resolve(tables, &categories);
    assert_eq!(
        C::ALL.len(),
        resolved.len(),
        "one variant per distinct code"
    );
    for (variant, expected) in C::ALL.iter().zip(&resolved) {
        let code = expected.code();
        assert_eq!(variant.as_str(), code);
        let parsed = C::parse(code);
        assert_eq!(&parsed, variant, "parse({code})");
        assert!(parsed.is_known());
        assert_eq!(parsed.to_string(), code, "Display of {code}");
        assert!(
            matches!(code.parse::<C>(), Ok(c) if c == parsed),
            "FromStr of {code}"
        );
        let json = serde_json::to_string(&parsed).expect("serializes");
        assert_eq!(
            json,
            serde_json::to_string(code).expect("string"),
            "Serialize of {code}"
        );
        let back: C = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, parsed, "Deserialize of {code}");
        assert_eq!(
            parsed.category(),
            category_named(&categories.categories[expected.category].name),
            "category of {code}"
        );
        assert_eq!(
            parsed.retry_hint(),
            hint_named(&expected.retry),
            "hint of {code}"
        );
        assert_eq!(
            parsed.description(),
            expected.description(),
            "description of {code}"
        );
        assert_eq!(parsed.clone(), parsed);
    }
    let distinct: HashSet<String> = C::ALL.iter().map(|c| format!("{c:?}")).collect();
    assert_eq!(distinct.len(), C::ALL.len(), "Debug names are distinct");
}

#[test]
fn all_products_covers_every_code_of_every_table() {
    let tables = builtin::all_tables().expect("built-in tables load");
    assert_enum_matches::<AnyCode>(&tables.iter().collect::<Vec<_>>());
}

#[test]
fn product_enums_hold_their_table_then_the_common_codes() {
    let common = builtin::common_table().unwrap();
    let aiart = builtin::product_table("aiart", None).unwrap();
    assert_enum_matches::<AiartCode>(&[&aiart, &common]);
    let vpc = builtin::product_table("vpc", Some("2017-03-12")).unwrap();
    assert_enum_matches::<VpcCode>(&[&vpc, &common]);
    assert_enum_matches::<VpcOnlyCode>(&[&vpc]);
    assert_enum_matches::<CommonCode>(&[&common]);
}

#[test]
fn every_product_table_round_trips_through_the_union_enum() {
    // Each table on its own: the code of every row parses to a known variant of the union.
    for table in builtin::all_tables().unwrap() {
        for row in &table.rows {
            let code = AnyCode::parse(&row.code);
            assert!(
                code.is_known(),
                "{} of {} is in AnyCode",
                row.code,
                table.name()
            );
            assert_eq!(code.as_str(), row.code);
        }
    }
}

#[test]
fn unknown_codes_keep_their_string_category_and_hint() {
    let categories = categories();
    let cases = [
        "RequestLimitExceeded.SomethingNew",
        "InternalError.NewFailure",
        "ResourceNotFound.NoSuchThing",
        "InvalidInstanceId.NotInAnyTable",
        "NotARealRoot.Whatever",
        "",
        "weird code with spaces",
        "AuthFailure.",
        "ünïcödé.Code",
    ];
    for raw in cases {
        let code = AnyCode::parse(raw);
        assert!(!code.is_known(), "{raw:?} is not a known code");
        assert!(matches!(&code, AnyCode::Unknown(u) if u.as_str() == raw));
        assert_eq!(code.as_str(), raw);
        assert_eq!(code.to_string(), raw);
        assert_eq!(code.description(), None);
        let expected = categories.of_code(raw);
        assert_eq!(
            code.category(),
            category_named(&expected.name),
            "category of {raw:?}"
        );
        assert_eq!(
            code.retry_hint(),
            hint_named(&expected.retry),
            "hint of {raw:?}"
        );
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(serde_json::from_str::<AnyCode>(&json).unwrap(), code);
        assert_eq!(CommonCode::parse(raw).as_str(), raw);
        assert_eq!(format!("{code:?}"), format!("Unknown({raw:?})"));
    }
    assert!(AnyCode::parse("RequestLimitExceeded.SomethingNew").is_throttled());
    assert!(AnyCode::parse("InternalError.NewFailure").is_internal());
    assert!(AnyCode::parse("InvalidInstanceId.NotInAnyTable").is_invalid_parameter());
}

#[test]
fn each_category_default_is_what_categories_json_says() {
    let categories = categories();
    assert_eq!(Category::ALL.len(), categories.categories.len());
    for (category, def) in Category::ALL.iter().zip(&categories.categories) {
        assert_eq!(category.as_str(), def.name);
        assert_eq!(
            category.default_retry_hint(),
            hint_named(&def.retry),
            "{}",
            def.name
        );
        assert_eq!(category.default_hint_reason(), def.reason);
        if !def.catch_all {
            let unknown = format!("{}.NotInAnyTable", def.name);
            assert_eq!(Category::of(&unknown), *category);
            assert_eq!(
                CommonCode::parse(&unknown).retry_hint(),
                hint_named(&def.retry)
            );
        }
    }
    for root in &categories.roots {
        assert_eq!(
            Category::of(&format!("{}.X", root.segment)),
            category_named(&root.category),
            "root {}",
            root.segment
        );
    }
    assert_eq!(
        Category::of("NoSuchRoot.X"),
        category_named(&categories.catch_all().name)
    );
}

#[test]
fn every_override_in_every_table_reaches_the_enum() {
    let categories = categories();
    let mut overrides = 0;
    for table in builtin::all_tables().unwrap() {
        for row in table
            .rows
            .iter()
            .filter(|r| r.retry.is_some() || r.category.is_some())
        {
            overrides += 1;
            let code = AnyCode::parse(&row.code);
            if let Some(hint) = &row.retry {
                assert_eq!(
                    code.retry_hint(),
                    hint_named(hint),
                    "{} in {}",
                    row.code,
                    table.name()
                );
            }
            if let Some(category) = &row.category {
                assert_eq!(
                    code.category(),
                    category_named(category),
                    "{} in {}",
                    row.code,
                    table.name()
                );
            }
            let _ = &categories;
        }
    }
    assert!(overrides > 0, "the tables carry overrides");
}

#[test]
fn the_documented_hints_of_the_common_codes() {
    use CommonCode as C;
    assert_eq!(
        C::AuthFailureSignatureExpire.retry_hint(),
        RetryHint::Resign
    );
    assert_eq!(
        C::AuthFailureTokenFailure.retry_hint(),
        RetryHint::RefreshCredentials
    );
    assert_eq!(C::RequestLimitExceeded.retry_hint(), RetryHint::Throttled);
    assert_eq!(
        C::RequestLimitExceededUinLimitExceeded.retry_hint(),
        RetryHint::Throttled
    );
    assert_eq!(C::InternalError.retry_hint(), RetryHint::Transient);
    assert_eq!(C::ServiceUnavailable.retry_hint(), RetryHint::Transient);
    assert_eq!(C::LimitExceeded.retry_hint(), RetryHint::Never);
    assert!(C::LimitExceeded.is_quota_exceeded() && !C::LimitExceeded.is_throttled());
    assert!(C::DryRunOperation.is_dry_run());
    assert!(C::AuthFailureUnauthorizedOperation.is_permission_denied());
    assert!(C::AuthFailureUnauthorizedOperation.is_auth_failure());
    assert!(C::UnauthorizedOperation.is_permission_denied());
    assert!(
        C::MissingParameter.is_invalid_parameter() && C::UnknownParameter.is_invalid_parameter()
    );
    assert!(C::ResourceNotFound.is_not_found());
    assert!(C::InternalError.is_retryable() && !C::InvalidParameter.is_retryable());
}

#[test]
fn runtime_and_compile_time_hashes_agree() {
    // The macro builds the perfect hash with tcapi_codes::phf::hash; parse probes it with
    // tcapi::__private::hash. Any difference would make known codes look unknown.
    let mut inputs: Vec<String> = AnyCode::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    inputs.extend(["", "a", "1234567", "12345678", "123456789", "ünïcödé"].map(str::to_owned));
    for seed in [0, 1, 0x5eed, u64::MAX] {
        for input in &inputs {
            assert_eq!(
                tcapi::__private::hash(input.as_bytes(), seed),
                tcapi_codes::phf::hash(input.as_bytes(), seed),
                "{input:?} with seed {seed}"
            );
        }
    }
}
