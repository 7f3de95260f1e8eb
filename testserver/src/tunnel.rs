//! `CONNECT` tunnels, for clients whose HTTP proxy support always tunnels (the official Node
//! SDK's proxy agent does, even for `http://` endpoints): the server accepts the tunnel and
//! serves plain HTTP inside it, where each request's `Host` names the product as it does
//! through the absolute-form proxy. HTTPS inside a tunnel (port 443) would need a certificate
//! the client trusts, so it is refused with a message that says to use `http`.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};

use crate::engine::{Body, State};

/// The answer to a `CONNECT` request; on success the tunnel is served in the background.
pub(crate) fn open(state: Arc<State>, request: Request<Incoming>) -> Response<Body> {
    let port = request.uri().port_u16();
    if port == Some(443) {
        let body = "tcapi-testserver tunnels plain HTTP only: set the client's scheme to http (CONNECT to port 80), it cannot serve HTTPS for a real host name\n";
        return state.respond(StatusCode::BAD_GATEWAY, "text/plain", Bytes::from(body));
    }
    tokio::spawn(async move {
        let Ok(upgraded) = hyper::upgrade::on(request).await else {
            return;
        };
        let service = service_fn(move |request| Arc::clone(&state).handle(request));
        let _ = http1::Builder::new()
            .serve_connection(upgraded, service)
            .await;
    });
    Response::new(Body::Left(Full::new(Bytes::new())))
}
