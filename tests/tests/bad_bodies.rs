//! The table of bad (and borderline) bodies: one row per case, each with the exact outcome it
//! must give, through the derive and through `tcapi::decode` on an equivalent serde struct.

use serde::Deserialize;
use tcapi::{BodyErrorKind as K, Decoded, Error, ErrorCode, RetryHint, TencentResponse};

#[derive(Debug, tcapi::TencentResponse)]
#[allow(dead_code)]
struct Resp {
    result_image: Option<String>,
    seed: Option<i64>,
    count: Option<u8>,
    extra: Option<serde_json::Value>,
    request_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct Plain {
    result_image: Option<String>,
    seed: Option<i64>,
    count: Option<u8>,
    extra: Option<serde_json::Value>,
    request_id: String,
}

#[derive(Debug, PartialEq)]
enum Expect {
    Ok,
    Api(&'static str),
    Legacy(i64),
    Body(K),
}

use Expect::{Api, Body, Legacy, Ok as Fine};

fn outcome<T>(result: &Result<T, Error>) -> Expect {
    match result {
        Ok(_) => Fine,
        Err(Error::Api(e)) => Api(Box::leak(e.code().as_str().to_owned().into_boxed_str())),
        Err(Error::Legacy(e)) => Legacy(e.code()),
        Err(Error::InvalidBody(e)) => Body(e.kind()),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

const OK: &str = r#"{"Response":{"ResultImage":"u","Seed":1,"RequestId":"r"}}"#;
const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

fn table() -> Vec<(&'static str, Vec<u8>, Expect)> {
    let s = |name, body: &str, expect| (name, body.as_bytes().to_vec(), expect);
    let deep = |open: &str, close: &str, n| {
        format!(
            r#"{{"Response":{{"Seed":{}1{},"RequestId":"r"}}}}"#,
            open.repeat(n),
            close.repeat(n)
        )
    };
    let deep_in = |key: &str, open: &str, close: &str, n| {
        format!(
            r#"{{"Response":{{"{key}":{}1{},"RequestId":"r"}}}}"#,
            open.repeat(n),
            close.repeat(n)
        )
    };
    let deep_unknown = format!(
        r#"{{"Response":{{"Other":{}{},"RequestId":"r"}}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let deep_error = format!(
        r#"{{"Response":{{"Error":{{"Code":"InternalError","X":{}{}}},"RequestId":"r"}}}}"#,
        "{\"a\":".repeat(10_000),
        "1".to_owned() + &"}".repeat(10_000)
    );
    let big = "a".repeat(50 << 20);
    vec![
        s("ok", OK, Fine),
        s("empty body", "", Body(K::Empty)),
        s("whitespace", " \r\n\t ", Body(K::Empty)),
        s("null", "null", Body(K::NotAnEnvelope)),
        s("a JSON array", r#"[{"Response":{}}]"#, Body(K::NotAnEnvelope)),
        s("a JSON string", r#""Response""#, Body(K::NotAnEnvelope)),
        s("a number", "200", Body(K::NotAnEnvelope)),
        s("truncated JSON", &OK[..OK.len() - 5], Body(K::Truncated)),
        s("truncated inside a string", &OK[..20], Body(K::Truncated)),
        s("trailing garbage", &format!("{OK} <html>"), Body(K::TrailingData)),
        s("two envelopes", &format!("{OK}{OK}"), Body(K::TrailingData)),
        s("trailing whitespace is fine", &format!("\n {OK} \n"), Fine),
        ("a UTF-8 BOM", [b"\xEF\xBB\xBF".as_slice(), OK.as_bytes()].concat(), Body(K::Syntax)),
        ("invalid UTF-8 in a string", br#"{"Response":{"ResultImage":"\xff\xfe","RequestId":"r"}}"#.to_vec(), Body(K::Syntax)),
        ("invalid UTF-8 in a key", b"{\"Response\":{\"\xc3\x28\":1,\"RequestId\":\"r\"}}".to_vec(), Body(K::Syntax)),
        s("a lone surrogate escape", r#"{"Response":{"ResultImage":"\ud800","RequestId":"r"}}"#, Body(K::Syntax)),
        // Keys are read as bytes and matched byte for byte; any other key is checked here.
        ("invalid UTF-8 in a top-level key", b"{\"\xff\":1,\"Response\":{\"RequestId\":\"r\"}}".to_vec(), Body(K::Syntax)),
        (
            "invalid UTF-8 in a key of Error",
            b"{\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"\xff\":1},\"RequestId\":\"r\"}}".to_vec(),
            Body(K::Syntax),
        ),
        (
            "invalid UTF-8 in a key after Error",
            b"{\"Response\":{\"Error\":{\"Code\":\"InternalError\"},\"\xff\":1,\"RequestId\":\"r\"}}".to_vec(),
            Body(K::Syntax),
        ),
        ("a raw control character in a key", b"{\"Response\":{\"Seed\x01\":1,\"RequestId\":\"r\"}}".to_vec(), Body(K::Syntax)),
        s("a lone surrogate escape in a key", r#"{"Response":{"\ud800":1,"RequestId":"r"}}"#, Body(K::Syntax)),
        s("an escaped control character in a key", r#"{"Response":{"a\n":1,"Seed":1,"RequestId":"r"}}"#, Fine),
        // The one leniency: in a key with escapes, a raw control character cannot be told from
        // an escaped one once serde_json has decoded the key (see the decode module docs).
        ("a raw control character in a key with escapes", b"{\"Response\":{\"a\x01\\n\":1,\"RequestId\":\"r\"}}".to_vec(), Fine),
        s("Error spelled with an escape", r#"{"Response":{"\u0045rror":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#, Api("InternalError")),
        s("an HTML 502 page", HTML_502, Body(K::NotJson)),
        s("plain text", "Service Unavailable", Body(K::NotJson)),
        s("malformed JSON", r#"{"Response":{"Seed":01,"RequestId":"r"}}"#, Body(K::Syntax)),
        s("Response missing", r#"{"RequestId":"r"}"#, Body(K::MissingResponse)),
        s("empty object", "{}", Body(K::MissingResponse)),
        s("Response null", r#"{"Response":null}"#, Body(K::ResponseNotObject)),
        s("Response a string", r#"{"Response":"ok"}"#, Body(K::ResponseNotObject)),
        s("Response an array", r#"{"Response":[{"RequestId":"r"}]}"#, Body(K::ResponseNotObject)),
        s("Response twice", &format!(r#"{{"Response":{{"RequestId":"r"}},{}"#, &OK[1..]), Body(K::DuplicateKey)),
        s("Error not an object", r#"{"Response":{"Error":"InternalError","RequestId":"r"}}"#, Body(K::ErrorNotObject)),
        s("Error an array", r#"{"Response":{"Error":[],"RequestId":"r"}}"#, Body(K::ErrorNotObject)),
        s("Error null is no error", r#"{"Response":{"Error":null,"Seed":1,"RequestId":"r"}}"#, Fine),
        s("Code missing", r#"{"Response":{"Error":{"Message":"m"},"RequestId":"r"}}"#, Body(K::MissingCode)),
        s("Code a number", r#"{"Response":{"Error":{"Code":4000,"Message":"m"},"RequestId":"r"}}"#, Body(K::InvalidCode)),
        s("Code null", r#"{"Response":{"Error":{"Code":null,"Message":"m"},"RequestId":"r"}}"#, Body(K::InvalidCode)),
        s("Code empty", r#"{"Response":{"Error":{"Code":"","Message":"m"},"RequestId":"r"}}"#, Body(K::InvalidCode)),
        s(
            "Code and Message empty: tbp's no-error placeholder",
            r#"{"Response":{"Error":{"Code":"","Message":""},"Seed":1,"RequestId":"r"}}"#,
            Fine,
        ),
        s("Message a number", r#"{"Response":{"Error":{"Code":"InternalError","Message":1},"RequestId":"r"}}"#, Body(K::InvalidMessage)),
        s("Message missing", r#"{"Response":{"Error":{"Code":"InternalError"},"RequestId":"r"}}"#, Api("InternalError")),
        s("RequestId missing", r#"{"Response":{"Seed":1}}"#, Body(K::MissingField)),
        s("RequestId null", r#"{"Response":{"Seed":1,"RequestId":null}}"#, Body(K::MissingField)),
        s("RequestId a number", r#"{"Response":{"Seed":1,"RequestId":42}}"#, Body(K::InvalidRequestId)),
        s("RequestId missing beside Error", r#"{"Response":{"Error":{"Code":"InternalError","Message":"m"}}}"#, Api("InternalError")),
        s(
            "RequestId a number before Error",
            r#"{"Response":{"RequestId":42,"Error":{"Code":"InternalError","Message":"m"}}}"#,
            Api("InternalError"),
        ),
        s("duplicate data key", r#"{"Response":{"Seed":1,"Seed":2,"RequestId":"r"}}"#, Body(K::DuplicateKey)),
        s("duplicate RequestId", r#"{"Response":{"Seed":1,"RequestId":"r","RequestId":"s"}}"#, Body(K::DuplicateKey)),
        s(
            "duplicate Error: the first counts",
            r#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"Error":{"Code":"RequestLimitExceeded"},"RequestId":"r"}}"#,
            Api("InternalError"),
        ),
        s(
            "duplicate data key, then Error",
            r#"{"Response":{"Seed":1,"Seed":2,"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#,
            Api("InternalError"),
        ),
        s(
            "Error after the data fields",
            r#"{"Response":{"ResultImage":"u","Seed":1,"Error":{"Code":"AuthFailure.SignatureExpire","Message":"m"},"RequestId":"r"}}"#,
            Api("AuthFailure.SignatureExpire"),
        ),
        s(
            "Error after a wrong-typed data field",
            r#"{"Response":{"Seed":"one","Error":{"Code":"InvalidParameter","Message":"m"},"RequestId":"r"}}"#,
            Api("InvalidParameter"),
        ),
        s(
            "Error after a wrong-typed field, then malformed JSON",
            r#"{"Response":{"Seed":"one","Error":{"Code":"InvalidParameter","Message":"m"},"RequestId":"r"} x"#,
            Body(K::Syntax),
        ),
        s(
            "Error with extra keys inside and beside",
            r#"{"Response":{"Status":"x","Error":{"Code":"FailedOperation","Message":"m","CnsmrSeqNo":"1"},"RequestId":"r"}}"#,
            Api("FailedOperation"),
        ),
        s(
            "DryRunOperation",
            r#"{"Response":{"Error":{"Code":"DryRunOperation","Message":"ok"},"RequestId":"r"}}"#,
            Api("DryRunOperation"),
        ),
        s("unknown keys are ignored", r#"{"Other":[1,{}],"Response":{"New":{"A":[]},"Seed":1,"RequestId":"r"},"x":null}"#, Fine),
        s("escaped keys", r#"{"Resp\u006fnse":{"S\u0065ed":1,"Request\u0049d":"r"}}"#, Fine),
        // Found by the fuzzer: a failure at the end of `Response` must not hide a truncation.
        s("missing field, then truncated", "{\n \"Response\": {\"RequmstId\": \"x\"}\n ", Body(K::Truncated)),
        s("a wrong type", r#"{"Response":{"Seed":"one","RequestId":"r"}}"#, Body(K::WrongType)),
        s("null for a non-Option field", r#"{"Response":{"Seed":1}}"#, Body(K::MissingField)),
        s("out of range for u8", r#"{"Response":{"Count":300,"RequestId":"r"}}"#, Body(K::InvalidValue)),
        s("negative for u8", r#"{"Response":{"Count":-1,"RequestId":"r"}}"#, Body(K::InvalidValue)),
        s("a float for i64", r#"{"Response":{"Seed":1.5,"RequestId":"r"}}"#, Body(K::WrongType)),
        s("beyond u64 for i64", r#"{"Response":{"Seed":99999999999999999999,"RequestId":"r"}}"#, Body(K::WrongType)),
        s("beyond f64", r#"{"Response":{"Seed":1e400,"RequestId":"r"}}"#, Body(K::Syntax)),
        s("legacy API 2.0 error", r#"{"code":4100,"message":"auth failed","codeDesc":"AuthFailure"}"#, Legacy(4100)),
        s("legacy with a string code", r#"{"code":"5100","message":"m"}"#, Legacy(5100)),
        s("legacy success without Response", r#"{"code":0,"message":""}"#, Body(K::MissingResponse)),
        // serde_json's recursion limit (128) stops every value the data type descends into.
        ("10,000 levels of arrays in a Value", deep_in("Extra", "[", "]", 10_000).into_bytes(), Body(K::TooDeep)),
        ("10,000 levels of objects in a Value", deep_in("Extra", "{\"a\":", "}", 10_000).into_bytes(), Body(K::TooDeep)),
        ("129 levels in a Value", deep_in("Extra", "[", "]", 129).into_bytes(), Body(K::TooDeep)),
        ("125 levels in a Value", deep_in("Extra", "[", "]", 125).into_bytes(), Fine),
        // A scalar field rejects a nested value at its first byte.
        ("10,000 levels of arrays for an i64", deep("[", "]", 10_000).into_bytes(), Body(K::WrongType)),
        ("10,000 levels of objects for an i64", deep("{\"a\":", "}", 10_000).into_bytes(), Body(K::WrongType)),
        // Skipped values (unknown keys, keys inside Error) are skipped iteratively by
        // serde_json: no recursion, no limit needed.
        ("10,000 levels under an unknown key", deep_unknown.into_bytes(), Fine),
        ("10,000 levels inside Error", deep_error.into_bytes(), Api("InternalError")),
        ("10,000 levels at the top", "[".repeat(10_000).into_bytes(), Body(K::NotAnEnvelope)),
        ("10,000 unclosed levels", "{\"a\":".repeat(10_000).into_bytes(), Body(K::Truncated)),
        (
            "a 50 MB string value",
            format!(r#"{{"Response":{{"ResultImage":"{big}","RequestId":"r"}}}}"#).into_bytes(),
            Fine,
        ),
        (
            "a 50 MB string for an i64",
            format!(r#"{{"Response":{{"Seed":"{big}","RequestId":"r"}}}}"#).into_bytes(),
            Body(K::WrongType),
        ),
        (
            "a 50 MB key",
            format!(r#"{{"Response":{{"{big}":1,"RequestId":"r"}}}}"#).into_bytes(),
            Fine,
        ),
        (
            "a 50 MB error message",
            format!(r#"{{"Response":{{"Error":{{"Code":"InternalError","Message":"{big}"}},"RequestId":"r"}}}}"#).into_bytes(),
            Api("InternalError"),
        ),
        (
            "a 50 MB unterminated string",
            format!(r#"{{"Response":{{"ResultImage":"{big}"#).into_bytes(),
            Body(K::Truncated),
        ),
    ]
}

/// What was wrong with one row: each decoder whose outcome differs, with its message.
fn check_row(name: &str, body: &[u8], expect: &Expect) -> Vec<String> {
    let mut wrong = vec![];
    let derived = Resp::from_slice(body);
    let generic = Decoded::<Plain>::from_slice(body);
    for (how, got, display) in [
        (
            "derive",
            outcome(&derived),
            derived.as_ref().err().map(ToString::to_string),
        ),
        (
            "decode",
            outcome(&generic),
            generic.as_ref().err().map(ToString::to_string),
        ),
    ] {
        if got != *expect {
            wrong.push(format!(
                "{name} ({how}): expected {expect:?}, got {got:?}: {display:?}"
            ));
        }
        // Whatever the body, the message stays readable.
        if let Some(display) = display {
            assert!(
                display.len() < 4096,
                "{name}: Display is {} bytes",
                display.len()
            );
        }
    }
    if let Err(e) = &derived {
        assert!(format!("{e:?}").len() < 8192, "{name}: Debug too long");
    }
    wrong
}

#[test]
fn every_row_gives_its_outcome() {
    // A thread per row: the five 50 MB rows take seconds each in a debug build, and would
    // otherwise leave the other core idle.
    let wrong: Vec<String> = std::thread::scope(|scope| {
        let rows: Vec<_> = table()
            .into_iter()
            .map(|(name, body, expect)| scope.spawn(move || check_row(name, &body, &expect)))
            .collect();
        rows.into_iter()
            .flat_map(|row| row.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn details_of_body_errors() {
    let Err(Error::InvalidBody(e)) =
        Resp::from_slice(br#"{"Response":{"Seed":"one","RequestId":"r-9"}}"#)
    else {
        panic!()
    };
    assert_eq!(e.key(), Some("Seed"));
    assert_eq!(
        (e.line(), e.column()),
        (1, 25),
        "the end of the offending value"
    );
    assert_eq!(
        e.request_id(),
        Some("r-9"),
        "the second pass finds the RequestId that follows"
    );
    assert_eq!(e.retry_hint(), RetryHint::Never);
    assert_eq!(
        e.to_string(),
        "invalid Tencent Cloud response body: a field has the wrong type (key `Seed`): invalid type: string \"…\", \
         expected i64 at line 1 column 25 (RequestId r-9); body near there: `{\"Response\":{\"Seed\":\"…\",\"RequestId\":\"…\"}}`"
    );

    let Err(Error::InvalidBody(e)) = Resp::from_slice(HTML_502.as_bytes()) else {
        panic!()
    };
    assert_eq!(e.kind(), K::NotJson);
    assert_eq!(e.retry_hint(), RetryHint::Transient);
    assert!(e.excerpt().starts_with("<html>"));

    let Err(Error::InvalidBody(e)) = Resp::from_slice(&OK.as_bytes()[..30]) else {
        panic!()
    };
    assert_eq!(e.kind(), K::Truncated);
    assert_eq!(e.retry_hint(), RetryHint::Transient);

    let Err(Error::InvalidBody(e)) = Resp::from_slice(
        b"{\n  \"Response\": {\n    \"Seed\": true,\n    \"RequestId\": \"r\"\n  }\n}",
    ) else {
        panic!()
    };
    assert_eq!((e.line(), e.column()), (3, 16));

    let big = "x".repeat(50 << 20);
    let body = format!(r#"{{"Response":{{"Seed":"{big}","RequestId":"r"}}}}"#);
    let Err(Error::InvalidBody(e)) = Resp::from_slice(body.as_bytes()) else {
        panic!()
    };
    assert!(
        e.excerpt().len() <= 200 && e.detail().len() <= 400,
        "bounded"
    );

    let Err(Error::Api(api)) = Resp::from_slice(format!(r#"{{"Response":{{"Error":{{"Code":"InternalError","Message":"{big}"}},"RequestId":"r"}}}}"#).as_bytes())
    else {
        panic!()
    };
    assert_eq!(api.message().len(), 50 << 20, "the message is kept whole");
    assert!(api.to_string().len() < 2048, "but displayed bounded");
}

#[test]
fn request_id_on_every_side() {
    let ok = Resp::from_slice(OK.as_bytes()).unwrap();
    assert_eq!(ok.request_id(), Some("r"));
    let err = Resp::from_slice(
        br#"{"Response":{"RequestId":"r","Error":{"Code":"InternalError","Message":"m"}}}"#,
    )
    .unwrap_err();
    assert_eq!(err.request_id(), Some("r"));
    let err = Resp::from_slice(br#"{"Response":{"Error":{"Code":"InternalError","Message":"m"}}}"#)
        .unwrap_err();
    assert_eq!(err.request_id(), None);
    let Error::Api(api) = err else { panic!() };
    assert_eq!(api.request_id(), "");
}

#[test]
fn hints_follow_the_code() {
    for (code, hint) in [
        ("RequestLimitExceeded", RetryHint::Throttled),
        ("InternalError", RetryHint::Transient),
        ("AuthFailure.SignatureExpire", RetryHint::Resign),
        ("InvalidParameter", RetryHint::Never),
        ("Some.UnknownCode", RetryHint::Never),
    ] {
        let body = format!(
            r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"m"}},"RequestId":"r"}}}}"#
        );
        let err = Resp::from_slice(body.as_bytes()).unwrap_err();
        assert_eq!(err.retry_hint(), hint, "{code}");
        assert_eq!(err.code().map(ErrorCode::as_str), Some(code));
    }
}

#[test]
fn reader_errors_are_transport_errors() {
    struct Broken;
    impl std::io::Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "reset by peer",
            ))
        }
    }
    let Err(Error::Transport(e)) = Resp::from_reader(Broken) else {
        panic!()
    };
    assert_eq!(e.kind(), tcapi::TransportErrorKind::ConnectionClosed);
    assert_eq!(e.retry_hint(), RetryHint::Transient);
    assert!(std::error::Error::source(&e).is_some());
}

#[derive(Debug, tcapi::TencentResponse)]
struct Flattened {
    #[tencent(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

#[test]
fn flatten_stays_under_the_recursion_limit() {
    let body = format!(
        r#"{{"Response":{{"Deep":{}{},"RequestId":"r"}}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let Err(Error::InvalidBody(e)) = Flattened::from_slice(body.as_bytes()) else {
        panic!()
    };
    assert_eq!(e.kind(), K::TooDeep);
    let Err(Error::InvalidBody(e)) = tcapi::decode::<serde_json::Value>(body.as_bytes()) else {
        panic!()
    };
    assert_eq!(e.kind(), K::TooDeep);
    let ok = Flattened::from_slice(br#"{"Response":{"A":[[1]],"B":{"C":null},"RequestId":"r"}}"#)
        .unwrap();
    assert_eq!(ok.rest.len(), 2, "RequestId is not a flatten key: {ok:?}");
}
