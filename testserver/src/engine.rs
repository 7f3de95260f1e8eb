//! The engine: the state a server shares between its connections, and how a request is
//! handled, from its arrival to its answer: faults, the metadata service and tunnels first,
//! then the signature (TC3, or a legacy one), the rate limit, the product's checks, a
//! registered answer or the action's own, and the counts and logs tests read.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_TYPE, DATE};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Map, Value};
use tcapi::clock::{format_http_date, unix_now};

use crate::auth;
use crate::calls::{self, Call};
use crate::catalog;
use crate::config::Config;
use crate::error::{api_error, missing, ApiError, Dropped};
use crate::fault::{self, Fault};
use crate::form;
use crate::identity::{self, Identity};
use crate::legacy;
use crate::products;
use crate::received;
use crate::registry;
use crate::request::{header, parameters};
use crate::stream::{self, Shape};
use crate::sync::lock;
use crate::tc3;
use crate::tunnel;

/// The largest request body accepted (Tencent Cloud's limit for POST is 10 MB).
pub const MAX_REQUEST_BODY: usize = 10 * 1024 * 1024;

/// The body of an answer: whole, or streamed as it is produced.
pub(crate) type Body = http_body_util::Either<Full<Bytes>, stream::Events>;

/// The per-second limit, counted in fixed one-second windows.
pub(crate) struct Limiter {
    pub(crate) limit: Option<u32>,
    window: Instant,
    admitted: u32,
}

/// Executions per action and per `ClientToken`, and answers per error code.
#[derive(Default)]
pub(crate) struct Counts {
    pub(crate) executed: HashMap<String, u64>,
    pub(crate) tokens: HashMap<String, u64>,
    pub(crate) errors: HashMap<String, u64>,
}

/// What every connection of a server shares: its settings, credentials, faults, counters
/// and logs.
pub(crate) struct State {
    pub(crate) keyring: auth::Keyring,
    pub(crate) clock_offset: AtomicI64,
    pub(crate) limiter: Mutex<Limiter>,
    pub(crate) faults: Mutex<VecDeque<(Option<String>, Fault)>>,
    pub(crate) periodic: Mutex<Vec<(u64, Fault)>>,
    pub(crate) requests: AtomicU64,
    next_id: AtomicU64,
    id_seed: RandomState,
    pub(crate) counts: Mutex<Counts>,
    dedupe: bool,
    pub(crate) served: products::Served,
    pub(crate) identity: Identity,
    pub(crate) inspection: received::Inspection,
    /// Connections accepted, for tests that check whether a client reused one.
    pub(crate) connections: AtomicU64,
    pub(crate) registry: registry::Registry,
    pub(crate) calls: calls::Calls,
    pub(crate) streams: stream::StreamCounters,
}

/// An authenticated request, routed to its product: what answering it needs.
pub(crate) struct Routed<'a> {
    pub(crate) method: &'a Method,
    /// The query of a GET (empty otherwise).
    pub(crate) query: &'a str,
    /// The JSON body of a POST.
    pub(crate) body: &'a [u8],
    pub(crate) service: &'a str,
    pub(crate) action: &'a str,
    pub(crate) version: &'a str,
    pub(crate) caller: calls::Caller,
}

/// What a request is answered: the JSON body, and how to stream it if it asked for a stream.
pub(crate) struct Answered {
    body: Value,
    stream: Option<Shape>,
}

impl Answered {
    pub(crate) fn json(body: Value) -> Answered {
        Answered { body, stream: None }
    }
}

impl State {
    pub(crate) fn new(config: &Config) -> Self {
        State {
            keyring: auth::Keyring::default(),
            clock_offset: AtomicI64::new(config.clock_offset),
            limiter: Mutex::new(Limiter {
                limit: config.rate_limit,
                window: Instant::now(),
                admitted: 0,
            }),
            faults: Mutex::new(VecDeque::new()),
            periodic: Mutex::new(Vec::new()),
            requests: AtomicU64::new(0),
            next_id: AtomicU64::new(1),
            id_seed: RandomState::new(),
            counts: Mutex::new(Counts::default()),
            dedupe: config.dedupe_client_tokens,
            served: products::Served::new(config.products.clone()),
            identity: Identity::default(),
            inspection: received::Inspection::new(),
            connections: AtomicU64::new(0),
            registry: registry::Registry::default(),
            calls: calls::Calls::default(),
            streams: stream::StreamCounters::default(),
        }
    }

    pub(crate) fn now(&self) -> i64 {
        unix_now() + self.clock_offset.load(Ordering::Relaxed)
    }

