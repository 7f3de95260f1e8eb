//! Stage 1: the API spec files (`specs/<prefix>-v<YYYYMMDD>.json`, as published with
//! Tencent's CLI), read into typed structs.
//!
//! Reading is strict where a wrong guess would produce a wrong SDK: a member's `type` and
//! `member` must be known values (a new one is an error naming the member, never a silent
//! drop), and every object an action or member names must exist. Keys the generator does
//! not use (`default`, `usage`, `skip_sign`, ...) are ignored.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One product version's spec.
#[derive(Debug, Clone, Deserialize)]
pub struct Spec {
    /// Product and version.
    pub metadata: Metadata,
    /// The actions, by name.
    pub actions: BTreeMap<String, Action>,
    /// The objects (inputs, outputs and nested structures), by name.
    pub objects: BTreeMap<String, Object>,
}

/// The `metadata` of a spec.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    /// The product: host prefix and signing service (`as` for the `autoscaling-*` files).
    #[serde(rename = "serviceShortName")]
    pub service_short_name: String,
    /// `YYYY-MM-DD`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The product's Chinese name, when given.
    #[serde(rename = "serviceNameCN", default)]
    pub service_name_cn: Option<String>,
    /// A one-line description of the product, when given.
    #[serde(default)]
    pub api_brief: Option<String>,
}

/// One action.
#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    /// A short human title (Chinese in `specs/`).
    pub name: String,
    /// What the action does.
    pub document: String,
    /// The request object (`<Action>Request`).
    pub input: String,
    /// The response object (`<Action>Response`).
    pub output: String,
    /// `online`, `deprecated`, `offline`; absent in the international specs.
    #[serde(default)]
    pub status: Option<String>,
    /// The international site's `name` and `document`, where it also defines the action
    /// (set when the sites are merged).
    #[serde(skip)]
    pub english: Option<(String, String)>,
}

/// One object: a request, a response or a nested structure.
#[derive(Debug, Clone, Deserialize)]
pub struct Object {
    /// What it is.
    pub document: String,
    /// Its members, in the spec's order.
    pub members: Vec<Member>,
    /// The international site's `document`, where it also defines the object (set when the
    /// sites are merged).
    #[serde(skip)]
    pub document_en: Option<String>,
}

/// One member of an object.
#[derive(Debug, Clone, Deserialize)]
pub struct Member {
    /// The key on the wire (`InstanceId`).
    pub name: String,
    /// The kind of value.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// The scalar type, or the object a list or object member holds.
    pub member: String,
    /// Whether a request must carry it (`true`, or `1` in a few files).
    #[serde(default, deserialize_with = "flag")]
    pub required: bool,
    /// Whether a response is documented to carry it (often untrue: see the data README).
    #[serde(default)]
    pub output_required: bool,
    /// Whether a response may send `null`.
    #[serde(default)]
    pub value_allowed_null: bool,
    /// Whether the member is switched off.
    #[serde(default)]
    pub disabled: bool,
    /// What it means.
    #[serde(default)]
    pub document: String,
    /// An example value, as text (often a placeholder such as `无`, "none"); not emitted.
    #[serde(default)]
    pub example: Option<String>,
    /// The international site's `document`, where it also defines the member (set when the
    /// sites are merged).
    #[serde(skip)]
    pub document_en: Option<String>,
}

/// A member's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A text, date or datetime (`member` says which).
    String,
    /// An integer (`member`: `int64` or `uint64`).
    Int,
    /// A floating-point number.
    Float,
    /// A boolean.
    Bool,
    /// Bytes.
    Binary,
    /// A list of `member`.
    List,
    /// The object named by `member`.
    Object,
}

impl Kind {
    /// The spec's spelling (`string`, `int`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Bool => "bool",
            Kind::Binary => "binary",
            Kind::List => "list",
            Kind::Object => "object",
        }
    }
}

/// A scalar `member` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// `string`
    String,
    /// `int64`
    Int64,
    /// `uint64`
    Uint64,
    /// `float`
    Float,
    /// `bool`
    Bool,
    /// `binary`
    Binary,
    /// `date`: `YYYY-MM-DD` as text.
    Date,
    /// `datetime`: `YYYY-MM-DD hh:mm:ss` as text.
    Datetime,
    /// `datetime_iso`: ISO 8601 as text.
    DatetimeIso,
}

impl Scalar {
    /// The scalar a `member` value names, if it names one.
    pub fn parse(member: &str) -> Option<Scalar> {
        Some(match member {
            "string" => Scalar::String,
            "int64" => Scalar::Int64,
            "uint64" => Scalar::Uint64,
            "float" => Scalar::Float,
            "bool" => Scalar::Bool,
            "binary" => Scalar::Binary,
            "date" => Scalar::Date,
            "datetime" => Scalar::Datetime,
            "datetime_iso" => Scalar::DatetimeIso,
            _ => return None,
        })
    }

