//! What the server serves, product by product: the one place the binary's `--list` and
//! `--product`, and the routing of requests whose host names no product, ask; and what one
//! server serves ([`Served`]): the products of its [`Config`](crate::Config) and the actions
//! tests defined.

use std::sync::Mutex;

use crate::catalog::Catalog;
use crate::error::{api_error, ApiError};
use crate::sync::lock;

/// The API version of STS whose actions the server answers beside the catalog's.
pub(crate) const STS_VERSION: &str = "2018-08-13";

/// The STS actions the server answers.
pub(crate) const STS_ACTIONS: &[&str] = &["AssumeRole", "AssumeRoleWithWebIdentity"];

/// A product the server answers: its service, API version and actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedProduct {
    /// The service, as in the endpoint `<service>.tencentcloudapi.com` (`aiart`).
    pub service: &'static str,
    /// The API version it answers (`2022-12-29`).
    pub version: &'static str,
    /// Its actions, sorted.
    pub actions: Vec<&'static str>,
}

/// Every product the server answers, sorted by service.
///
/// ```
/// let products = tcapi_testserver::served_products();
/// let aiart = products.iter().find(|p| p.service == "aiart").unwrap();
/// assert!(aiart.actions.contains(&"TextToImageLite"));
/// ```
pub fn served_products() -> Vec<ServedProduct> {
    let catalog = Catalog::global();
    let mut products: Vec<ServedProduct> = Vec::new();
    for service in catalog.services() {
        for version in catalog.versions(service) {
            let Ok(product) = catalog.product(service, version) else {
                continue;
            };
            let mut actions: Vec<&'static str> =
                product.actions().into_iter().map(|a| a.name()).collect();
            if service == "sts" && version == STS_VERSION {
                actions.extend(
                    STS_ACTIONS
                        .iter()
                        .filter(|a| !actions.contains(a))
                        .copied()
                        .collect::<Vec<_>>(),
                );
            }
            actions.sort_unstable();
            actions.dedup();
            products.push(ServedProduct {
                service,
                version,
                actions,
            });
        }
    }
    products.sort_by(|a, b| (a.service, a.version).cmp(&(b.service, b.version)));
    products
}

/// The services that answer `action` at `version`: how a request whose host is an IP address
/// finds its product when its signature does not name one (the legacy signatures).
pub(crate) fn services_serving(action: &str, version: &str) -> Vec<&'static str> {
    let catalog = Catalog::global();
    let mut services: Vec<&'static str> = catalog
        .services()
        .into_iter()
        .filter(|service| catalog.route(service, version, action).is_ok())
        .collect();
    if version == STS_VERSION && STS_ACTIONS.contains(&action) && !services.contains(&"sts") {
        services.push("sts");
    }
    services
}

/// An action a test defined ([`TestServer::define_action`](crate::TestServer::define_action)):
/// service, version, action.
type Defined = (String, String, String);

/// What this server serves: the products its [`Config`](crate::Config) names, and the actions
/// tests defined.
pub(crate) struct Served {
    products: Vec<String>,
    defined: Mutex<Vec<Defined>>,
}

impl Served {
    /// Serves `products` (their services), every product when empty.
    pub(crate) fn new(products: Vec<String>) -> Served {
        Served {
            products,
            defined: Mutex::new(Vec::new()),
        }
    }

    /// The services of the products served; empty for every product.
    pub(crate) fn products(&self) -> &[String] {
        &self.products
    }

    /// Serves `action` of `service` at `version`
    /// ([`TestServer::define_action`](crate::TestServer::define_action)).
    pub(crate) fn define(&self, service: &str, version: &str, action: &str) {
        lock(&self.defined).push((service.to_owned(), version.to_owned(), action.to_owned()));
    }

    /// Whether a test defined `action` of `service` at `version`.
    pub(crate) fn defines(&self, service: &str, version: &str, action: &str) -> bool {
        lock(&self.defined)
            .iter()
            .any(|(s, v, a)| (s.as_str(), v.as_str(), a.as_str()) == (service, version, action))
    }

    /// Whether a test defined `action` of `service`, at any version.
    pub(crate) fn is_defined(&self, service: &str, action: &str) -> bool {
        lock(&self.defined)
            .iter()
            .any(|(s, _, a)| s == service && a == action)
    }

    /// Whether a test defined `action`, for any service at any version.
    pub(crate) fn defines_action(&self, action: &str) -> bool {
        lock(&self.defined).iter().any(|(_, _, a)| a == action)
    }

    /// Whether some version of `service` served here has `action`.
    pub(crate) fn serves_any_version(&self, service: &str, action: &str) -> bool {
        Catalog::global()
            .action_versions(service, action)
            .next()
            .is_some()
            || self.is_defined(service, action)
            || (service == "sts" && STS_ACTIONS.contains(&action))
    }

    /// `InvalidAction` for a product left out by [`Config::products`](crate::Config::products).
    pub(crate) fn check_served(&self, service: &str) -> Result<(), ApiError> {
        if self.products.is_empty() || self.products.iter().any(|served| served == service) {
            return Ok(());
        }
        Err(api_error(
            "InvalidAction",
            format!(
                "The service `{service}` is not served: this server answers only {}.",
                self.products.join(", ")
            ),
        ))
    }
}