    /// A fresh RequestId shaped like Tencent's (a UUID v4).
    pub(crate) fn request_id(&self) -> String {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut hasher = self.id_seed.build_hasher();
        hasher.write_u64(n);
        let high = hasher.finish();
        hasher.write_u64(high);
        let low = hasher.finish();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xffff,
            high & 0xfff,
            0x8000 | ((low >> 48) & 0x3fff),
            low & 0xffff_ffff_ffff
        )
    }

    fn take_fault(&self, action: &str) -> Option<Fault> {
        let received = self.requests.load(Ordering::Relaxed);
        if let Some((_, fault)) = lock(&self.periodic).iter().find(|(n, _)| received % n == 0) {
            return Some(fault.clone());
        }
        let mut faults = lock(&self.faults);
        let index = faults
            .iter()
            .position(|(only, _)| only.as_deref().is_none_or(|only| only == action))?;
        faults.remove(index).map(|(_, fault)| fault)
    }

    /// Admit a request under the per-second limit.
    fn admit(&self) -> Result<(), ApiError> {
        let mut limiter = lock(&self.limiter);
        let Some(limit) = limiter.limit else {
            return Ok(());
        };
        if limiter.window.elapsed() >= Duration::from_secs(1) {
            limiter.window = Instant::now();
            limiter.admitted = 0;
        }
        if limiter.admitted >= limit {
            return Err(api_error(
                "RequestLimitExceeded",
                format!(
                    "Your current request times equals to `{}` in a second, which exceeds the frequency limit `{limit}` for a second. Please reduce the frequency of calls.",
                    limiter.admitted + 1
                ),
            ));
        }
        limiter.admitted += 1;
        Ok(())
    }

    pub(crate) async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> Result<Response<Body>, Dropped> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let (parts, body) = request.into_parts();
        self.inspection
            .record(&parts.method, &parts.uri, &parts.headers);
        if identity::is_metadata(parts.uri.path()) {
            return Ok(identity::metadata(&self, parts.uri.path()).await);
        }
        if parts.method == Method::CONNECT {
            return Ok(tunnel::open(self, Request::from_parts(parts, body)));
        }
        let body = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => {
                let error = api_error(
                    "RequestSizeLimitExceeded",
                    "The request body is larger than 10 MB or was cut off.",
                );
                return Ok(self.error_response(&error));
            }
        };
        // A legacy request names its action in its parameters, the body of a POST.
        let action = legacy::action_of(&parts.method, &parts.uri, &parts.headers, &body);
        let mut fault = self.take_fault(&action);
        match fault {
            Some(Fault::Html502) => {
                return Ok(self.respond(
                    StatusCode::BAD_GATEWAY,
                    "text/html",
                    Bytes::from_static(
                        b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                    ),
                ));
            }
            Some(Fault::HttpStatus(status)) => {
                let status =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let body = format!("{status}\n");
                return Ok(self.respond(status, "text/plain", Bytes::from(body)));
            }
            Some(Fault::Body(ref body)) => {
                let body = Bytes::from(body.clone());
                return Ok(self.respond(StatusCode::OK, "application/json", body));
            }
            Some(Fault::DropConnection) => return Err(Dropped),
            Some(Fault::Slow(delay)) => {
                tokio::time::sleep(delay).await;
                fault = None;
            }
            _ => {}
        }
        let plan = fault::stream_plan(&fault);
        let answer = self.process(&parts.method, &parts.uri, &parts.headers, &body, fault);
        Ok(match answer {
            Ok(Answered {
                body,
                stream: Some(shape),
            }) => stream::respond(self, &body, shape, plan),
            Ok(Answered { body, .. }) => self.respond(
                StatusCode::OK,
                "application/json",
                Bytes::from(body.to_string()),
            ),
            Err(error) => self.error_response(&error),
        })
    }

    fn error_response(&self, error: &ApiError) -> Response<Body> {
        *lock(&self.counts)
            .errors
            .entry(error.code.clone())
            .or_default() += 1;
        let body = json!({
            "Response": {
                "Error": { "Code": error.code, "Message": error.message },
                "RequestId": self.request_id(),
            }
        });
        self.respond(
            StatusCode::OK,
            "application/json",
            Bytes::from(body.to_string()),
        )
    }

    pub(crate) fn respond(
        &self,
        status: StatusCode,
        content_type: &'static str,
        body: Bytes,
    ) -> Response<Body> {
        let mut response = Response::new(Body::Left(Full::new(body)));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(date) = HeaderValue::from_str(&format_http_date(self.now())) {
            headers.insert(DATE, date);
        }
        response
    }

    fn process(
        &self,
        method: &Method,
        uri: &hyper::Uri,
        headers: &HeaderMap,
        body: &[u8],
        fault: Option<Fault>,
    ) -> Result<Answered, ApiError> {
        let query = uri.query().unwrap_or("");
        if *method != Method::POST && *method != Method::GET {
            return Err(api_error(
                "UnsupportedProtocol",
                "Only GET and POST requests are supported.",
            ));
        }
        let Some(action_name) = header(headers, "x-tc-action") else {
            return legacy::process(self, method, uri, headers, body, fault);
        };
        let version = header(headers, "x-tc-version").ok_or_else(|| missing("Version"))?;
        let timestamp = header(headers, "x-tc-timestamp").ok_or_else(|| missing("Timestamp"))?;
        let timestamp = auth::parse_timestamp(timestamp)?;
        if action_name == "AssumeRoleWithWebIdentity" {
            let params = parameters(method, query, body)?;
            return identity::assume_role_with_web_identity(self, headers, version, &params)
                .map(Answered::json);
        }
        let invalid_authorization = || {
            api_error(
                "AuthFailure.InvalidAuthorization",
                "The `Authorization` header is missing or malformed.",
            )
        };
        let region = header(headers, "x-tc-region").map(str::to_owned);
        if received::is_unsigned(headers) {
            let service = self.inspection.unsigned_service(headers, action_name)?;
            let call = Routed {
                method,
                query,
                body,
                service: &service,
                action: action_name,
                version,
                caller: calls::Caller {
                    secret_id: String::new(),
                    region,
                },
            };
            return self.answer(call, fault);
        }
        let authorization = header(headers, "authorization").ok_or_else(invalid_authorization)?;
        let authorization =
            tc3::parse_authorization(authorization).ok_or_else(invalid_authorization)?;
        received::check_host(headers, authorization.service)?;

        let credentials =
            self.keyring
                .signing_credentials(authorization.secret_id, timestamp, self.now())?;
        tc3::verify_signature(
            method,
            uri,
            headers,
            body,
            &authorization,
            timestamp,
            &credentials.secret_key,
        )?;
        credentials.check_token(header(headers, "x-tc-token"), self.now())?;
        let caller = calls::Caller {
            secret_id: authorization.secret_id.to_owned(),
            region,
        };
        let mut call = Routed {
            method,
            query,
            body,
            service: authorization.service,
            action: action_name,
            version,
            caller,
        };
        if *method == Method::POST && form::is_form(headers) {
            // The answer path reads a JSON body: a form body is handed on as the object it
            // encodes.
            let json = Value::Object(form::decode(body)?).to_string();
            call.query = "";
            call.body = json.as_bytes();
            return self.answer(call, fault);
        }
        self.answer(call, fault)
    }

    /// Executes an authenticated request routed to its product, or answers its fault: the
    /// registered answer that matches it, else the action's own.
    pub(crate) fn answer(
        &self,
        call: Routed<'_>,
        fault: Option<Fault>,
    ) -> Result<Answered, ApiError> {
        let Routed {
            method,
            query,
            body,
            service,
            action: action_name,
            version,
            caller,
        } = call;
        self.served.check_served(service)?;
        self.admit()?;
        if service == "sts" && action_name == "AssumeRole" {
            return identity::assume_role(self, version, &parameters(method, query, body)?)
                .map(Answered::json);
        }
        let params = parameters(method, query, body)?;
        // An empty service is a legacy call to an IP host for an action a test answers for
        // any product: no product to route to.
        let routed = match catalog::Catalog::global().route(service, version, action_name) {
            Ok(found) => Some(found),
            Err(_) if service.is_empty() || self.served.defines(service, version, action_name) => {
                None
            }
            Err(e) => return Err(api_error(e.code(), e.to_string())),
        };
        if let Some((product, action)) = routed {
            product
                .check(action, &params)
                .map_err(|v| api_error(v.code, v.message))?;
        }
        let client_token = params
            .get("ClientToken")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty());
        let asked = params
            .get("Stream")
            .is_some_and(|asked| asked == &Value::Bool(true) || asked == "true");
        // Whether the answer streams, and then whether as a chat model's (its output has
        // `Choices`).
        let chat = match routed {
            Some((product, action)) if asked && action.streams() => {
                Some(product.output_has(action, "Choices"))
            }
            _ => None,
        };
        self.calls.record(Call {
            service: service.to_owned(),
            version: version.to_owned(),
            action: action_name.to_owned(),
            region: caller.region,
            secret_id: caller.secret_id,
            params: params.clone(),
        });

        fault::injected_error(fault, || self.execute(action_name, client_token))?;
        // A ClientToken executed before is answered as done without executing it again.
        self.execute(action_name, client_token);
        let default = || match routed {
            Some((product, action)) => stream::json_answer(service, version, action_name)
                .unwrap_or_else(|| product.answer(action)),
            None => Map::new(),
        };
        let mut response =
            match self
                .registry
                .registered_answer(service, action_name, &params, default)
            {
                Some(registered) => registered?,
                None => default(),
            };
        let stream = chat.map(|chat| Shape::of(chat, &response));
        if !response.contains_key("RequestId") {
            response.insert("RequestId".to_owned(), Value::String(self.request_id()));
        }
        Ok(Answered {
            body: json!({ "Response": response }),
            stream,
        })
    }

    /// Counts an execution, unless a `ClientToken` already executed de-duplicates it.
    fn execute(&self, action: &str, client_token: Option<&str>) {
        let mut counts = lock(&self.counts);
        if let Some(token) = client_token {
            let executed = counts.tokens.entry(token.to_owned()).or_default();
            if self.dedupe && *executed > 0 {
                return;
            }
            *executed += 1;
        }
        *counts.executed.entry(action.to_owned()).or_default() += 1;
    }
}
