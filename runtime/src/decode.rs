//! (in progress) single-pass decoding for any `serde::Deserialize` type.

use core::marker::PhantomData;

use crate::{CommonCode, Error, ErrorCode, TencentResponse};

/// A `T` decoded from a response, with the `RequestId` beside it.
#[derive(Debug, Clone)]
pub struct Decoded<T, C = CommonCode> {
    data: T,
    request_id: Option<String>,
    code: PhantomData<fn() -> C>,
}

impl<T, C> Decoded<T, C> {
    /// The `RequestId` of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// Decodes `bytes` as a response whose `Response` deserializes into `T`.
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<Decoded<T>, Error> {
    decode_with(bytes)
}

/// [`decode`] with the error codes typed by `C`.
pub fn decode_with<T: serde::de::DeserializeOwned, C: ErrorCode>(bytes: &[u8]) -> Result<Decoded<T, C>, Error<C>> {
    let _ = bytes;
    todo!("issue 3, in progress")
}

impl<T: serde::de::DeserializeOwned, C: ErrorCode> TencentResponse for Decoded<T, C> {
    type Code = C;
    fn from_slice(bytes: &[u8]) -> Result<Self, Error<C>> {
        decode_with(bytes)
    }
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}
