//! Stage 3: the model of one product's crate ([`super::model`]) from its merged specs: names
//! and types decided, docs rendered, examples attached, the idempotency rule and the paging
//! inference applied. The override files and the streaming list are applied after, by
//! [`super::plans`].

use std::collections::{BTreeMap, BTreeSet};

use super::docs;
use super::model::{
    find_struct, Action, Codes, Crate, Field, Idempotency, PublishedExample, Role, Struct, Type,
    Version,
};
use super::names;
use super::paging;
use super::site::MergedSpec;
use super::spec::{Kind, Scalar, Spec, SpecError};

/// The model of a product's crate from its merged specs (one per version, any order);
/// `tables` lists the built-in error-code tables as `(product, version)`.
pub fn plan(
    product: &str,
    specs: &[MergedSpec],
    tables: &BTreeSet<(String, String)>,
) -> Result<Crate, SpecError> {
    let mut versions = Vec::new();
    for merged in specs {
        versions.push(plan_version(product, merged, tables)?);
    }
    versions.sort_by(|a, b| a.api_version.cmp(&b.api_version));
    if let Some(pair) = versions
        .windows(2)
        .find(|w| w[0].api_version == w[1].api_version)
    {
        return Err(SpecError::Invalid {
            file: specs[0].file().to_owned(),
            at: "metadata.apiVersion".into(),
            message: format!(
                "two specs of `{product}` have version {}",
                pair[0].api_version
            ),
        });
    }
    Ok(Crate {
        product: product.to_owned(),
        package: names::package_name(product),
        lib: names::lib_name(product),
        versions,
    })
}

