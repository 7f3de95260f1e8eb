//! Stage 2: every naming rule of the generated SDK, in one place: the rules users read are
//! the "Naming rules" of `sdk/README.md` (written from `codegen/src/sdk/README.md`),
//! which documents each function here.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The module, inside each version module, that holds the error-code enum.
pub const ERRORS_MODULE: &str = "errors";

/// The error-code enum's name, inside [`ERRORS_MODULE`].
pub const ERROR_CODE_ENUM: &str = "Code";

/// The private module, beside each version module's page, of its models: the objects
/// requests and responses hold (re-exported).
pub const MODELS_MODULE: &str = "models";

/// The private module, beside each version module's page, of its responses (re-exported).
pub const RESPONSES_MODULE: &str = "responses";

/// The private module, beside each version module's page, of its `Client` (re-exported).
pub const CLIENT_MODULE: &str = "client";

/// Whether an action only reads, by its name: the runtime states the rule
/// ([`tcapi::retry::READ_PREFIXES`]) and the generated `Action` impls follow it.
pub use tcapi::retry::{is_read_action as is_read, READ_PREFIXES};

/// The `Client` method of an action: its snake_case (`DescribeInstances` →
/// `describe_instances`), with the keyword rule of fields.
pub fn method_name(action: &str) -> String {
    field_ident(action)
}

/// The names of the paging methods of an action's method (`describe_instances` →
/// `describe_instances_pages`, `describe_instances_items`).
pub fn paging_method_names(method: &str) -> [String; 2] {
    [format!("{method}_pages"), format!("{method}_items")]
}

/// The name of the streaming method of an action's method (`chat_completions` →
/// `chat_completions_stream`).
pub fn stream_method_name(method: &str) -> String {
    format!("{method}_stream")
}

/// Rust keywords, strict and reserved, of every edition: no field may be one of them.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `s` is a Rust keyword in some edition.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// The Cargo package of a product: `tcapi-<product>` (`as` → `tcapi-as`).
pub fn package_name(product: &str) -> String {
    format!("tcapi-{product}")
}

/// The library name of a product's crate: `tcapi_<product>` with `-` as `_`.
pub fn lib_name(product: &str) -> String {
    format!("tcapi_{}", product.replace('-', "_"))
}

/// The module (and feature) of an API version: `2017-03-12` → `v20170312`.
pub fn version_module(api_version: &str) -> String {
    format!("v{}", api_version.replace('-', ""))
}

/// The Rust name of a spec object: its spec name, if it is a usable type name.
///
/// A usable name starts with an ASCII capital (so it can never be a module, a keyword or
/// [`ERRORS_MODULE`]) and continues with ASCII letters, digits or `_`.
pub fn type_name(object: &str) -> Result<&str, String> {
    let mut chars = object.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    if starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && object != "Self" {
        Ok(object)
    } else {
        Err(format!(
            "`{object}` cannot be a Rust type name (it must start with an ASCII capital and hold only ASCII letters, digits and `_`)"
        ))
    }
}

/// The field for one wire name, before collisions are resolved: snake_case, and a trailing
/// `_` if that is a keyword.
pub fn field_ident(wire: &str) -> String {
    let snake = wire.to_snake_case();
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The fields of an object's members (wire names in spec order), resolved as the module
/// documentation says: distinct, deterministic, keyword-free.
pub fn field_names<S: AsRef<str>>(wires: &[S]) -> Vec<String> {
    let base: Vec<String> = wires.iter().map(|w| field_ident(w.as_ref())).collect();
    let mut names: Vec<Option<String>> = vec![None; wires.len()];
    let mut taken = BTreeSet::new();
    // Who keeps each shared name: the canonical spelling, else the first.
    for (i, name) in base.iter().enumerate() {
        if taken.contains(name) {
            continue;
        }
        let group: Vec<usize> = (0..wires.len()).filter(|&j| base[j] == *name).collect();
        let canonical = name.trim_end_matches('_').to_upper_camel_case();
        let keeper = group
            .iter()
            .copied()
            .find(|&j| wires[j].as_ref() == canonical)
            .unwrap_or(i);
        names[keeper] = Some(name.clone());
        taken.insert(name.clone());
    }
    for (i, slot) in names.iter_mut().enumerate() {
        if slot.is_none() {
            let stem = base[i].trim_end_matches('_');
            let name = (2..)
                .map(|n| format!("{stem}_{n}"))
                .find(|candidate| !taken.contains(candidate) && !base.contains(candidate))
                .unwrap_or_default();
            taken.insert(name.clone());
            *slot = Some(name);
        }
    }
    names.into_iter().flatten().collect()
}