    /// Whether `kind` may carry this scalar (`int` carries `int64`/`uint64`, ...).
    pub fn fits(self, kind: Kind) -> bool {
        match kind {
            Kind::String => matches!(
                self,
                Scalar::String | Scalar::Date | Scalar::Datetime | Scalar::DatetimeIso
            ),
            Kind::Int => matches!(self, Scalar::Int64 | Scalar::Uint64),
            Kind::Float => self == Scalar::Float,
            Kind::Bool => self == Scalar::Bool,
            Kind::Binary => self == Scalar::Binary,
            Kind::List => true,
            Kind::Object => false,
        }
    }
}

/// `true`/`false`, or `1`/`0` as a few files write it.
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(u8),
    }
    match Flag::deserialize(d)? {
        Flag::Bool(b) => Ok(b),
        Flag::Int(0) => Ok(false),
        Flag::Int(1) => Ok(true),
        Flag::Int(n) => Err(serde::de::Error::custom(format!(
            "expected true, false, 0 or 1, found {n}"
        ))),
    }
}

/// Why a spec could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    /// The file could not be read.
    Io {
        /// The file.
        file: PathBuf,
        /// The I/O error.
        message: String,
    },
    /// The file is not a spec (bad JSON, a missing field, an unknown `type`...).
    Syntax {
        /// The file.
        file: PathBuf,
        /// Where in the JSON, as `objects.X.members[3].type`.
        path: String,
        /// What serde found.
        message: String,
    },
    /// The spec reads well but contradicts itself.
    Invalid {
        /// The file.
        file: PathBuf,
        /// The action, object or member concerned (`object X member Y`).
        at: String,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Io { file, message } => write!(f, "{}: {message}", file.display()),
            SpecError::Syntax {
                file,
                path,
                message,
            } => write!(f, "{}: at {path}: {message}", file.display()),
            SpecError::Invalid { file, at, message } => {
                write!(f, "{}: {at}: {message}", file.display())
            }
        }
    }
}

impl std::error::Error for SpecError {}

/// A spec file's name: `<prefix>-v<YYYYMMDD>.json` → the prefix and `YYYYMMDD`.
pub fn parse_file_name(name: &str) -> Option<(&str, &str)> {
    let stem = name.strip_suffix(".json")?;
    let (prefix, version) = stem.rsplit_once("-v")?;
    (version.len() == 8 && version.bytes().all(|b| b.is_ascii_digit()) && !prefix.is_empty())
        .then_some((prefix, version))
}

/// Reads and checks one spec file.
pub fn load(file: &Path) -> Result<Spec, SpecError> {
    parse(file, &read(file)?)
}

/// Parses and checks the text of a spec; `file` only names it in errors.
pub fn parse(file: &Path, text: &str) -> Result<Spec, SpecError> {
    let spec: Spec = from_json(file, text)?;
    check(file, &spec)?;
    Ok(spec)
}

/// The text of `file`.
pub(super) fn read(file: &Path) -> Result<String, SpecError> {
    std::fs::read_to_string(file).map_err(|e| SpecError::Io {
        file: file.to_owned(),
        message: e.to_string(),
    })
}

/// JSON `text` (of `file`) as a `T`; a mismatch names its path in the JSON.
pub(super) fn from_json<T: serde::de::DeserializeOwned>(
    file: &Path,
    text: &str,
) -> Result<T, SpecError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| SpecError::Syntax {
        file: file.to_owned(),
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })
}

/// The cross-references serde cannot see.
fn check(file: &Path, spec: &Spec) -> Result<(), SpecError> {
    let invalid = |at: String, message: String| SpecError::Invalid {
        file: file.to_owned(),
        at,
        message,
    };
    let version = &spec.metadata.api_version;
    let well_formed = version.len() == 10
        && version.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(invalid(
            "metadata.apiVersion".into(),
            format!("`{version}` is not YYYY-MM-DD"),
        ));
    }
    for (name, action) in &spec.actions {
        for object in [&action.input, &action.output] {
            if !spec.objects.contains_key(object) {
                return Err(invalid(
                    format!("action {name}"),
                    format!("names the object `{object}`, which the spec does not define"),
                ));
            }
        }
    }
    for (name, object) in &spec.objects {
        for member in &object.members {
            let at = || format!("object {name} member {}", member.name);
            match (member.kind, Scalar::parse(&member.member)) {
                (Kind::Object | Kind::List, None) => {
                    if !spec.objects.contains_key(&member.member) {
                        return Err(invalid(
                            at(),
                            format!(
                                "`{}` is neither a known scalar nor an object of the spec",
                                member.member
                            ),
                        ));
                    }
                }
                (kind, Some(scalar)) if !scalar.fits(kind) => {
                    return Err(invalid(
                        at(),
                        format!("type `{}` cannot hold `{}`", kind.as_str(), member.member),
                    ))
                }
                (_, Some(_)) => {}
                (kind, None) => {
                    return Err(invalid(
                        at(),
                        format!(
                            "type `{}` with the unknown member `{}`",
                            kind.as_str(),
                            member.member
                        ),
                    ))
                }
            }
        }
    }
    Ok(())
}
