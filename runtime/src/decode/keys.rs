//! Keys. serde_json hands a key over as bytes without checking its UTF-8 (`deserialize_bytes`):
//! the keys the decoder looks for are ASCII and compared byte for byte, so only a key that
//! matches none of them is checked, here, as serde_json checks a string.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Visitor};

/// A key of a map the decoder reads itself.
pub(super) enum Key<'de, K> {
    /// A key the reader looks for.
    Known(K),
    /// Any other key.
    Other(Cow<'de, str>),
    /// A key that is not a valid JSON string; the text says what it holds.
    Invalid(&'static str),
}

/// The keys a reader looks for.
pub(super) trait KeySet {
    type Key;
    /// The key `raw` is, if it is one of them.
    fn known(raw: &[u8]) -> Option<Self::Key>;
}

/// Reads a key, telling apart the keys of `M`.
pub(super) struct KeySeed<M>(PhantomData<M>);

impl<M> KeySeed<M> {
    pub(super) const NEW: Self = KeySeed(PhantomData);
}

impl<'de, M: KeySet> DeserializeSeed<'de> for KeySeed<M> {
    type Value = Key<'de, M::Key>;
    fn deserialize<De: de::Deserializer<'de>>(self, d: De) -> Result<Self::Value, De::Error> {
        d.deserialize_bytes(self)
    }
}

impl<'de, M: KeySet> Visitor<'de> for KeySeed<M> {
    type Value = Key<'de, M::Key>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    /// A key without escapes, as it stands in the body.
    fn visit_borrowed_bytes<E: de::Error>(self, raw: &'de [u8]) -> Result<Self::Value, E> {
        if let Some(known) = M::known(raw) {
            return Ok(Key::Known(known));
        }
        Ok(check_raw_key(raw).map_or_else(Key::Invalid, |key| Key::Other(Cow::Borrowed(key))))
    }

    /// A key with escapes, decoded.
    fn visit_bytes<E: de::Error>(self, decoded: &[u8]) -> Result<Self::Value, E> {
        if let Some(known) = M::known(decoded) {
            return Ok(Key::Known(known));
        }
        Ok(check_decoded_key(decoded)
            .map_or_else(Key::Invalid, |key| Key::Other(Cow::Owned(key.to_owned()))))
    }
}

/// Checks a key that no reader looks for, given as it stands in the body (no escapes), as
/// serde_json checks a string; `Err` says what makes it malformed.
pub(super) fn check_raw_key(raw: &[u8]) -> Result<&str, &'static str> {
    if raw.iter().any(|&b| b < 0x20) {
        return Err("a control character");
    }
    std::str::from_utf8(raw).map_err(|_| "invalid UTF-8")
}

/// Checks a key that no reader looks for, given with its escapes decoded. A control character
/// in it may come from an escape (`\n`), so only UTF-8 can be checked: a lone surrogate
/// escape fails there.
pub(super) fn check_decoded_key(decoded: &[u8]) -> Result<&str, &'static str> {
    std::str::from_utf8(decoded).map_err(|_| "invalid UTF-8")
}

// ---------------------------------------------------------------------------------------------
// The key sets

/// The keys of the top-level object: `Response` and the legacy (pre-3.0) error keys.
pub(super) enum TopKey {
    Response,
    Code,
    Message,
    CodeDesc,
}

impl KeySet for TopKey {
    type Key = Self;
    #[inline]
    fn known(raw: &[u8]) -> Option<Self> {
        Some(match raw {
            b"Response" => TopKey::Response,
            b"code" => TopKey::Code,
            b"message" => TopKey::Message,
            b"codeDesc" => TopKey::CodeDesc,
            _ => return None,
        })
    }
}

/// The keys of `Response.Error`.
pub(super) enum ErrorKey {
    Code,
    Message,
}

impl KeySet for ErrorKey {
    type Key = Self;
    #[inline]
    fn known(raw: &[u8]) -> Option<Self> {
        Some(match raw {
            b"Code" => ErrorKey::Code,
            b"Message" => ErrorKey::Message,
            _ => return None,
        })
    }
}

/// A key of `Response`: one of the envelope's, or one of the data's (`D`).
pub(super) enum ResponseKey<D> {
    Error,
    RequestId,
    Data(D),
}

/// The keys of `Response`: the envelope's, then those of the data's key set `D`.
pub(super) struct ResponseKeys<D>(PhantomData<D>);

impl<D: KeySet> KeySet for ResponseKeys<D> {
    type Key = ResponseKey<D::Key>;
    #[inline]
    fn known(raw: &[u8]) -> Option<Self::Key> {
        Some(match raw {
            b"Error" => ResponseKey::Error,
            b"RequestId" => ResponseKey::RequestId,
            _ => ResponseKey::Data(D::known(raw)?),
        })
    }
}

/// The data's key set of a reader that looks for no data key by name.
pub(super) enum NoDataKeys {}

impl KeySet for NoDataKeys {
    type Key = Infallible;
    #[inline]
    fn known(_: &[u8]) -> Option<Infallible> {
        None
    }
}
