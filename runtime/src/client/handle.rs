//! [`Client`]: the handle every call starts from, the state its clones share, and every method
//! of it. The methods that stream (events, pages) are thin wrappers here; their logic is in
//! [`stream`](super::stream) and [`paginate`](crate::paginate).

use core::fmt;
use core::time::Duration;
use std::sync::Arc;

use serde::Serialize;

use super::builder::{ClientBuilder, RetryHook};
use super::call::Call;
use super::endpoint::EndpointResolver;
use super::options::ClientOptions;
use super::stream::{ChunkStream, StreamOptions};
use crate::clock::ClockSkew;
use crate::decode::Fields;
use crate::paginate::{PageError, Paginated, Stream};
use crate::retry::RetryPolicy;
use crate::sign::ProvideCredentials;
use crate::{Action, Error, TencentResponse};

/// A Tencent Cloud API 3.0 client. Cheap to clone (the clones share connections and the
/// learned clock offset).
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// What the clones of a client share.
pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) provider: Arc<dyn ProvideCredentials>,
    pub(super) region: Option<String>,
    pub(super) endpoints: EndpointResolver,
    pub(super) options: ClientOptions,
    pub(super) policy: RetryPolicy,
    pub(super) timeout: Duration,
    pub(super) max_body: usize,
    pub(super) clock: ClockSkew,
    pub(super) on_retry: Option<RetryHook>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("region", &self.inner.region)
            .field("endpoints", &self.inner.endpoints)
            .field("policy", &self.inner.policy)
            .field("clock_offset", &self.inner.clock.offset_secs())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with the default settings for `region`.
    ///
    /// # Panics
    ///
    /// When the TLS backend cannot be initialised, like `reqwest::Client::new`; use
    /// [`Client::builder`] to get that as an error.
    pub fn new(
        credentials: impl ProvideCredentials + 'static,
        region: impl Into<String>,
    ) -> Client {
        match Client::builder(credentials, region).build() {
            Ok(client) => client,
            Err(e) => panic!("tcapi::client::Client::new: {e}"),
        }
    }

    /// A builder for a client with `credentials` (or any [`ProvideCredentials`]) for `region`.
    pub fn builder(
        credentials: impl ProvideCredentials + 'static,
        region: impl Into<String>,
    ) -> ClientBuilder {
        ClientBuilder::new(Arc::new(credentials), region.into())
    }

    /// Calls `action` of `service` at `version` with `request` serialized as the JSON body,
    /// and decodes the answer into `Resp`; retries as the policy and the call's idempotency
    /// allow (see [`Call::idempotent`] for how idempotency is decided by default).
    ///
    /// # Errors
    ///
    /// The last attempt's [`Error`]: an API error, an HTTP status other than 200, a body that
    /// is not a valid envelope, or a transport failure.
    pub async fn call<Req, Resp>(
        &self,
        service: &str,
        version: &str,
        action: &str,
        request: &Req,
    ) -> Result<Resp, Error<Resp::Code>>
    where
        Req: Serialize + ?Sized,
        Resp: TencentResponse,
    {
        self.request(service, version, action, request).send().await
    }

    /// Sends `request`, an [`Action`] (every request type of the generated SDK crates is
    /// one), and decodes its answer; idempotent as the request says
    /// ([`Action::idempotent`]).
    ///
    /// # Errors
    ///
    /// See [`Client::call`].
    pub async fn send<A: Action>(
        &self,
        request: &A,
    ) -> Result<A::Response, Error<<A::Response as TencentResponse>::Code>> {
        self.action(request).send().await
    }

    /// A call of `request` to configure before sending (region, retry policy, timeout...),
    /// with its service, version, action and idempotency taken from the [`Action`].
    pub fn action<'a, A: Action>(&'a self, request: &'a A) -> Call<'a, A> {
        self.request(A::SERVICE, A::VERSION, A::ACTION, request)
            .idempotent(request.idempotent())
    }

    /// A call to configure before sending: idempotency, region, retry policy, endpoint and the
    /// request options of [`Call`].
    pub fn request<'a, Req: Serialize + ?Sized>(
        &'a self,
        service: &'a str,
        version: &'a str,
        action: &'a str,
        request: &'a Req,
    ) -> Call<'a, Req> {
        Call::new(self, service, version, action, request)
    }

    /// The clock offset learned so far, in seconds (server minus local).
    pub fn clock_offset(&self) -> i64 {
        self.inner.clock.offset_secs()
    }

    /// The region of the client.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// Sends `request`, an [`Action`] whose answer may stream, and returns the answer as a
    /// stream of the action's response type ([`Call::send_response_stream`]); idempotent as
    /// the request says. The generated crates' `<action>_stream` methods call this with the
    /// action's end marker.
    ///
    /// # Errors
    ///
    /// Those of [`Client::call`] for the attempts before the stream.
    pub async fn send_stream<A>(
        &self,
        request: &A,
        options: StreamOptions,
    ) -> Result<ChunkStream<A::Response, ResponseCode<A>>, Error<ResponseCode<A>>>
    where
        A: Action,
        A::Response: Fields,
    {
        self.action(request).send_response_stream(options).await
    }

    /// The pages of `request`, from the one it asks for to the last, as a stream:
    /// one call per page, each with the client's signing and retries. The stream owns
    /// a clone of the client and of the request; see [the rules](crate::paginate) for
    /// when it ends. The generated clients name this `<action>_pages`.
    ///
    /// ```no_run
    /// # async fn doc<R: tcapi::Paginated>(client: tcapi::client::Client, request: R)
    /// #     -> Result<(), tcapi::paginate::PageError<R>> {
    /// use futures_util::StreamExt; // or tokio_stream::StreamExt
    ///
    /// let mut pages = client.pages(&request);
    /// while let Some(page) = pages.next().await {
    ///     let page = page?;
    ///     println!("{} items", R::items(&page).len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages<R: Paginated>(
        &self,
        request: &R,
    ) -> impl Stream<Item = Result<R::Response, PageError<R>>> + Unpin {
        crate::paginate::pages(self, request)
    }

    /// The items of every page of `request`, in order, as a stream (see
    /// [`Client::pages`]); an error is the stream's last element. The generated clients
    /// name this `<action>_items`.
    ///
    /// ```no_run
    /// # async fn doc<R: tcapi::Paginated>(client: tcapi::client::Client, request: R)
    /// #     -> Result<(), tcapi::paginate::PageError<R>> {
    /// use futures_util::TryStreamExt;
    ///
    /// let all: Vec<R::Item> = client.items(&request).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn items<R: Paginated>(
        &self,
        request: &R,
    ) -> impl Stream<Item = Result<R::Item, PageError<R>>> + Unpin {
        crate::paginate::items(self, request)
    }
}

/// The error-code enum of action `A`.
type ResponseCode<A> = <<A as Action>::Response as TencentResponse>::Code;
