//! What the server serves, product by product: the one place the binary's `--list` and
//! `--product`, and the routing of requests whose host names no product, ask.

use crate::identity::{STS_ACTIONS, STS_VERSION};
use crate::{api_error, ApiError, State, ACTIONS};

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
    let mut products: Vec<ServedProduct> = Vec::new();
    let known = ACTIONS
        .iter()
        .map(|action| (action.service, action.version, action.name))
        .chain(
            STS_ACTIONS
                .iter()
                .map(|action| ("sts", STS_VERSION, *action)),
        );
    for (service, version, action) in known {
        match products
            .iter_mut()
            .find(|p| p.service == service && p.version == version)
        {
            Some(product) => product.actions.push(action),
            None => products.push(ServedProduct {
                service,
                version,
                actions: vec![action],
            }),
        }
    }
    for product in &mut products {
        product.actions.sort_unstable();
    }
    products.sort_by(|a, b| (a.service, a.version).cmp(&(b.service, b.version)));
    products
}

/// The services that answer `action` at `version`: how a request whose host is an IP address
/// finds its product when its signature does not name one (the legacy signatures).
pub(crate) fn services_serving(action: &str, version: &str) -> Vec<&'static str> {
    let mut services: Vec<&'static str> = ACTIONS
        .iter()
        .filter(|known| known.name == action && known.version == version)
        .map(|known| known.service)
        .collect();
    if version == STS_VERSION && STS_ACTIONS.contains(&action) {
        services.push("sts");
    }
    services
}

impl State {
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
