//! What one pass learns about the envelope (`Error`, `RequestId`, the legacy keys, the first
//! fault), and how it reads the envelope's own keys of `Response`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess};

use super::keys::{ErrorKey, Key, KeySeed, KeySet, NoDataKeys, ResponseKey, ResponseKeys};
use super::value::{Object, ObjectReader, Scalar, ScalarSeed};
use super::RequestIdSlot;
use crate::{BodyErrorKind, ErrorCode};

/// Which pass over the body a [`State`] belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Pass {
    /// The pass that reads everything.
    Full,
    /// The second pass after a data failure: it looks only for `Error` and `RequestId`, and
    /// only `Error` can fail it.
    Probe,
}

/// Whether an `Error` later in the body still wins over a fault.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum LaterError {
    /// It wins: the pass stopped before reaching it, so a second pass looks for it.
    Wins,
    /// The fault is the outcome.
    Loses,
}

/// Why the decoder itself stopped a pass, kept beside the `serde` error it returned.
pub(super) struct Fault {
    pub(super) kind: BodyErrorKind,
    pub(super) key: Option<&'static str>,
    pub(super) later_error: LaterError,
}

/// What one pass has learned so far.
pub(super) struct State<'de, C> {
    pub(super) pass: Pass,
    pub(super) api: Option<(C, Cow<'de, str>)>,
    pub(super) request_id: RequestIdSlot<'de>,
    request_id_seen: bool,
    pub(super) response_seen: bool,
    pub(super) fault: Option<Fault>,
    /// The last key handed to the data type, for error reports.
    pub(super) key: Option<Cow<'de, str>>,
    pub(super) legacy_code: Option<i64>,
    pub(super) legacy_message: Option<String>,
    pub(super) legacy_desc: Option<String>,
}

/// A key of `Response` once the envelope has taken its part.
pub(super) enum Entry<'de, D> {
    /// `Error`, read; [`State::api`] holds it if it was a valid one.
    Error,
    /// `RequestId`, read; its string is new and now in [`State::request_id`].
    RequestId,
    /// `RequestId`, read and not kept: `null`, a repeat, or not a string on a lenient read.
    IgnoredRequestId,
    /// A key of the data's key set; its value is unread.
    Data(D),
    /// Any other key; its value is unread.
    Other(Cow<'de, str>),
}

impl<'de, C: ErrorCode> State<'de, C> {
    pub(super) fn new(pass: Pass) -> Self {
        State {
            pass,
            api: None,
            request_id: None,
            request_id_seen: false,
            response_seen: false,
            fault: None,
            key: None,
            legacy_code: None,
            legacy_message: None,
            legacy_desc: None,
        }
    }

    #[cold]
    pub(super) fn fail<E: de::Error>(
        &mut self,
        kind: BodyErrorKind,
        key: &'static str,
        later_error: LaterError,
        message: fmt::Arguments<'_>,
    ) -> E {
        self.fault = Some(Fault {
            kind,
            key: Some(key),
            later_error,
        });
        E::custom(message)
    }

    /// A key that is not a valid JSON string. Malformed JSON, like serde_json's own syntax
    /// errors: it wins over everything else.
    #[cold]
    pub(super) fn bad_key<E: de::Error>(&mut self, why: &str) -> E {
        self.malformed_key();
        E::custom(format_args!("a key holds {why}"))
    }

    /// Records that the pass stopped on a malformed key (here or in a nested object).
    #[cold]
    pub(super) fn malformed_key(&mut self) {
        self.fault = Some(Fault {
            kind: BodyErrorKind::Syntax,
            key: None,
            later_error: LaterError::Loses,
        });
    }

