//! Answers a test registers for an action ([`TestServer::on`](crate::TestServer::on)): a
//! response, an API error, a list to page through, or a closure; once, a number of times or
//! always; for every request or only those whose members match. The newest registration that
//! matches answers.
//!
//! What is registered is checked when it is registered, against the catalog: the product and
//! the action must be served, a matched member must be one of the action's input members, a
//! response must fit its output object, a paged list needs an action that pages. A mistake is
//! a [`RegistrationError`] at once, not an answer that silently never comes.

use std::fmt;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};
use tcapi_catalog::PagingMembers;

mod paging;

use paging::{items_of, page, set_path};

use crate::calls::value_at;
use crate::catalog::{Catalog, Violation};
use crate::error::{api_error, ApiError};
use crate::products::Served;
use crate::sync::lock;

/// A closure answering an action: the request's parameters in (the JSON object of a POST,
/// or the decoded form or query, every value a string), the content of the `Response` object
/// out.
pub(crate) type Handler = Arc<dyn Fn(&Map<String, Value>) -> Value + Send + Sync>;

/// Why an answer, a fault or a handler could not be registered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistrationError {
    /// No product served here has this action (or the service is unknown).
    UnknownAction {
        /// The service asked for (`cvm`), empty when any product would do.
        service: String,
        /// The action asked for.
        action: String,
    },
    /// The product is known but this server leaves it out ([`Config::products`](crate::Config::products)).
    NotServed {
        /// The service asked for.
        service: String,
        /// What the server serves.
        served: Vec<String>,
    },
    /// A condition names a member the action's input object does not have.
    UnknownMember {
        /// The service.
        service: String,
        /// The action.
        action: String,
        /// The member path of the condition (`Filters.0.Name`).
        path: String,
    },
    /// The registered response does not fit the action's output object.
    InvalidAnswer {
        /// The service.
        service: String,
        /// The action.
        action: String,
        /// What does not fit, naming the member by its path.
        violation: Violation,
    },
    /// A list to page through was registered for an action that does not page.
    NotPaged {
        /// The service.
        service: String,
        /// The action.
        action: String,
    },
    /// `times(0)`: an answer that would never be given.
    ZeroTimes {
        /// The service.
        service: String,
        /// The action.
        action: String,
    },
}

impl fmt::Display for RegistrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistrationError::UnknownAction { service, action } if service.is_empty() => {
                write!(f, "no product served here has the action `{action}`")
            }
            RegistrationError::UnknownAction { service, action } => write!(
                f,
                "the service `{service}` has no action `{action}` in any version served here"
            ),
            RegistrationError::NotServed { service, served } => write!(
                f,
                "the service `{service}` is left out of this server, which serves only {}",
                served.join(", ")
            ),
            RegistrationError::UnknownMember {
                service,
                action,
                path,
            } => write!(
                f,
                "{service} {action}: the condition on `{path}` names no member of the action's input"
            ),
            RegistrationError::InvalidAnswer {
                service,
                action,
                violation,
            } => write!(
                f,
                "{service} {action}: the registered answer does not fit the action's output: {}",
                violation.message
            ),
            RegistrationError::NotPaged { service, action } => write!(
                f,
                "{service} {action}: the action does not page, so it has no list to page through"
            ),
            RegistrationError::ZeroTimes { service, action } => write!(
                f,
                "{service} {action}: an answer registered for 0 calls would never be given"
            ),
        }
    }
}

impl std::error::Error for RegistrationError {}

/// What a registration answers.
#[derive(Clone)]
enum Answer {
    /// The content of the `Response` object.
    Respond(Map<String, Value>),
    /// An API error.
    Fail { code: String, message: String },
    /// Pages of this list, as the action's paging says.
    Pages {
        paging: PagingMembers,
        items: Vec<Value>,
    },
    /// What the closure returns.
    Handler(Handler),
}

