//! The exceptions to the idempotency rule (`sdk-idempotency.json`), each with its reason,
//! read by [`OverrideFile`](super::override_file::OverrideFile).
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

use serde::Deserialize;

use super::model::{Crate, Idempotency, Version};
use super::override_file::OverrideEntry;

/// The override file of the built-in data.
pub fn overrides_path() -> std::path::PathBuf {
    crate::data::idempotency_overrides_path()
}

/// One entry of the idempotency override file: an action whose idempotency the rule gets
/// wrong.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdempotencyOverride {
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

impl OverrideEntry for IdempotencyOverride {
    fn product(&self) -> &str {
        &self.product
    }

    fn version(&self) -> Option<&str> {
        Some(&self.version)
    }

    fn action(&self) -> &str {
        &self.action
    }

    fn reason(&self) -> &str {
        &self.reason
    }

    /// Nothing beyond what every override file checks.
    fn check(&self, _: &[&Version]) -> Result<(), String> {
        Ok(())
    }

    /// Sets the action's idempotency; an entry that agrees with the rule is stale.
    fn apply(&self, krate: &mut Crate) -> Result<(), String> {
        let action = krate
            .versions
            .iter_mut()
            .filter(|v| v.api_version == self.version)
            .flat_map(|v| v.actions.iter_mut())
            .find(|a| a.name == self.action)
            .ok_or("the action is not generated")?;
        let by_rule = action.idempotency.clone();
        action.idempotency = match (self.idempotent, by_rule.clone()) {
            (true, _) => Idempotency::Always,
            (false, Idempotency::WithClientToken { field }) => {
                Idempotency::WithClientToken { field }
            }
            (false, _) => Idempotency::Never,
        };
        if action.idempotency == by_rule {
            return Err(format!(
                "the rule already gives {by_rule:?}: remove the entry"
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;
    use crate::sdk::override_file::OverrideFile;

    #[test]
    fn an_entry_without_a_reason_or_with_unknown_keys_is_refused() {
        let file = Path::new("sdk-idempotency.json");
        let unknown = r#"{"overrides": [{"product": "cvm", "version": "2017-03-12",
            "action": "RunInstances", "idempotent": true, "reason": "x", "why": "y"}]}"#;
        assert!(OverrideFile::<IdempotencyOverride>::parse(file, unknown).is_err());
        let empty_reason = r#"{"overrides": [{"product": "cvm", "version": "2017-03-12",
            "action": "RunInstances", "idempotent": true, "reason": " "}]}"#;
        let overrides = OverrideFile::<IdempotencyOverride>::parse(file, empty_reason).unwrap();
        let error = overrides.check(&BTreeMap::new()).unwrap_err().to_string();
        assert!(error.contains("the reason is empty"), "{error}");
    }
}
