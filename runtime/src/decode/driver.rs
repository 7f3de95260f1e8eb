//! The passes over a body: the top-level object, `Response`, and the second pass that lets a
//! later `Error` win over a data failure.

use std::fmt;

use serde::de::{self, Deserializer as _, IgnoredAny, MapAccess, Visitor};

use super::envelope::{LaterError, Pass, State};
use super::keys::{Key, KeySeed, TopKey};
use super::outcome::{body_error, outcome_without_data, precheck};
use super::value::{Object, ObjectReader, Scalar, ScalarSeed};
use super::RequestIdSlot;
use crate::error::bounded;
use crate::{BodyErrorKind, Error, ErrorCode};

/// What reads the inside of `Response`.
pub(super) trait Data<'de> {
    type Out;
    /// `Ok(None)` when `Response` holds an API error.
    fn response<A: MapAccess<'de>, C: ErrorCode>(
        self,
        map: A,
        st: &mut State<'de, C>,
    ) -> Result<Option<Self::Out>, A::Error>;
}

/// Decodes `bytes` with `data` reading the inside of `Response`; on a data failure, makes the
/// bounded second pass that lets a later `Error` win.
pub(super) fn run<'de, D: Data<'de>, C: ErrorCode>(
    bytes: &'de [u8],
    data: D,
) -> Result<(D::Out, RequestIdSlot<'de>), Error<C>> {
    precheck(bytes)?;
    let mut st = State::new(Pass::Full);
    let main = walk(bytes, data, &mut st);
    match main {
        Ok(Some(value)) => Ok((value, st.request_id)),
        Ok(None) => Err(outcome_without_data(bytes, st)),
        Err(e) => Err(failed(bytes, &e, st)),
    }
}

/// The outcome of a pass that failed. Kept out of line: successful bodies and API errors
/// never get here.
#[cold]
#[inline(never)]
fn failed<'de, C: ErrorCode>(
    bytes: &'de [u8],
    e: &serde_json::Error,
    mut st: State<'de, C>,
) -> Error<C> {
    if is_malformed(e, &st) {
        return Error::InvalidBody(body_error(bytes, e, &st));
    }
    // The pass stopped mid-stream. A second pass reads the rest: malformed JSON further on
    // wins over everything, and an `Error` further on wins over a data failure.
    let error_may_win = st
        .fault
        .as_ref()
        .is_none_or(|f| f.later_error == LaterError::Wins);
    let mut probe = State::<C>::new(Pass::Probe);
    let probed = walk(bytes, Probe, &mut probe);
    st.request_id = st.request_id.or_else(|| probe.request_id.clone());
    match probed {
        Err(pe) if error_may_win || is_malformed(&pe, &probe) => {
            Error::InvalidBody(body_error(bytes, &pe, &probe))
        }
        Ok(_) if error_may_win && probe.api.is_some() => outcome_without_data(bytes, probe),
        _ => Error::InvalidBody(body_error(bytes, e, &st)),
    }
}

/// Whether a pass stopped on malformed JSON: serde_json's own syntax errors, or a key the
/// decoder found invalid.
fn is_malformed<C>(e: &serde_json::Error, st: &State<'_, C>) -> bool {
    e.classify() != serde_json::error::Category::Data
        || st
            .fault
            .as_ref()
            .is_some_and(|f| f.kind == BodyErrorKind::Syntax)
}

fn walk<'de, D: Data<'de>, C: ErrorCode>(
    bytes: &'de [u8],
    data: D,
    st: &mut State<'de, C>,
) -> Result<Option<D::Out>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let out = (&mut de).deserialize_map(Top {
        data: Some(data),
        st,
    })?;
    de.end()?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The top level

struct Top<'a, 'de, D, C> {
    data: Option<D>,
    st: &'a mut State<'de, C>,
}

impl<'de, D: Data<'de>, C: ErrorCode> Visitor<'de> for Top<'_, 'de, D, C> {
    type Value = Option<D::Out>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Tencent Cloud response object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = None;
        while let Some(key) = map.next_key_seed(KeySeed::<TopKey>::NEW)? {
            match key {
                Key::Known(TopKey::Response) => match self.data.take() {
                    Some(data) => {
                        self.st.response_seen = true;
                        out = map.next_value_seed(Object(ResponseSeed {
                            data,
                            st: &mut *self.st,
                        }))?;
                    }
                    None if self.st.pass == Pass::Probe => {
                        map.next_value::<IgnoredAny>()?;
                    }
                    None => {
                        return Err(self.st.fail(
                            BodyErrorKind::DuplicateKey,
                            "Response",
                            LaterError::Loses,
                            format_args!("duplicate key `Response`"),
                        ));
                    }
                },
                Key::Known(TopKey::Code) => match map.next_value_seed(ScalarSeed)? {
                    Scalar::Int(code) => self.st.legacy_code = Some(code),
                    Scalar::Str(code) => self.st.legacy_code = code.trim().parse().ok(),
                    _ => {}
                },
                Key::Known(TopKey::Message) => {
                    if let Scalar::Str(message) = map.next_value_seed(ScalarSeed)? {
                        self.st.legacy_message = Some(bounded(&message, 4096));
                    }
                }
                Key::Known(TopKey::CodeDesc) => {
                    if let Scalar::Str(desc) = map.next_value_seed(ScalarSeed)? {
                        self.st.legacy_desc = Some(bounded(&desc, 4096));
                    }
                }
                Key::Other(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Invalid(why) => return Err(self.st.bad_key(why)),
            }
        }
        Ok(out)
    }
}

/// `Response`, read by the data's reader `D`.
struct ResponseSeed<'a, 'de, D, C> {
    data: D,
    st: &'a mut State<'de, C>,
}

impl<'de, D: Data<'de>, C: ErrorCode> ObjectReader<'de> for ResponseSeed<'_, 'de, D, C> {
    type Value = Option<D::Out>;
    const EXPECTING: &'static str = "the `Response` object";

    fn visit_object<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.data.response(map, self.st)
    }

    fn visit_null<E: de::Error>(self) -> Result<Self::Value, E> {
        self.not_object("null")
    }

    fn not_object<E: de::Error>(self, what: &'static str) -> Result<Self::Value, E> {
        Err(self.st.fail(
            BodyErrorKind::ResponseNotObject,
            "Response",
            LaterError::Loses,
            format_args!("`Response` is {what}, expected an object"),
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// The second pass: only `Error` and `RequestId`

struct Probe;

impl<'de> Data<'de> for Probe {
    type Out = ();

    fn response<A: MapAccess<'de>, C: ErrorCode>(
        self,
        mut map: A,
        st: &mut State<'de, C>,
    ) -> Result<Option<()>, A::Error> {
        st.finish_response(&mut map)?;
        Ok(None)
    }
}