/// One registered answer.
struct Registered {
    /// The service it answers for; `None` for any product
    /// ([`TestServer::handle`](crate::TestServer::handle)).
    service: Option<String>,
    action: String,
    conditions: Vec<(String, Value)>,
    /// Answers left; `None` for always.
    left: Option<u64>,
    answer: Answer,
}

/// The registered answers of a server, oldest first.
#[derive(Default)]
pub(crate) struct Registry(Mutex<Vec<Registered>>);

/// A registration being built: say what it matches and how often, then what it answers
/// ([`Registration::respond`], [`Registration::fail`], [`Registration::items_paged`],
/// [`Registration::handle`]). Made by [`TestServer::on`](crate::TestServer::on).
#[must_use = "nothing is registered until `respond`, `fail`, `items_paged` or `handle` is called"]
pub struct Registration<'a> {
    served: &'a Served,
    registry: &'a Registry,
    service: String,
    action: String,
    conditions: Vec<(String, Value)>,
    left: Option<u64>,
    problem: Option<RegistrationError>,
}

impl fmt::Debug for Registration<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("service", &self.service)
            .field("action", &self.action)
            .field("conditions", &self.conditions)
            .field("left", &self.left)
            .finish_non_exhaustive()
    }
}

impl<'a> Registration<'a> {
    /// Starts registering an answer for `action` of `service`, once it is known to be served
    /// ([`TestServer::on`](crate::TestServer::on)).
    pub(crate) fn new(
        served: &'a Served,
        registry: &'a Registry,
        service: &str,
        action: &str,
    ) -> Result<Registration<'a>, RegistrationError> {
        check_registrable(served, Some(service), action)?;
        Ok(Registration {
            served,
            registry,
            service: service.to_owned(),
            action: action.to_owned(),
            conditions: Vec::new(),
            left: None,
            problem: None,
        })
    }

    /// Answers only calls whose member at `path` (`InstanceIds.0`, `Filters.0.Name`) equals
    /// `value`. Scalars compare as the service reads them: `"10"` matches `10`. Conditions add
    /// up: every one must hold.
    pub fn when(mut self, path: &str, value: impl Into<Value>) -> Self {
        if self.problem.is_none() && !input_has_path(self.served, &self.service, &self.action, path)
        {
            self.problem = Some(RegistrationError::UnknownMember {
                service: self.service.clone(),
                action: self.action.clone(),
                path: path.to_owned(),
            });
        }
        self.conditions.push((path.to_owned(), value.into()));
        self
    }

    /// Answers the next matching call only.
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// Answers the next `n` matching calls.
    pub fn times(mut self, n: u64) -> Self {
        if n == 0 && self.problem.is_none() {
            self.problem = Some(RegistrationError::ZeroTimes {
                service: self.service.clone(),
                action: self.action.clone(),
            });
        }
        self.left = Some(n);
        self
    }

    /// Answers every matching call (the default).
    pub fn always(mut self) -> Self {
        self.left = None;
        self
    }

    /// Answers with `response`, the content of the `Response` object (a `RequestId` is added
    /// when it has none).
    ///
    /// # Errors
    ///
    /// When `response` is not an object, or a member is not one of the action's output
    /// object or not of its type (every member may be left out), or a condition was wrong.
    pub fn respond(self, response: Value) -> Result<(), RegistrationError> {
        let response = match response {
            Value::Object(members) => members,
            other => {
                return Err(self.invalid_answer(Violation {
                    code: "InvalidParameterValue",
                    message: format!("an answer must be a JSON object, not `{other}`"),
                }))
            }
        };
        check_answer(&self.service, &self.action, &response)
            .map_err(|violation| self.invalid_answer(violation))?;
        self.register(Answer::Respond(response))
    }

    /// Answers the API error `code` (`ResourceNotFound.InstanceNotFound`) with `message`.
    ///
    /// # Errors
    ///
    /// When a condition was wrong.
    pub fn fail(self, code: &str, message: &str) -> Result<(), RegistrationError> {
        self.register(Answer::Fail {
            code: code.to_owned(),
            message: message.to_owned(),
        })
    }

    /// Answers with pages of `items`, as the action pages: the page the request's offset and
    /// limit (or page number and size, or token) ask for, with the total where the response
    /// has one and a next token while items remain. The rest of each page is the action's
    /// default answer. A request that does not say how many items it wants gets
    /// 20 (the most common default of the services).
    ///
    /// # Errors
    ///
    /// When the action does not page, when an item does not fit the list's element type, or
    /// when a condition was wrong.
    pub fn items_paged(self, items: Vec<Value>) -> Result<(), RegistrationError> {
        let Some(paging) = paging(&self.service, &self.action) else {
            return Err(RegistrationError::NotPaged {
                service: self.service,
                action: self.action,
            });
        };
        let mut whole = Map::new();
        set_path(&mut whole, items_of(&paging), Value::Array(items.clone()));
        check_answer(&self.service, &self.action, &whole)
            .map_err(|violation| self.invalid_answer(violation))?;
        self.register(Answer::Pages { paging, items })
    }

    /// Answers with what `handler` returns for the request's parameters (as
    /// [`TestServer::handle`](crate::TestServer::handle)), for this service only and with this
    /// registration's conditions and count.
    ///
    /// # Errors
    ///
    /// When a condition was wrong.
    pub fn handle(
        self,
        handler: impl Fn(&Map<String, Value>) -> Value + Send + Sync + 'static,
    ) -> Result<(), RegistrationError> {
        self.register(Answer::Handler(Arc::new(handler)))
    }

    fn invalid_answer(&self, violation: Violation) -> RegistrationError {
        RegistrationError::InvalidAnswer {
            service: self.service.clone(),
            action: self.action.clone(),
            violation,
        }
    }

    fn register(self, answer: Answer) -> Result<(), RegistrationError> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        lock(&self.registry.0).push(Registered {
            service: Some(self.service),
            action: self.action,
            conditions: self.conditions,
            left: self.left,
            answer,
        });
        Ok(())
    }
}

