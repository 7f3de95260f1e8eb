use heck::ToUpperCamelCase;
use syn::{Data, DeriveInput, Fields, Ident, Type};

use super::attr;
use crate::ctxt::Ctxt;

/// Which derive reads the struct: both share the field rules and the `Fields` expansion.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    /// `#[derive(TencentResponse)]`: the object inside `Response`, with `RequestId`.
    Response,
    /// `#[derive(tcapi::Model)]`: a nested object, whose keys are all data.
    Model,
}

pub struct Input<'a> {
    pub derive: Derive,
    pub original: &'a DeriveInput,
    pub attrs: attr::Container,
    /// `None` when the input is not a struct with named fields (valid.rs reports it).
    pub fields: Option<Vec<Field<'a>>>,
}

pub struct Field<'a> {
    pub derive: Derive,
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: attr::Field,
    /// The key in `Response`: the rename, else the PascalCase field name.
    pub key: String,
}

impl<'a> Input<'a> {
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput, derive: Derive) -> Self {
        let attrs = attr::Container::from_ast(cx, &input.attrs);
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => Some(
                    named
                        .named
                        .iter()
                        .filter_map(|f| Some(Field::from_ast(cx, f, f.ident.as_ref()?, derive)))
                        .collect(),
                ),
                Fields::Unnamed(_) | Fields::Unit => None,
            },
            Data::Enum(_) | Data::Union(_) => None,
        };
        Input {
            derive,
            original: input,
            attrs,
            fields,
        }
    }
}

impl<'a> Field<'a> {
    fn from_ast(cx: &Ctxt, field: &'a syn::Field, ident: &'a Ident, derive: Derive) -> Self {
        let attrs = attr::Field::from_ast(cx, &field.attrs);
        let key = match attrs.rename.value() {
            Some(lit) => lit.value(),
            None => ident
                .to_string()
                .trim_start_matches("r#")
                .to_upper_camel_case(),
        };
        Field {
            derive,
            ident,
            ty: &field.ty,
            attrs,
            key,
        }
    }

    /// Filled from `Response.RequestId`: marked `#[tencent(request_id)]`, or keyed `RequestId`
    /// (which a field named `request_id` is by default). A model has no `RequestId`.
    pub fn is_request_id(&self) -> bool {
        self.derive == Derive::Response
            && (self.attrs.request_id.is_set()
                || (self.key == "RequestId" && !self.attrs.flatten.is_set()))
    }

    pub fn is_flatten(&self) -> bool {
        self.attrs.flatten.is_set()
    }
}
