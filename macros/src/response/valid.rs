use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Data, Fields, GenericParam};

use super::ast::{Derive, Field, Input};
use crate::ctxt::Ctxt;
use crate::symbol::{Symbol, DEFAULT, FLATTEN, LENIENT, RENAME, REQUEST_ID};

pub fn check(cx: &Ctxt, input: &Input) {
    check_shape(cx, input);
    check_generics(cx, input);
    if input.derive == Derive::Model {
        check_model_attrs(cx, input);
    }
    if let Some(fields) = &input.fields {
        check_lenient(cx, input, fields);
        check_duplicate_keys(cx, fields);
        check_flatten(cx, fields);
        if input.derive == Derive::Response {
            check_reserved_keys(cx, fields);
            check_request_id(cx, fields);
            check_request_id_near_miss(cx, fields);
        }
    }
}

fn derive_name(derive: Derive) -> &'static str {
    match derive {
        Derive::Response => "TencentResponse",
        Derive::Model => "Model",
    }
}

/// The derive reads the fields of an object, so it needs named fields to put them in.
fn check_shape(cx: &Ctxt, input: &Input) {
    let original = input.original;
    let message = format!(
        "{} can only be derived for a struct with named fields",
        derive_name(input.derive)
    );
    match &original.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(_) => {}
            Fields::Unnamed(fields) => {
                cx.error_spanned_by(fields, format!("{message}; this is a tuple struct"))
            }
            Fields::Unit => cx.error_spanned_by(
                &original.ident,
                format!("{message}; write `struct {} {{}}`", original.ident),
            ),
        },
        Data::Enum(data) => cx.error_spanned_by(data.enum_token, format!("{message}, not an enum")),
        Data::Union(data) => {
            cx.error_spanned_by(data.union_token, format!("{message}, not a union"))
        }
    }
}

/// Responses own their data (they outlive the body), so borrowed fields cannot work.
fn check_generics(cx: &Ctxt, input: &Input) {
    for param in &input.original.generics.params {
        if let GenericParam::Lifetime(lifetime) = param {
            cx.error_spanned_by(
                lifetime,
                format!(
                    "{} types own their data; lifetime parameters are not supported",
                    derive_name(input.derive)
                ),
            );
        }
    }
}

/// A nested object has no error codes and no `RequestId`: those are the envelope's.
fn check_model_attrs(cx: &Ctxt, input: &Input) {
    if let Some(tokens) = input.attrs.codes.tokens() {
        cx.error_spanned_by(
            tokens,
            "#[tencent(codes)] belongs on the #[derive(TencentResponse)] struct; a nested model has no error codes",
        );
    }
    for tokens in input
        .fields
        .iter()
        .flatten()
        .filter_map(|f| f.attrs.request_id.tokens())
    {
        cx.error_spanned_by(
            tokens,
            "#[tencent(request_id)] belongs on a field of the #[derive(TencentResponse)] struct; a nested model has no `RequestId`",
        );
    }
}

/// Two fields with one key: the second could never be filled.
fn check_duplicate_keys(cx: &Ctxt, fields: &[Field]) {
    let mut seen: HashMap<&str, &Field> = HashMap::new();
    for field in fields.iter().filter(|f| !f.is_flatten()) {
        if let Some(first) = seen.get(field.key.as_str()) {
            cx.error_at_repeat(
                key_tokens(field),
                format!("duplicate key `{}`", field.key),
                key_tokens(first),
            );
        } else {
            seen.insert(&field.key, field);
        }
    }
}

/// `Response.Error` is the API error; a field could never receive it.
fn check_reserved_keys(cx: &Ctxt, fields: &[Field]) {
    for field in fields
        .iter()
        .filter(|f| f.key == "Error" && !f.is_flatten())
    {
        cx.error_spanned_by(
            key_tokens(field),
            "the key `Error` is the API error, which the derive reports as `tcapi::Error::Api`; it cannot be a field",
        );
    }
}

