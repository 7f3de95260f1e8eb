//! The exceptions to the idempotency rule (`sdk-idempotency.json`), each with its reason.
//!
//! The rule ([`super::model::Idempotency`]): an action whose name starts with a read prefix
//! ([`super::names::READ_PREFIXES`]) may always be sent again; another one when its request's
//! `ClientToken` is set; others never. An entry sets `idempotent` for one action where the rule
//! is wrong: `true` for a read whose name does not say so (`FetchMessageByOffset`), `false`
//! for an action named like a read that creates something at each call (`GetEidToken`). A
//! request with a `ClientToken` stays retryable when the token is set, whatever the entry
//! says: the service executes a token once.
//!
//! ```json
//! {"overrides": [
//!   {"product": "ckafka", "version": "2019-08-19", "action": "FetchMessageByOffset",
//!    "idempotent": true, "reason": "reads the message at an offset; consumes nothing"}
//! ]}
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::model::{Crate, Idempotency};
use super::site::Merged;
use super::spec::{self, SpecError};

/// The override file of the built-in data.
pub fn overrides_path() -> PathBuf {
    crate::data::idempotency_overrides_path()
}

/// The entries of an override file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    file: PathBuf,
    entries: Vec<Entry>,
}

/// One entry: an action whose idempotency the rule gets wrong.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The product (`serviceShortName`).
    pub product: String,
    /// The API version (`2019-08-19`).
    pub version: String,
    /// The action.
    pub action: String,
    /// Whether it may be sent again after a failure that may have executed it.
    pub idempotent: bool,
    /// Why the rule is wrong here.
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    overrides: Vec<Entry>,
}

impl Overrides {
    /// Reads and parses the override file at `file`.
    pub fn load(file: &Path) -> Result<Overrides, SpecError> {
        Overrides::parse(file, &spec::read(file)?)
    }

    /// Parses the text of an override file (`file` names it in errors).
    pub fn parse(file: &Path, text: &str) -> Result<Overrides, SpecError> {
        let parsed: File = spec::from_json(file, text)?;
        Ok(Overrides {
            file: file.to_owned(),
            entries: parsed.overrides,
        })
    }

    /// The entries, in the file's order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    fn invalid(&self, entry: &Entry, message: String) -> SpecError {
        SpecError::Invalid {
            file: self.file.clone(),
            at: format!(
                "override of {} {} {}",
                entry.product, entry.version, entry.action
            ),
            message,
        }
    }

    /// Checks every entry against the specs (by product, as [`super::site::product_specs`]
    /// gives them): a reason, one entry per action, and a product, version and action that
    /// exist.
    pub fn check(&self, specs: &BTreeMap<String, Vec<Merged>>) -> Result<(), SpecError> {
        let mut seen = BTreeSet::new();
        for entry in &self.entries {
            let invalid = |message: String| self.invalid(entry, message);
            if entry.reason.trim().is_empty() {
                return Err(invalid("the reason is empty".into()));
            }
            if !seen.insert((&entry.product, &entry.version, &entry.action)) {
                return Err(invalid("a second entry for the same action".into()));
            }
            let versions = specs
                .get(&entry.product)
                .ok_or_else(|| invalid(format!("no product `{}`", entry.product)))?;
            let merged = versions
                .iter()
                .find(|m| m.spec.metadata.api_version == entry.version)
                .ok_or_else(|| {
                    invalid(format!(
                        "`{}` has no version {}",
                        entry.product, entry.version
                    ))
                })?;
            if !merged.spec.actions.contains_key(&entry.action) {
                return Err(invalid(format!(
                    "`{}` {} has no action `{}`",
                    entry.product, entry.version, entry.action
                )));
            }
        }
        Ok(())
    }

    /// Applies the entries of `krate`'s product to its plan. An entry that agrees with the
    /// rule is an error, so the file cannot keep stale entries.
    pub fn apply(&self, krate: &mut Crate) -> Result<(), SpecError> {
        for entry in self.entries.iter().filter(|e| e.product == krate.product) {
            let action = krate
                .versions
                .iter_mut()
                .filter(|v| v.api_version == entry.version)
                .flat_map(|v| v.actions.iter_mut())
                .find(|a| a.name == entry.action)
                .ok_or_else(|| self.invalid(entry, "the action is not generated".into()))?;
            let by_rule = action.idempotency.clone();
            action.idempotency = match (entry.idempotent, by_rule.clone()) {
                (true, _) => Idempotency::Always,
                (false, Idempotency::WithClientToken { field }) => {
                    Idempotency::WithClientToken { field }
                }
                (false, _) => Idempotency::Never,
            };
            if action.idempotency == by_rule {
                return Err(self.invalid(
                    entry,
                    format!("the rule already gives {by_rule:?}: remove the entry"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_without_a_reason_or_with_unknown_keys_is_refused() {
        let file = Path::new("sdk-idempotency.json");
        let unknown = r#"{"overrides": [{"product": "cvm", "version": "2017-03-12",
            "action": "RunInstances", "idempotent": true, "reason": "x", "why": "y"}]}"#;
        assert!(Overrides::parse(file, unknown).is_err());
        let empty_reason = r#"{"overrides": [{"product": "cvm", "version": "2017-03-12",
            "action": "RunInstances", "idempotent": true, "reason": " "}]}"#;
        let overrides = Overrides::parse(file, empty_reason).unwrap();
        let error = overrides.check(&BTreeMap::new()).unwrap_err().to_string();
        assert!(error.contains("the reason is empty"), "{error}");
    }
}
