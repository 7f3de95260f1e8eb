//! A request against its action's input object, the way the service checks it: the first
//! member in the spec's order that is missing or of the wrong type, then the first member the
//! object does not have, each named by its path (`Filters.0.Name`).
//!
//! As lenient as the SDK's decoding: a number written as a string and a string written as
//! a number are accepted for scalars, `"true"`/`"false"` for booleans, and `null` counts as
//! absent. Form requests arrive with every value a string, which this leniency accepts.

use std::fmt;

use serde_json::{Map, Value};
use tcapi_catalog::COMMON_PARAMETERS;

use super::{ActionSpec, Product, Ty};

/// Why a request does not fit its input object: an API error code and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `MissingParameter`, `UnknownParameter` or `InvalidParameterValue`.
    pub code: &'static str,
    /// The message, naming the member by its path.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Violation {}

/// What a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The top of a request: every rule; the common parameters of a form are allowed.
    Request,
    /// An object inside a request, or a whole value: every rule.
    Nested,
    /// Only the types of the members present.
    Types,
    /// An answer a test registers: the types of the members present, and no unknown member
    /// (a misspelt member would never reach the client's field), but nothing is required.
    Answer,
}

impl Mode {
    fn requires(self) -> bool {
        matches!(self, Mode::Request | Mode::Nested)
    }
}

/// [`Product::check`]: the parameters of a request against its action's input object.
pub(super) fn request(
    product: &Product,
    action: &ActionSpec,
    params: &Map<String, Value>,
) -> Result<(), Violation> {
    check_object(product, action.input, params, "", Mode::Request)
}

/// [`Product::check_value`]: a value against a named object.
pub(super) fn object_value(
    product: &Product,
    object: &str,
    value: &Map<String, Value>,
) -> Result<(), Violation> {
    let index = product.object_named(object).ok_or_else(|| Violation {
        code: "InvalidParameter",
        message: format!("The object `{object}` is not in the catalog."),
    })?;
    check_object(product, index, value, "", Mode::Nested)
}

/// [`Product::check_answer`]: an answer a test registers against the action's output.
pub(super) fn registered_answer(
    product: &Product,
    action: &ActionSpec,
    answer: &Map<String, Value>,
) -> Result<(), Violation> {
    let mut members = answer.clone();
    members.remove("RequestId");
    check_object(product, action.output, &members, "", Mode::Answer)
}

/// [`Product::input_has_path`]: whether a path names a member of the action's input.
pub(super) fn input_has_path(product: &Product, action: &ActionSpec, path: &str) -> bool {
    let mut ty = Ty::Object(action.input);
    for segment in path.split('.') {
        ty = match ty {
            Ty::Object(object) => {
                let object = &product.objects[object];
                match object.by_wire.get(segment) {
                    Some(&field) => object.members[field].ty.clone(),
                    None => return false,
                }
            }
            Ty::List(element) if segment.parse::<usize>().is_ok() => *element,
            _ => return false,
        };
    }
    !path.is_empty()
}

/// Whether the members of a published response body `value` have the types of the
/// object `object` (missing and unknown members are not looked at: responses add and
/// leave out members, and the SDK decodes them all the same).
pub(super) fn types_fit(product: &Product, object: usize, value: &Map<String, Value>) -> bool {
    check_object(product, object, value, "", Mode::Types).is_ok()
}

fn check_object(
    product: &Product,
    object: usize,
    value: &Map<String, Value>,
    path: &str,
    mode: Mode,
) -> Result<(), Violation> {
    let object = &product.objects[object];
    for field in &object.members {
        let at = join(path, &field.wire);
        match value.get(&field.wire) {
            None | Some(Value::Null) if field.required && mode.requires() => {
                return Err(missing(&at))
            }
            None | Some(Value::Null) => {}
            Some(item) => check_value_of(product, &field.ty, item, &at, mode)?,
        }
    }
    if mode == Mode::Types {
        return Ok(());
    }
    let known = |key: &str| {
        object.by_wire.contains_key(key)
            || (mode == Mode::Request && COMMON_PARAMETERS.contains(&key))
    };
    if let Some(unknown) = value.keys().find(|key| !known(key)) {
        return Err(Violation {
            code: "UnknownParameter",
            message: format!("The parameter `{}` is not recognized.", join(path, unknown)),
        });
    }
    Ok(())
}

fn check_value_of(
    product: &Product,
    ty: &Ty,
    value: &Value,
    path: &str,
    mode: Mode,
) -> Result<(), Violation> {
    let nested = match mode {
        Mode::Request => Mode::Nested,
        other => other,
    };
    let fits = match (ty, value) {
        (Ty::Object(object), Value::Object(members)) => {
            return check_object(product, *object, members, path, nested)
        }
        (Ty::List(element), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if !item.is_null() {
                    check_value_of(product, element, item, &join(path, &i.to_string()), nested)?;
                }
            }
            return Ok(());
        }
        (Ty::Bool, Value::Bool(_)) => true,
        (Ty::Bool, Value::String(s)) => s == "true" || s == "false",
        (Ty::Int, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Ty::Int, Value::String(s)) => s.trim().parse::<i64>().is_ok(),
        (Ty::Uint, Value::Number(n)) => n.is_u64(),
        (Ty::Uint, Value::String(s)) => s.trim().parse::<u64>().is_ok(),
        (Ty::Float, Value::Number(_)) => true,
        (Ty::Float, Value::String(s)) => s.trim().parse::<f64>().is_ok(),
        (Ty::String, Value::String(_) | Value::Number(_)) => true,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(Violation {
            code: "InvalidParameterValue",
            message: format!(
                "The value of the parameter `{path}` must be {}, not {}.",
                described(product, ty),
                kind_of(value)
            ),
        })
    }
}

fn described(product: &Product, ty: &Ty) -> String {
    match ty {
        Ty::Bool => "a boolean".into(),
        Ty::Int => "an integer".into(),
        Ty::Uint => "a non-negative integer".into(),
        Ty::Float => "a number".into(),
        Ty::String => "a string".into(),
        Ty::Object(object) => format!("an object `{}`", product.objects[*object].name),
        Ty::List(element) => format!("a list of {}", described(product, element)),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_owned()
    } else {
        format!("{path}.{member}")
    }
}

fn missing(path: &str) -> Violation {
    Violation {
        code: "MissingParameter",
        message: format!("The request is missing a required parameter `{path}`."),
    }
}