impl Registry {
    /// Answers `action` of whichever product receives it with `handler`, every time
    /// ([`TestServer::handle`](crate::TestServer::handle)).
    pub(crate) fn add_handler(
        &self,
        served: &Served,
        action: &str,
        handler: Handler,
    ) -> Result<(), RegistrationError> {
        check_registrable(served, None, action)?;
        lock(&self.0).push(Registered {
            service: None,
            action: action.to_owned(),
            conditions: Vec::new(),
            left: None,
            answer: Answer::Handler(handler),
        });
        Ok(())
    }

    /// Forgets every registered answer and handler.
    pub(crate) fn clear(&self) {
        lock(&self.0).clear();
    }

    /// Whether an answer for any product is registered for `action`
    /// ([`TestServer::handle`](crate::TestServer::handle)).
    pub(crate) fn answers_any_product(&self, action: &str) -> bool {
        lock(&self.0)
            .iter()
            .any(|r| r.service.is_none() && r.action == action)
    }

    /// Takes one use of the newest registration for `action` of `service` that matches
    /// `params`.
    fn take(&self, service: &str, action: &str, params: &Map<String, Value>) -> Option<Answer> {
        let mut registered = lock(&self.0);
        let index = registered.iter().rposition(|r| {
            r.action == action
                && r.service.as_deref().is_none_or(|s| s == service)
                && r.conditions
                    .iter()
                    .all(|(path, want)| value_at(params, path).is_some_and(|got| same(got, want)))
        })?;
        let answer = registered[index].answer.clone();
        if let Some(left) = &mut registered[index].left {
            *left -= 1;
            if *left == 0 {
                registered.remove(index);
            }
        }
        Some(answer)
    }