fn plan_version(
    product: &str,
    merged: &MergedSpec,
    tables: &BTreeSet<(String, String)>,
) -> Result<Version, SpecError> {
    let (file, spec) = (merged.file(), &merged.spec);
    const INTERNATIONAL_ONLY: &str = "Only on the international site (its spec, `specs-en/`).";
    let invalid = |at: String, message: String| SpecError::Invalid {
        file: file.to_owned(),
        at,
        message,
    };
    let api_version = spec.metadata.api_version.clone();
    let codes = if tables.contains(&(product.to_owned(), api_version.clone())) {
        Codes::Table {
            product: product.to_owned(),
            version: api_version.clone(),
        }
    } else if tables.iter().any(|(p, _)| p == product) {
        Codes::Latest {
            product: product.to_owned(),
        }
    } else {
        Codes::Common
    };

    let mut roles: BTreeMap<&str, (Role, String, Option<String>)> = BTreeMap::new();
    let mut actions = Vec::new();
    for (name, action) in &spec.actions {
        let text = |title: &str, document: &str| {
            [title, document]
                .iter()
                .filter_map(|t| docs::markdown_opt(t))
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        let mut doc = text(&action.name, &action.document);
        if merged.on_china_site && merged.international_only.contains(name) {
            doc = format!("{INTERNATIONAL_ONLY}\n\n{doc}");
        }
        let action = Action {
            name: name.clone(),
            doc,
            doc_en: action.english.as_ref().map(|(t, d)| text(t, d)),
            status: action.status.clone(),
            request: action.input.clone(),
            response: action.output.clone(),
            examples: merged.examples.get(name).cloned().unwrap_or_default(),
            error_codes: merged.error_codes.get(name).cloned().unwrap_or_default(),
            method: names::method_name(name),
            idempotency: Idempotency::Never,
            paging: None,
            stream: None,
        };
        let retired = action.deprecation();
        let request_doc = format!("The request of `{name}`.\n\n{}", action.rustdoc());
        let response_doc = format!(
            "The response of `{name}`.\n\n{}",
            docs::bilingual(&action.doc, action.doc_en.as_deref())
        );
        for (object, role, doc, deprecated) in [
            (&action.request, Role::Request, request_doc, retired),
            (&action.response, Role::Response, response_doc, None),
        ] {
            let object = spec.objects.get_key_value(object).map_or("", |(k, _)| k);
            if let Some((previous, _, _)) = roles.insert(object, (role, doc, deprecated)) {
                if previous != role {
                    return Err(invalid(
                        format!("action {name}"),
                        format!("`{object}` is both a request and a response"),
                    ));
                }
            }
        }
        actions.push(action);
    }

    let cyclic = Cycles::of(spec);
    let mut structs = Vec::new();
    for (name, object) in &spec.objects {
        let at = |member: Option<&str>| match member {
            Some(m) => format!("object {name} member {m}"),
            None => format!("object {name}"),
        };
        names::type_name(name).map_err(|m| invalid(at(None), m))?;
        let (role, mut doc, deprecated) = match roles.get(name.as_str()) {
            Some((role, doc, deprecated)) => (*role, doc.clone(), deprecated.clone()),
            None => (
                Role::Model,
                docs::bilingual(
                    &docs::markdown(&object.document),
                    object.document_en.as_deref().map(docs::markdown).as_deref(),
                ),
                None,
            ),
        };
        if merged.on_china_site && merged.international_only.contains(name) {
            doc = format!("{INTERNATIONAL_ONLY}\n\n{doc}");
        }
        let mut left_out = Vec::new();
        let mut members = Vec::new();
        for member in &object.members {
            if role == Role::Response && member.name == "Error" {
                left_out.push((
                    member.name.clone(),
                    "the key `Error` of a response is the API error, which decoding reports as `tcapi::Error::Api`".to_owned(),
                ));
                continue;
            }
            members.push(member);
        }
        let wires: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        let idents = names::field_names(&wires);
        let mut fields = Vec::new();
        for (member, ident) in members.into_iter().zip(idents) {
            if !tcapi_codes::ident::is_identifier(&ident) || names::is_keyword(&ident) {
                return Err(invalid(
                    at(Some(&member.name)),
                    format!("the field name `{ident}` is not a Rust identifier"),
                ));
            }
            let scalar = Scalar::parse(&member.member);
            let element = match scalar {
                Some(s) => scalar_type(s),
                None => Type::Object {
                    name: member.member.clone(),
                    boxed: member.kind == Kind::Object && cyclic.reaches(&member.member, name),
                },
            };
            let ty = match member.kind {
                Kind::List => Type::List(Box::new(match element {
                    Type::Object { name, .. } => Type::Object { name, boxed: false },
                    other => other,
                })),
                _ => element,
            };
            let mut notes = Vec::new();
            match scalar {
                Some(Scalar::Date) => notes.push("A date as text: `YYYY-MM-DD`.".to_owned()),
                Some(Scalar::Datetime) => {
                    notes.push("A date and time as text: `YYYY-MM-DD hh:mm:ss`.".to_owned())
                }
                Some(Scalar::DatetimeIso) => {
                    notes.push("A date and time as text, in ISO 8601.".to_owned())
                }
                Some(Scalar::Binary) => notes
                    .push("Binary data in the spec, carried as text in the JSON body.".to_owned()),
                _ => {}
            }
            let optional = match role {
                Role::Request => !member.required,
                Role::Response | Role::Model => true,
            };
            if member.required && role != Role::Request {
                notes.push(REQUIRED_NOTE.to_owned());
            }
            let key = (name.clone(), member.name.clone());
            if merged.international_only_members.contains(&key) {
                notes.push(INTERNATIONAL_ONLY.to_owned());
            }
            let deprecated = member
                .disabled
                .then(|| "the spec disables this member".to_owned());
            if member.disabled {
                notes.push("Disabled in the spec.".to_owned());
            }
            if role != Role::Request && member.value_allowed_null {
                notes.push("May be `null`.".to_owned());
            }
            fields.push(Field {
                ident,
                wire: member.name.clone(),
                ty,
                kind: member.kind,
                optional,
                required: member.required,
                always_returned: member.output_required,
                disabled: member.disabled,
                doc: docs::bilingual(
                    &docs::markdown(&member.document),
                    member.document_en.as_deref().map(docs::markdown).as_deref(),
                ),
                prose: member.document.clone(),
                notes,
                deprecated,
            });
        }
        structs.push(Struct {
            name: name.clone(),
            role,
            doc,
            deprecated,
            fields,
            left_out,
            in_requests: false,
            in_responses: false,
        });
    }
    mark_reached(&mut structs, Role::Request, |s| &mut s.in_requests);
    mark_reached(&mut structs, Role::Response, |s| &mut s.in_responses);
    for s in structs
        .iter_mut()
        .filter(|s| s.role == Role::Model && !s.in_responses)
    {
        for field in &mut s.fields {
            field.optional = !field.required;
            field.notes.retain(|n| n != REQUIRED_NOTE);
        }
    }
    for action in &mut actions {
        let client_token = find_struct(&structs, &action.request)
            .and_then(|request| request.field("ClientToken"))
            .map(|f| f.ident.clone());
        action.idempotency = if names::is_read(&action.name) {
            Idempotency::Always
        } else if let Some(field) = client_token {
            Idempotency::WithClientToken { field }
        } else {
            Idempotency::Never
        };
        let inferred = paging::infer(&structs, action);
        action.paging = inferred;
    }
    let title = match (&spec.metadata.service_name_cn, &spec.metadata.api_brief) {
        (Some(name), Some(brief)) => format!("{name}: {brief}"),
        (Some(name), None) => name.clone(),
        (None, Some(brief)) => brief.clone(),
        (None, None) => String::new(),
    };
    let title = if merged.on_china_site {
        title
    } else {
        format!("{title}\n\n{INTERNATIONAL_ONLY}")
    };
    let stray_examples: BTreeMap<String, Vec<PublishedExample>> = merged
        .examples
        .iter()
        .filter(|(action, _)| !spec.actions.contains_key(*action))
        .map(|(action, examples)| (action.clone(), examples.clone()))
        .collect();
    Ok(Version {
        module: names::version_module(&api_version),
        api_version,
        on_china_site: merged.on_china_site,
        sources: merged.sources.clone(),
        title,
        codes,
        structs,
        actions,
        examples_file: merged.examples_file.clone(),
        stray_examples,
    })
}

/// Marks the structs of `role` and every struct they contain, at any depth.
fn mark_reached(structs: &mut [Struct], role: Role, mark: fn(&mut Struct) -> &mut bool) {
    let index: BTreeMap<String, usize> = structs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let mut stack: Vec<usize> = (0..structs.len())
        .filter(|&i| structs[i].role == role)
        .collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(mark(&mut structs[i]), true) {
            continue;
        }
        for field in &structs[i].fields {
            if let Some(name) = field.ty.object_name() {
                stack.extend(index.get(name));
            }
        }
    }
}

