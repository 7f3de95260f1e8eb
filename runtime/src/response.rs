//! [`TencentResponse`]: a type decoded from an API 3.0 response body in one pass.

use std::io::Read;

use crate::{Error, ErrorCode, TransportError};

/// A response type of a Tencent Cloud action, decoded from the API 3.0 envelope
/// `{"Response": {..., "RequestId": "..."}}` in a single pass, with `Response.Error`
/// reported as [`Error::Api`] typed by [`Self::Code`](TencentResponse::Code).
///
/// Implemented by `#[derive(TencentResponse)]` for a plain struct (see the
/// [derive's documentation](derive@crate::TencentResponse)), and by
/// [`Decoded<T, C>`](crate::Decoded) for any `serde::Deserialize` type.
///
/// # The derive
///
/// ```
/// #[tcapi::error_codes(product = "aiart")]
/// pub enum AiartCode {}
///
/// #[derive(Debug, tcapi::TencentResponse)]
/// #[tencent(codes = AiartCode)]                 // optional; default tcapi::CommonCode
/// pub struct TextToImageLiteResponse {
///     pub result_image: Option<String>,         // key "ResultImage": PascalCase by default
///     #[tencent(rename = "Seed")]               // explicit key
///     pub seed_value: Option<i64>,
///     pub request_id: String,                   // filled from "RequestId"
/// }
///
/// let body = br#"{"Response":{"ResultImage":"https://x/y.png","Seed":7,"RequestId":"r-1"}}"#;
/// let resp = TextToImageLiteResponse::from_slice(body)?;
/// assert_eq!(resp.seed_value, Some(7));
///
/// let body = br#"{"Response":{"Error":{"Code":"FailedOperation.ImageDecodeFailed","Message":"bad image"},"RequestId":"r-2"}}"#;
/// match TextToImageLiteResponse::from_slice(body) {
///     Err(tcapi::Error::Api(e)) => {
///         assert_eq!(e.code(), &AiartCode::FailedOperationImageDecodeFailed);
///         assert_eq!(e.request_id(), "r-2");
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), tcapi::Error<AiartCode>>(())
/// ```
///
/// The struct needs no serde derive. Its fields' keys, the attributes, nested types
/// ([`tcapi::Model`](crate::Model)) and what happens without a RequestId field are described
/// on [the derive](derive@crate::TencentResponse).
///
/// The derive also gives the type inherent `from_slice`, `from_str` and `from_reader`
/// functions that forward here, so callers need no `use tcapi::TencentResponse` (the way
/// `serde_json::from_slice` needs no trait import). Generic code (an HTTP client) names the
/// trait:
///
/// ```
/// fn call<R: tcapi::TencentResponse>(body: &[u8]) -> Result<R, tcapi::Error<R::Code>> {
///     R::from_slice(body)
/// }
/// # let ok: tcapi::Decoded<serde_json::Value> = call(br#"{"Response":{"RequestId":"r"}}"#).unwrap();
/// # assert_eq!(ok.request_id(), Some("r"));
/// ```
pub trait TencentResponse: Sized {
    /// The error-code enum of `Error::Api` (a `#[tcapi::error_codes]` enum, or
    /// [`CommonCode`](crate::CommonCode)).
    type Code: ErrorCode;

    /// Decodes a response body.
    ///
    /// - `{"Response": {..., "RequestId": ...}}` gives `Ok` with the fields filled in;
    /// - a `Response.Error` gives [`Error::Api`], wherever the key stands and whatever else
    ///   the body holds, as long as the body is well-formed JSON;
    /// - an API 2.0 error body `{"code": <non-zero>, ...}` gives [`Error::Legacy`];
    /// - anything else gives [`Error::InvalidBody`] with the position and an excerpt.
    ///
    /// It never panics and never recurses deeper than 128 levels, whatever the bytes.
    fn from_slice(bytes: &[u8]) -> Result<Self, Error<Self::Code>>;

    /// Decodes a response body held as a string; see [`TencentResponse::from_slice`].
    fn from_str(text: &str) -> Result<Self, Error<Self::Code>> {
        Self::from_slice(text.as_bytes())
    }

    /// Reads `reader` to its end, then decodes the bytes; see [`TencentResponse::from_slice`].
    /// An I/O error becomes [`Error::Transport`].
    ///
    /// The whole body is buffered (decoding from a slice is faster than from a reader, and
    /// it lets an `Error` that follows a bad field still win). Cap the size of untrusted
    /// bodies before calling this, for example with [`Read::take`].
    fn from_reader<R: Read>(mut reader: R) -> Result<Self, Error<Self::Code>> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Transport(TransportError::from(e)))?;
        Self::from_slice(&bytes)
    }

    /// The `RequestId` of the response, when the type keeps it (an empty one counts as none).
    /// A type without a RequestId field returns `None`; the RequestId of a failed call is on
    /// the error ([`Error::request_id`]).
    fn request_id(&self) -> Option<&str>;
}
