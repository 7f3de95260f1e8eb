//! Where a call goes: the endpoint URL of its service, chosen per call, per action or per
//! client.
//!
//! Tencent Cloud routes by host name: `cvm.tencentcloudapi.com` answers CVM in every region,
//! and the region travels in `X-TC-Region` only. The same API is also served under other root
//! domains: the international site (`<service>.intl.tencentcloudapi.com`), the AI site of some
//! streaming actions (`<service>.ai.tencentcloudapi.com`), the VPC-internal endpoints
//! (`<service>.internal.tencentcloudapi.com`) and the root domains of private and dedicated
//! clouds.
//!
//! ```
//! use tcapi::client::{Endpoint, EndpointResolver};
//!
//! let endpoints = EndpointResolver::new(Endpoint::international())
//!     .with_action("cls", "ChatCompletions", Endpoint::ai());
//! let url = |service, action| endpoints.resolve(None, service, action, Some("ap-singapore")).unwrap();
//! assert_eq!(url("cvm", "DescribeZones").url().as_str(), "https://cvm.intl.tencentcloudapi.com/");
//! assert_eq!(url("cls", "ChatCompletions").host(), "cls.ai.tencentcloudapi.com");
//! // A call's own endpoint wins over everything else.
//! let local = Endpoint::url("http://127.0.0.1:8080");
//! let target = endpoints.resolve(Some(&local), "cls", "ChatCompletions", None).unwrap();
//! assert_eq!(target.host(), "127.0.0.1:8080");
//! ```

use core::fmt;

/// The default endpoint as a template; `{service}` is replaced by the service name
/// ([`Endpoint::default`]).
pub const DEFAULT_ENDPOINT: &str = "https://{service}.tencentcloudapi.com";

/// The root domain of the public API (mainland China site).
pub const DEFAULT_ROOT_DOMAIN: &str = "tencentcloudapi.com";

/// The root domain of the international site.
pub const INTERNATIONAL_ROOT_DOMAIN: &str = "intl.tencentcloudapi.com";

/// The root domain of the AI endpoints some streaming actions require (CLS, TRTC, ES and
/// Cloudmate `ChatCompletions`-style actions: their API documentation says so).
pub const AI_ROOT_DOMAIN: &str = "ai.tencentcloudapi.com";

/// The root domain of the endpoints reachable from inside a Tencent Cloud VPC.
pub const INTERNAL_ROOT_DOMAIN: &str = "internal.tencentcloudapi.com";

/// The scheme of root-domain endpoints: HTTPS, unless a private cloud or a test server
/// speaks plain HTTP (the official SDKs' `HttpProfile.Scheme`). Endpoints given as URLs keep
/// their own scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scheme {
    /// `https://`, the default.
    #[default]
    Https,
    /// `http://`.
    Http,
}

impl Scheme {
    fn as_str(self) -> &'static str {
        match self {
            Scheme::Https => "https",
            Scheme::Http => "http",
        }
    }
}

/// One endpoint: `<service>.<root domain>`, or a URL template where `{service}` stands for
/// the call's service (`cvm`) and `{region}` for its region (empty without one).
///
/// The default, `cvm.tencentcloudapi.com` for CVM, puts no region in the host: the region is
/// a header (`X-TC-Region`), as in every official SDK. A regional host
/// (`https://{service}.{region}.tencentcloudapi.com`) is only used when asked for with
/// [`Endpoint::url`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Endpoint(Kind);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Kind {
    RootDomain(String),
    Url(String),
}

impl Endpoint {
    /// `<service>.<root>`: the public site for [`DEFAULT_ROOT_DOMAIN`], a private or
    /// dedicated cloud for its own root domain (`tencentcloudapi.example.com`).
    pub fn root_domain(root: &str) -> Endpoint {
        Endpoint(Kind::RootDomain(root.trim_matches('.').to_owned()))
    }

    /// `<service>.intl.tencentcloudapi.com`, the international site.
    pub fn international() -> Endpoint {
        Endpoint::root_domain(INTERNATIONAL_ROOT_DOMAIN)
    }

    /// `<service>.ai.tencentcloudapi.com`, see [`AI_ROOT_DOMAIN`].
    pub fn ai() -> Endpoint {
        Endpoint::root_domain(AI_ROOT_DOMAIN)
    }

    /// A URL of its own, for a proxy, a gateway or a local test server
    /// (`http://127.0.0.1:8080`); `{service}` and `{region}` in it are replaced.
    pub fn url(template: impl Into<String>) -> Endpoint {
        Endpoint(Kind::Url(template.into()))
    }

    /// The root domain, for a root-domain endpoint.
    pub fn as_root_domain(&self) -> Option<&str> {
        match &self.0 {
            Kind::RootDomain(root) => Some(root),
            Kind::Url(_) => None,
        }
    }