/// The note on a member the spec marks required that is an `Option` all the same.
const REQUIRED_NOTE: &str = "Required by the spec.";

fn scalar_type(scalar: Scalar) -> Type {
    match scalar {
        Scalar::Bool => Type::Bool,
        Scalar::Int64 => Type::I64,
        Scalar::Uint64 => Type::U64,
        Scalar::Float => Type::F64,
        Scalar::String | Scalar::Binary | Scalar::Date | Scalar::Datetime | Scalar::DatetimeIso => {
            Type::String
        }
    }
}

/// Which objects contain which inline (through `object` members; a `Vec` is already
/// indirect), to box exactly the fields that would make a struct of infinite size.
struct Cycles<'a> {
    edges: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Cycles<'a> {
    fn of(spec: &'a Spec) -> Self {
        let edges = spec
            .objects
            .iter()
            .map(|(name, object)| {
                let inline = object
                    .members
                    .iter()
                    .filter(|m| m.kind == Kind::Object)
                    .map(|m| m.member.as_str())
                    .collect();
                (name.as_str(), inline)
            })
            .collect();
        Cycles { edges }
    }

    /// Whether `from` contains `to` inline, directly or not (or is it).
    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next) {
                stack.extend(self.edges.get(next).into_iter().flatten().copied());
            }
        }
        false
    }
}