    /// Reads the next key of `Response` and, for `Error` and `RequestId`, its value; hands
    /// every other key back with its value unread. `None` at the end of `Response`.
    // Always inlined: it is the body of every key loop over `Response`, on the hot path, and
    // inlined its `Entry` folds into the caller's `match`.
    #[inline(always)]
    pub(super) fn next_entry<D: KeySet, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
    ) -> Result<Option<Entry<'de, D::Key>>, A::Error> {
        let Some(key) = map.next_key_seed(KeySeed::<ResponseKeys<D>>::NEW)? else {
            return Ok(None);
        };
        Ok(Some(match key {
            Key::Known(ResponseKey::Error) => {
                self.visit_error(map)?;
                Entry::Error
            }
            Key::Known(ResponseKey::RequestId) => self.visit_request_id(map)?,
            Key::Known(ResponseKey::Data(key)) => Entry::Data(key),
            Key::Other(key) => Entry::Other(key),
            Key::Invalid(why) => return Err(self.bad_key(why)),
        }))
    }

    /// Reads the rest of `Response` for the envelope alone: `Error` and `RequestId` as
    /// [`State::next_entry`] does, every other value skipped.
    pub(super) fn finish_response<A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
    ) -> Result<(), A::Error> {
        while let Some(entry) = self.next_entry::<NoDataKeys, A>(map)? {
            match entry {
                Entry::Other(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
                Entry::Data(never) => match never {},
                Entry::Error | Entry::RequestId | Entry::IgnoredRequestId => {}
            }
        }
        Ok(())
    }

    /// Reads the value of `Response.Error`.
    fn visit_error<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        if self.api.is_some() {
            return map.next_value::<IgnoredAny>().map(drop);
        }
        map.next_value_seed(Object(ErrorSeed { st: self }))
    }

    /// Reads the value of `Response.RequestId`.
    fn visit_request_id<D, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
    ) -> Result<Entry<'de, D>, A::Error> {
        let value = map.next_value_seed(ScalarSeed)?;
        let strict = self.pass == Pass::Full && self.api.is_none();
        if self.request_id_seen {
            if strict {
                return Err(self.fail(
                    BodyErrorKind::DuplicateKey,
                    "RequestId",
                    LaterError::Wins,
                    format_args!("duplicate key `RequestId`"),
                ));
            }
            return Ok(Entry::IgnoredRequestId);
        }
        self.request_id_seen = true;
        match value {
            Scalar::Str(id) => {
                self.request_id = Some(id);
                Ok(Entry::RequestId)
            }
            Scalar::Null => Ok(Entry::IgnoredRequestId),
            other if strict => Err(self.fail(
                BodyErrorKind::InvalidRequestId,
                "RequestId",
                LaterError::Wins,
                format_args!("`RequestId` is {}, expected a string", other.describe()),
            )),
            _ => Ok(Entry::IgnoredRequestId),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// `Response.Error`

struct ErrorSeed<'a, 'de, C> {
    st: &'a mut State<'de, C>,
}

impl<C: ErrorCode> ErrorSeed<'_, '_, C> {
    /// `Response.Error` is there but unusable. That is the outcome: the first `Error` counts,
    /// so no later one can replace it.
    #[cold]
    fn fail<E: de::Error>(self, kind: BodyErrorKind, message: fmt::Arguments<'_>) -> E {
        self.st.fail(kind, "Error", LaterError::Loses, message)
    }
}

impl<'de, C: ErrorCode> ObjectReader<'de> for ErrorSeed<'_, 'de, C> {
    type Value = ();
    const EXPECTING: &'static str = "the `Response.Error` object";

    fn visit_object<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut code: Option<C> = None;
        let mut empty_code = false;
        let mut message: Option<Cow<'de, str>> = None;
        while let Some(key) = map.next_key_seed(KeySeed::<ErrorKey>::NEW)? {
            match key {
                Key::Known(ErrorKey::Code) => match map.next_value_seed(ScalarSeed)? {
                    Scalar::Str(_) if code.is_some() || empty_code => {}
                    Scalar::Str(c) if c.is_empty() => empty_code = true,
                    Scalar::Str(c) => code = Some(C::parse(&c)),
                    other => {
                        return Err(self.fail(
                            BodyErrorKind::InvalidCode,
                            format_args!(
                                "`Response.Error.Code` is {}, expected a non-empty string",
                                other.describe()
                            ),
                        ));
                    }
                },
                Key::Known(ErrorKey::Message) => match map.next_value_seed(ScalarSeed)? {
                    Scalar::Str(_) | Scalar::Null if message.is_some() => {}
                    Scalar::Str(m) => message = Some(m),
                    Scalar::Null => message = Some(Cow::Borrowed("")),
                    other => {
                        return Err(self.fail(
                            BodyErrorKind::InvalidMessage,
                            format_args!(
                                "`Response.Error.Message` is {}, expected a string",
                                other.describe()
                            ),
                        ));
                    }
                },
                Key::Other(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Invalid(why) => return Err(self.st.bad_key(why)),
            }
        }
        match code {
            Some(code) => {
                self.st.api = Some((code, message.unwrap_or_default()));
                Ok(())
            }
            // `{"Code": "", "Message": ""}` is the "no error" placeholder some services (tbp)
            // put beside the data of a successful call; the Go SDK reads it the same way.
            None if empty_code && message.as_deref().is_none_or(str::is_empty) => Ok(()),
            None if empty_code => Err(self.fail(
                BodyErrorKind::InvalidCode,
                format_args!(
                    "`Response.Error.Code` is an empty string beside a message, expected a code"
                ),
            )),
            None => Err(self.fail(
                BodyErrorKind::MissingCode,
                format_args!("`Response.Error` has no `Code`"),
            )),
        }
    }

    /// `"Error": null` reads as if `Error` were absent.
    fn visit_null<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn not_object<E: de::Error>(self, what: &'static str) -> Result<(), E> {
        Err(self.fail(
            BodyErrorKind::ErrorNotObject,
            format_args!(
                "`Response.Error` is {what}, expected an object with `Code` and `Message`"
            ),
        ))
    }
}