    /// The URL of `service` in `region` (`None`: no region), over HTTPS for a root domain.
    ///
    /// # Errors
    ///
    /// When the expanded template is not an `http` or `https` URL with a host.
    pub fn resolve(
        &self,
        service: &str,
        region: Option<&str>,
    ) -> Result<ResolvedEndpoint, InvalidEndpoint> {
        self.resolve_with(Scheme::Https, service, region)
    }

    fn resolve_with(
        &self,
        scheme: Scheme,
        service: &str,
        region: Option<&str>,
    ) -> Result<ResolvedEndpoint, InvalidEndpoint> {
        let expanded = match &self.0 {
            Kind::RootDomain(root) => format!("{}://{service}.{root}", scheme.as_str()),
            Kind::Url(template) => template
                .replace("{service}", service)
                .replace("{region}", region.unwrap_or("")),
        };
        let invalid = || InvalidEndpoint {
            endpoint: expanded.clone(),
        };
        let url = reqwest::Url::parse(&expanded).map_err(|_| invalid())?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid());
        }
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => return Err(invalid()),
        };
        Ok(ResolvedEndpoint { url, host })
    }

    /// Checks the endpoint with a sample service and region, so that a client refuses a bad
    /// endpoint when it is built rather than on its first call.
    pub(crate) fn validate(&self) -> Result<(), InvalidEndpoint> {
        self.resolve("service", Some("region"))
            .map(drop)
            .map_err(|_| InvalidEndpoint {
                endpoint: format!("{self:?}").trim_matches('"').to_owned(),
            })
    }
}

impl Default for Endpoint {
    /// `<service>.tencentcloudapi.com`.
    fn default() -> Self {
        Endpoint::root_domain(DEFAULT_ROOT_DOMAIN)
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::RootDomain(root) => write!(f, "{{service}}.{root}"),
            Kind::Url(template) => f.write_str(template),
        }
    }
}

impl From<&str> for Endpoint {
    /// [`Endpoint::url`].
    fn from(template: &str) -> Self {
        Endpoint::url(template)
    }
}

impl From<String> for Endpoint {
    /// [`Endpoint::url`].
    fn from(template: String) -> Self {
        Endpoint::url(template)
    }
}

/// An endpoint expanded for one call: the URL to send to and the `Host` it signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedEndpoint {
    url: reqwest::Url,
    host: String,
}

impl ResolvedEndpoint {
    /// The URL.
    pub fn url(&self) -> &reqwest::Url {
        &self.url
    }

    /// The `Host` header: the host, with the port when it is not the scheme's default.
    pub fn host(&self) -> &str {
        &self.host
    }
}

/// An endpoint that is not an `http` or `https` URL with a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidEndpoint {
    endpoint: String,
}

impl fmt::Display for InvalidEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid endpoint `{}`: expected an http or https URL with a host",
            self.endpoint
        )
    }
}

impl std::error::Error for InvalidEndpoint {}

/// Chooses the endpoint of each call: the call's own ([`crate::client::Call::endpoint`]),
/// else the one set for its service and action, else the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointResolver {
    default: Endpoint,
    per_action: Vec<ActionEndpoint>,
    scheme: Scheme,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ActionEndpoint {
    service: String,
    action: String,
    endpoint: Endpoint,
}

impl EndpointResolver {
    /// Every call goes to `default` unless an action or a call says otherwise.
    pub fn new(default: Endpoint) -> EndpointResolver {
        EndpointResolver {
            default,
            per_action: Vec::new(),
            scheme: Scheme::Https,
        }
    }

    /// The scheme of root-domain endpoints (default [`Scheme::Https`]).
    #[must_use]
    pub fn with_scheme(mut self, scheme: Scheme) -> EndpointResolver {
        self.scheme = scheme;
        self
    }

    pub(crate) fn set_scheme(&mut self, scheme: Scheme) {
        self.scheme = scheme;
    }

    /// Calls of `action` of `service` go to `endpoint` (replacing an earlier choice for the
    /// same action).
    #[must_use]
    pub fn with_action(
        mut self,
        service: impl Into<String>,
        action: impl Into<String>,
        endpoint: Endpoint,
    ) -> EndpointResolver {
        self.set_action(service.into(), action.into(), endpoint);
        self
    }

    pub(crate) fn set_default(&mut self, default: Endpoint) {
        self.default = default;
    }

    pub(crate) fn set_action(&mut self, service: String, action: String, endpoint: Endpoint) {
        self.per_action
            .retain(|known| known.service != service || known.action != action);
        self.per_action.push(ActionEndpoint {
            service,
            action,
            endpoint,
        });
    }