    /// The registered answer to a call of `action` of `service` with `params`, if one
    /// matches: the content of its `Response` object (`default` gives the action's own
    /// answer, which a page fills in), or the error it answers.
    pub(crate) fn registered_answer(
        &self,
        service: &str,
        action: &str,
        params: &Map<String, Value>,
        default: impl FnOnce() -> Map<String, Value>,
    ) -> Option<Result<Map<String, Value>, ApiError>> {
        Some(match self.take(service, action, params)? {
            Answer::Respond(response) => Ok(response),
            Answer::Fail { code, message } => Err(ApiError { code, message }),
            Answer::Pages { paging, items } => Ok(page(&paging, &items, params, default())),
            Answer::Handler(handler) => match handler(params) {
                Value::Object(mut response) => match response.remove("Error") {
                    Some(error) => Err(api_error(
                        error["Code"].as_str().unwrap_or("InternalError"),
                        error["Message"].as_str().unwrap_or_default(),
                    )),
                    None => Ok(response),
                },
                other => Ok(Map::from_iter([("Value".to_owned(), other)])),
            },
        })
    }
}

/// Whether `action` of `service` (of any product when `None`) may be registered for.
pub(crate) fn check_registrable(
    served: &Served,
    service: Option<&str>,
    action: &str,
) -> Result<(), RegistrationError> {
    let unknown = || RegistrationError::UnknownAction {
        service: service.unwrap_or_default().to_owned(),
        action: action.to_owned(),
    };
    match service {
        Some(service) => {
            if !served.products().is_empty() && !served.products().iter().any(|p| p == service) {
                return Err(RegistrationError::NotServed {
                    service: service.to_owned(),
                    served: served.products().to_vec(),
                });
            }
            if served.serves_any_version(service, action) {
                Ok(())
            } else {
                Err(unknown())
            }
        }
        None => {
            let candidates: Vec<&str> = if served.products().is_empty() {
                Catalog::global().services()
            } else {
                served.products().iter().map(String::as_str).collect()
            };
            if candidates
                .iter()
                .any(|service| served.serves_any_version(service, action))
                || served.defines_action(action)
            {
                Ok(())
            } else {
                Err(unknown())
            }
        }
    }
}

/// Whether `path` names a member of the input of `action` of `service`, in some version
/// served here; any path of an action a test defined.
fn input_has_path(served: &Served, service: &str, action: &str, path: &str) -> bool {
    Catalog::global()
        .action_versions(service, action)
        .any(|(product, spec)| product.input_has_path(spec, path))
        || served.is_defined(service, action)
}

/// Checks `answer` against the output object of the newest version of the action; an
/// action the test defined has none to check against.
fn check_answer(service: &str, action: &str, answer: &Map<String, Value>) -> Result<(), Violation> {
    match Catalog::global().action_versions(service, action).next() {
        Some((product, spec)) => product.check_answer(spec, answer),
        None => Ok(()),
    }
}

/// How the newest version of the action pages, if it does.
fn paging(service: &str, action: &str) -> Option<PagingMembers> {
    let (_, spec) = Catalog::global().action_versions(service, action).next()?;
    spec.paging().cloned()
}

/// Whether a request's value equals a condition's, scalars compared by their text (form
/// requests carry every value as a string).
fn same(got: &Value, want: &Value) -> bool {
    let text = |value: &Value| match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    got == want || matches!((text(got), text(want)), (Some(a), Some(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conditions_read_paths_and_compare_scalars_as_text() {
        let params = json!({ "Filters": [{ "Name": "zone", "Values": ["ap-1"] }], "Limit": "10" });
        let params = params.as_object().unwrap();
        assert!(same(value_at(params, "Limit").unwrap(), &json!(10)));
        assert_eq!(value_at(params, "Filters.0.Values.0"), Some(&json!("ap-1")));
        assert_eq!(value_at(params, "Filters.1.Name"), None);
        assert!(!same(&json!("zone"), &json!("zon")));
    }
}