/// One place for `RequestId`, and the request-id attribute means exactly that key.
fn check_request_id(cx: &Ctxt, fields: &[Field]) {
    let mut first: Option<&Field> = None;
    for field in fields.iter().filter(|f| f.is_request_id()) {
        if let Some(tokens) = field.attrs.request_id.tokens() {
            if let Some(rename) = field.attrs.rename.value() {
                if field.key != "RequestId" {
                    cx.error_spanned_by(
                        rename,
                        "#[tencent(request_id)] reads the key `RequestId`; remove this rename",
                    );
                }
            }
            check_not_combined(
                cx,
                (REQUEST_ID, tokens),
                [
                    (DEFAULT, field.attrs.default.is_set()),
                    (FLATTEN, field.attrs.flatten.is_set()),
                ],
            );
        }
        match first {
            Some(first) => {
                cx.error_at_repeat(field.ident, "a second field for `RequestId`", first.ident);
            }
            None => first = Some(field),
        }
    }
}

/// A field that was surely meant for `RequestId` but would read another key, and so fail every
/// call with a missing field (or stay `None`): `RequestID`, `requestid`, `req_id`...
fn check_request_id_near_miss(cx: &Ctxt, fields: &[Field]) {
    const ABBREVIATIONS: &[&str] = &["req_id", "reqid", "request", "requestid", "rid", "req"];
    let has_request_id = fields.iter().any(Field::is_request_id);
    for field in fields
        .iter()
        .filter(|f| !f.is_request_id() && !f.is_flatten())
    {
        let fix = "name it `request_id` (or mark it #[tencent(request_id)])";
        if field.key.eq_ignore_ascii_case("RequestId") {
            cx.error_spanned_by(
                key_tokens(field),
                format!(
                    "the key is `RequestId`, not `{}`; {fix}{}",
                    field.key,
                    if field.attrs.rename.is_set() {
                        " and remove the rename"
                    } else {
                        ""
                    }
                ),
            );
        } else if !has_request_id && !field.attrs.rename.is_set() {
            let name = field.ident.to_string();
            let name = name.trim_start_matches("r#");
            if ABBREVIATIONS.contains(&name.to_ascii_lowercase().as_str()) {
                cx.error_spanned_by(
                    field.ident,
                    format!(
                        "`{name}` reads the key `{}`, not `RequestId`; to receive the RequestId, {fix}; for a key `{}`, write #[tencent(rename = \"{}\")]",
                        field.key, field.key, field.key
                    ),
                );
            }
        }
    }
}

/// A lenient struct is read by the lean decoder, which fills optional fields in place: it
/// takes no type parameters and no field attribute but `rename`.
fn check_lenient(cx: &Ctxt, input: &Input, fields: &[Field]) {
    if !input.attrs.lenient.is_set() {
        return;
    }
    if let Some(param) = input.original.generics.type_params().next() {
        cx.error_spanned_by(
            param,
            "a #[tencent(lenient)] struct cannot have type parameters",
        );
    }
    for field in fields {
        for (name, attr) in [
            (DEFAULT, field.attrs.default.tokens()),
            (FLATTEN, field.attrs.flatten.tokens()),
        ] {
            if let Some(attr) = attr {
                cx.error_spanned_by(
                    attr,
                    format!("#[tencent({name})] cannot be used in a #[tencent({LENIENT})] struct, whose fields are all `Option`s"),
                );
            }
        }
    }
}

/// Unclaimed keys can go to one place only, and flatten takes keys, not one.
fn check_flatten(cx: &Ctxt, fields: &[Field]) {
    let mut first: Option<&TokenStream> = None;
    for (field, tokens) in fields
        .iter()
        .filter_map(|f| Some((f, f.attrs.flatten.tokens()?)))
    {
        check_not_combined(
            cx,
            (FLATTEN, tokens),
            [
                (RENAME, field.attrs.rename.is_set()),
                (DEFAULT, field.attrs.default.is_set()),
            ],
        );
        match first {
            Some(first) => cx.error_at_repeat(
                tokens,
                "a second #[tencent(flatten)] field; only one can take the unclaimed keys",
                first,
            ),
            None => first = Some(tokens),
        }
    }
}

/// An attribute that gives the field a meaning of its own, which `others` would contradict.
fn check_not_combined(
    cx: &Ctxt,
    (name, tokens): (Symbol, &TokenStream),
    others: [(Symbol, bool); 2],
) {
    for (other, _) in others.iter().filter(|(_, set)| *set) {
        cx.error_spanned_by(
            tokens,
            format!("#[tencent({name})] cannot be combined with #[tencent({other})]"),
        );
    }
}

fn key_tokens(field: &Field) -> TokenStream {
    match field.attrs.rename.value() {
        Some(lit) => lit.to_token_stream(),
        None => field.ident.to_token_stream(),
    }
}