    /// The client-wide endpoint.
    pub fn default_endpoint(&self) -> &Endpoint {
        &self.default
    }

    /// The endpoint of `action` of `service` when the call does not choose one.
    pub fn endpoint_for(&self, service: &str, action: &str) -> &Endpoint {
        self.per_action
            .iter()
            .find(|known| known.service == service && known.action == action)
            .map_or(&self.default, |known| &known.endpoint)
    }

    /// The URL of one call: `call` if given, else [`EndpointResolver::endpoint_for`].
    ///
    /// # Errors
    ///
    /// When the chosen endpoint does not expand to an `http` or `https` URL with a host.
    pub fn resolve(
        &self,
        call: Option<&Endpoint>,
        service: &str,
        action: &str,
        region: Option<&str>,
    ) -> Result<ResolvedEndpoint, InvalidEndpoint> {
        call.unwrap_or_else(|| self.endpoint_for(service, action))
            .resolve_with(self.scheme, service, region)
    }

    /// Checks every endpoint: see [`Endpoint::validate`].
    pub(crate) fn validate(&self) -> Result<(), InvalidEndpoint> {
        self.default.validate()?;
        self.per_action
            .iter()
            .try_for_each(|known| known.endpoint.validate())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(endpoint: &Endpoint, service: &str, region: Option<&str>) -> String {
        endpoint.resolve(service, region).unwrap().host().to_owned()
    }

    #[test]
    fn the_region_is_never_in_a_default_host() {
        for region in [None, Some("ap-guangzhou")] {
            assert_eq!(
                host(&Endpoint::default(), "cvm", region),
                "cvm.tencentcloudapi.com"
            );
            assert_eq!(
                host(&Endpoint::international(), "cvm", region),
                "cvm.intl.tencentcloudapi.com"
            );
            assert_eq!(
                host(&Endpoint::ai(), "cls", region),
                "cls.ai.tencentcloudapi.com"
            );
        }
        let url = Endpoint::default().resolve("cvm", None).unwrap();
        assert_eq!(url.url().as_str(), "https://cvm.tencentcloudapi.com/");
    }

    #[test]
    fn root_domains_of_private_clouds() {
        let private = Endpoint::root_domain("api.cloud.example.com.");
        assert_eq!(host(&private, "cvm", None), "cvm.api.cloud.example.com");
        assert_eq!(
            host(&Endpoint::root_domain(INTERNAL_ROOT_DOMAIN), "cvm", None),
            "cvm.internal.tencentcloudapi.com"
        );
    }

    #[test]
    fn urls_keep_their_port_and_expand_their_placeholders() {
        let local = Endpoint::url("http://127.0.0.1:8080");
        assert_eq!(host(&local, "cvm", Some("ap-guangzhou")), "127.0.0.1:8080");
        let regional = Endpoint::url("https://{service}.{region}.tencentcloudapi.com");
        assert_eq!(
            host(&regional, "cvm", Some("ap-guangzhou")),
            "cvm.ap-guangzhou.tencentcloudapi.com"
        );
        // The scheme's default port is not part of the Host header.
        assert_eq!(
            host(&Endpoint::url("https://a.example:443"), "x", None),
            "a.example"
        );
    }

    #[test]
    fn invalid_endpoints_say_which() {
        for bad in ["not a url", "ftp://example.com", "http://", ""] {
            let error = Endpoint::url(bad).validate().unwrap_err();
            assert!(error.to_string().contains("invalid endpoint"), "{error}");
            assert!(error.to_string().contains(bad), "{error}");
        }
    }

    #[test]
    fn a_call_beats_an_action_which_beats_the_client() {
        let resolver = EndpointResolver::new(Endpoint::international())
            .with_action("cls", "ChatCompletions", Endpoint::ai())
            .with_action("trtc", "Chat", Endpoint::url("http://first"))
            .with_action("trtc", "Chat", Endpoint::ai());
        let resolve = |call: Option<&Endpoint>, service, action| {
            resolver
                .resolve(call, service, action, None)
                .unwrap()
                .host()
                .to_owned()
        };
        assert_eq!(
            resolve(None, "cls", "ChatCompletions"),
            "cls.ai.tencentcloudapi.com"
        );
        assert_eq!(
            resolve(None, "cls", "SearchLog"),
            "cls.intl.tencentcloudapi.com"
        );
        assert_eq!(resolve(None, "trtc", "Chat"), "trtc.ai.tencentcloudapi.com");
        let call = Endpoint::root_domain("example.com");
        assert_eq!(
            resolve(Some(&call), "cls", "ChatCompletions"),
            "cls.example.com"
        );
        assert!(resolver.validate().is_ok());
        let broken = resolver.with_action("cvm", "RunInstances", Endpoint::url("nope"));
        assert!(broken.validate().is_err());
    }
}
