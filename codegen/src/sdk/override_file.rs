//! The loader of the SDK generator's override files (`sdk-paging.json`,
//! `sdk-idempotency.json`): `{"overrides": [...]}`, one entry per action where a rule of the
//! generator is wrong, each with its reason.
//!
//! The loader reads a file strictly (an unknown key is an error naming its path in the
//! JSON) and checks what every file shares: a reason, one entry per action, and a product,
//! version and action the model has. Each file's own checks and how it applies to the model
//! are its module's ([`super::paging::overrides`], [`super::idempotency`]); every error is a
//! [`SpecError::Invalid`] of the file that points at the entry (`override of cvm 2017-03-12
//! RunInstances`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::model::{Crate, Version};
use super::spec::{self, SpecError};

/// One entry of an override file: what the loader reads of it, and the file's own rules.
pub trait OverrideEntry: DeserializeOwned {
    /// The product (`serviceShortName`).
    fn product(&self) -> &str;
    /// The API version (`2017-03-12`), or `None` for every version with the action.
    fn version(&self) -> Option<&str>;
    /// The action.
    fn action(&self) -> &str;
    /// Why the rule is wrong here.
    fn reason(&self) -> &str;
    /// The file's own checks of the entry, against the versions it applies to (those of its
    /// product with its action, and its version when it gives one).
    fn check(&self, versions: &[&Version]) -> Result<(), String>;
    /// Applies the entry to the model of its product; an entry that changes nothing is an
    /// error, so that the file cannot keep stale entries.
    fn apply(&self, krate: &mut Crate) -> Result<(), String>;
}

/// An override file: its entries, in the file's order.
#[derive(Debug, Clone)]
pub struct OverrideFile<E> {
    file: PathBuf,
    entries: Vec<E>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Outline<E> {
    overrides: Vec<E>,
}

impl<E: OverrideEntry> OverrideFile<E> {
    /// Reads and parses the override file at `file`.
    pub fn load(file: &Path) -> Result<Self, SpecError> {
        Self::parse(file, &spec::read(file)?)
    }

    /// Parses the text of an override file (`file` names it in errors).
    pub fn parse(file: &Path, text: &str) -> Result<Self, SpecError> {
        let outline: Outline<E> = spec::from_json(file, text)?;
        Ok(OverrideFile {
            file: file.to_owned(),
            entries: outline.overrides,
        })
    }

    /// The file it was read from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The entries, in the file's order.
    pub fn entries(&self) -> &[E] {
        &self.entries
    }

    /// The products the entries name, sorted.
    pub fn products(&self) -> BTreeSet<&str> {
        self.entries.iter().map(OverrideEntry::product).collect()
    }

    /// The error `message` about `entry`.
    fn invalid(&self, entry: &E, message: String) -> SpecError {
        let version = entry.version().map(|v| format!(" {v}")).unwrap_or_default();
        SpecError::Invalid {
            file: self.file.clone(),
            at: format!(
                "override of {}{version} {}",
                entry.product(),
                entry.action()
            ),
            message,
        }
    }

    /// Checks every entry against `models` (by product; every product an entry names must
    /// be there if it exists): a reason, one entry per action, a product, a version (when
    /// the entry gives one) and the action in some version; then the file's own checks
    /// ([`OverrideEntry::check`]).
    pub fn check(&self, models: &BTreeMap<String, Crate>) -> Result<(), SpecError> {
        let mut seen = BTreeSet::new();
        for entry in &self.entries {
            let invalid = |message: String| self.invalid(entry, message);
            let (product, action) = (entry.product(), entry.action());
            if entry.reason().trim().is_empty() {
                return Err(invalid("the reason is empty".into()));
            }
            if !seen.insert((product, entry.version(), action)) {
                return Err(invalid("a second entry for the same action".into()));
            }
            let model = models
                .get(product)
                .ok_or_else(|| invalid(format!("no product `{product}`")))?;
            let versions: Vec<&Version> = model
                .versions
                .iter()
                .filter(|v| entry.version().is_none_or(|wanted| v.api_version == wanted))
                .collect();
            let version = entry.version().map(|v| format!(" {v}")).unwrap_or_default();
            if versions.is_empty() {
                return Err(invalid(format!("`{product}` has no version{version}")));
            }
            let matched: Vec<&Version> = versions
                .into_iter()
                .filter(|v| v.find_action(action).is_some())
                .collect();
            if matched.is_empty() {
                return Err(invalid(format!(
                    "`{product}`{version} has no action `{action}`"
                )));
            }
            entry.check(&matched).map_err(invalid)?;
        }
        Ok(())
    }

    /// Applies the entries of `krate`'s product to its model ([`OverrideEntry::apply`]).
    /// Run [`OverrideFile::check`] first: this assumes what it checks.
    pub fn apply(&self, krate: &mut Crate) -> Result<(), SpecError> {
        let product = krate.product.clone();
        for entry in self.entries.iter().filter(|e| e.product() == product) {
            entry
                .apply(krate)
                .map_err(|message| self.invalid(entry, message))?;
        }
        Ok(())
    }
}
