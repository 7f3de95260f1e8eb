//! What reqwest gives back, read the crate's way: a body under a size cap, the server's
//! `Date`, and a reqwest failure classified into a [`TransportErrorKind`].

use crate::clock::{parse_http_date, unix_now};
use crate::error_chain::WithCauses;
use crate::{Error, HttpError, TransportError, TransportErrorKind};

/// The server's `Date` header of `response`, with the local time it arrived.
pub(super) fn server_date(response: &reqwest::Response) -> Option<(i64, i64)> {
    response
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|value| value.to_str().ok())
        .and_then(parse_http_date)
        .map(|server| (server, unix_now()))
}

/// The body of a 200 answer, read up to `max_body` bytes; any other status is an
/// [`Error::Http`] with an excerpt of its body.
pub(super) async fn read_body<C>(
    mut response: reqwest::Response,
    max_body: usize,
) -> Result<Vec<u8>, Error<C>> {
    let status = response.status().as_u16();
    if response
        .content_length()
        .is_some_and(|length| length > max_body as u64)
    {
        return Err(Error::Transport(too_large(max_body)));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Error::Transport(transport_error(e)))?
    {
        if body.len() + chunk.len() > max_body {
            return Err(Error::Transport(too_large(max_body)));
        }
        body.extend_from_slice(&chunk);
    }
    if status != 200 {
        return Err(Error::Http(HttpError::new(status, &body)));
    }
    Ok(body)
}

fn too_large(limit: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("the response body exceeds the limit of {limit} bytes"),
    )
}

/// Classifies a reqwest failure. reqwest errors name the URL (never a secret: the
/// credentials travel in headers) but not the headers.
pub(super) fn transport_error(e: reqwest::Error) -> TransportError {
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if never_written(&e) {
        TransportErrorKind::NotSent
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_request() || e.is_body() || e.is_decode() {
        TransportErrorKind::ConnectionClosed
    } else {
        TransportErrorKind::Other
    };
    TransportError::new(kind, WithCauses(e))
}

/// Whether hyper handed the request back without writing any of it. hyper reports that, and
/// only that, as a *canceled* error: a request queued on a connection that closed before
/// taking it ("connection closed"), or a connection that was not ready. A request hyper
/// started writing fails with another kind (an incomplete message, an I/O error), because
/// the server may have read it. hyper-util resends a canceled request by itself when the
/// connection was a reused one; what reaches here was canceled on a fresh connection.
fn never_written(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
            return hyper.is_canceled();
        }
        source = cause.source();
    }
    false
}
