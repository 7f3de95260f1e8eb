//! The profile file: `~/.tencentcloud/credentials`, an INI file with one section per profile.

use std::path::{Path, PathBuf};

use super::cache::Loaded;
use super::env::Env;
use crate::sign::{Credentials, CredentialsError, CredentialsErrorKind, CredentialsSource};

/// The variable naming the credentials file, read by the official SDKs too.
pub const CREDENTIALS_FILE_VAR: &str = "TENCENTCLOUD_CREDENTIALS_FILE";

/// The variable naming the profile (the file's section) to use; `default` when unset.
pub const PROFILE_VAR: &str = "TENCENTCLOUD_PROFILE";

const DEFAULT_PROFILE: &str = "default";

/// The file every user of the machine shares, after the user's own.
const SYSTEM_FILE: &str = "/etc/tencentcloud/credentials";

/// Credentials from a profile of the credentials file, the INI file tccli writes:
///
/// ```ini
/// [default]
/// secret_id = AKIDEXAMPLE
/// secret_key = secret-key
///
/// [ci]
/// secret_id = AKIDCI
/// secret_key = ci-secret-key
/// token = optional-session-token
/// ```
///
/// The file is the one named by [`CREDENTIALS_FILE_VAR`] (`TENCENTCLOUD_CREDENTIALS_FILE`),
/// else `~/.tencentcloud/credentials` (`$HOME`, or `%USERPROFILE%`), else
/// `/etc/tencentcloud/credentials`, the first that exists. The profile is the one named by
/// [`PROFILE_VAR`] (`TENCENTCLOUD_PROFILE`), else `default`. Both can be set explicitly
/// instead. Keys are case-insensitive; values may be quoted; lines starting with `#` or `;`
/// are comments.
///
/// No file is [`NotConfigured`](CredentialsErrorKind::NotConfigured) (a chain moves on); a
/// file named by the variable that cannot be read, a missing profile or a profile without
/// `secret_id` and `secret_key` is [`Invalid`](CredentialsErrorKind::Invalid). The file is read
/// at the first call and kept; [`refresh`](crate::sign::ProvideCredentials::refresh) reads it again.
///
/// ```
/// use tcapi::credentials::{Env, ProfileProvider};
/// let path = std::env::temp_dir().join(format!("tcapi-doc-profile-{}", std::process::id()));
/// std::fs::write(&path, "[default]\nsecret_id = AKIDA\nsecret_key = a\n[ci]\nsecret_id = AKIDB\nsecret_key = b\n").unwrap();
/// let env = Env::from_pairs([
///     ("TENCENTCLOUD_CREDENTIALS_FILE", path.to_str().unwrap()),
///     ("TENCENTCLOUD_PROFILE", "ci"),
/// ]);
/// assert_eq!(ProfileProvider::with_env(env).load().unwrap().secret_id(), "AKIDB");
/// # std::fs::remove_file(&path).unwrap();
/// ```
#[derive(Debug, Default)]
pub struct ProfileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
    loaded: Loaded,
}

impl ProfileProvider {
    /// The provider of the file and profile the process's environment names.
    pub fn new() -> ProfileProvider {
        ProfileProvider::default()
    }

    /// The provider of the file and profile `env` names.
    pub fn with_env(env: Env) -> ProfileProvider {
        ProfileProvider {
            env,
            ..ProfileProvider::default()
        }
    }

    /// Reads this file, whatever the environment says.
    #[must_use]
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this profile, whatever the environment says.
    #[must_use]
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    fn error(kind: CredentialsErrorKind, message: String) -> CredentialsError {
        CredentialsError::new(message)
            .with_kind(kind)
            .with_provider(CredentialsSource::ProfileFile)
    }

    /// The file to read, and whether it was named explicitly (then it must exist).
    fn file(&self) -> Result<PathBuf, CredentialsError> {
        if let Some(path) = &self.path {
            return Ok(path.clone());
        }
        if let Some(path) = self.env.var(CREDENTIALS_FILE_VAR) {
            return Ok(PathBuf::from(path));
        }
        let home = self
            .env
            .var("HOME")
            .or_else(|| self.env.var("USERPROFILE"))
            .map(|home| Path::new(&home).join(".tencentcloud").join("credentials"));
        let candidates: Vec<PathBuf> = home
            .into_iter()
            .chain([PathBuf::from(SYSTEM_FILE)])
            .collect();
        if let Some(found) = candidates.iter().find(|path| path.is_file()) {
            return Ok(found.clone());
        }
        let looked: Vec<String> = candidates
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        Err(Self::error(
            CredentialsErrorKind::NotConfigured,
            format!(
                "{CREDENTIALS_FILE_VAR} is not set and no credentials file exists (looked for {})",
                looked.join(", ")
            ),
        ))
    }

    /// Reads the file now, without caching.
    ///
    /// # Errors
    ///
    /// A [`CredentialsError`] that names the file, the profile and what is missing (never a
    /// value read from the file).
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let path = self.file()?;
        let profile = self
            .profile
            .clone()
            .or_else(|| self.env.var(PROFILE_VAR))
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        let shown = path.display();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Self::error(
                CredentialsErrorKind::Invalid,
                format!("cannot read the credentials file {shown}: {e}"),
            )
        })?;
        let sections = parse_ini(&text).map_err(|line| {
            Self::error(
                CredentialsErrorKind::Invalid,
                format!("{shown}:{line}: expected `[profile]`, `key = value` or a comment"),
            )
        })?;
        let Some(section) = sections.iter().find(|section| section.name == profile) else {
            let names: Vec<&str> = sections.iter().map(|section| section.name).collect();
            return Err(Self::error(
                CredentialsErrorKind::Invalid,
                format!(
                    "{shown} has no profile [{profile}] (it has: {})",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
            ));
        };
        let (Some(secret_id), Some(secret_key)) =
            (section.get("secret_id"), section.get("secret_key"))
        else {
            return Err(Self::error(
                CredentialsErrorKind::Invalid,
                format!("profile [{profile}] of {shown} needs both secret_id and secret_key"),
            ));
        };
        let credentials = Credentials::new(secret_id, secret_key);
        Ok(match section.get("token") {
            Some(token) => credentials.with_token(token),
            None => credentials,
        })
    }
}

provide_loaded!(ProfileProvider);

/// One `[name]` section of an INI file and its `key = value` pairs.
struct Section<'a> {
    name: &'a str,
    pairs: Vec<(&'a str, &'a str)>,
}

impl<'a> Section<'a> {
    /// The last non-empty value of `key` (keys compare case-insensitively).
    fn get(&self, key: &str) -> Option<&'a str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, value)| *value)
            .filter(|value| !value.is_empty())
    }
}

/// The sections of an INI file, in order; pairs before the first section are ignored. A line
/// that is neither a section, a pair, a comment nor blank fails with its 1-based number (never
/// its text, which may hold a secret).
fn parse_ini(text: &str) -> Result<Vec<Section<'_>>, usize> {
    let mut sections: Vec<Section<'_>> = Vec::new();
    for (number, line) in (1..).zip(text.lines()) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            sections.push(Section {
                name: name.trim(),
                pairs: Vec::new(),
            });
        } else if let Some((key, value)) = line.split_once('=') {
            if let Some(section) = sections.last_mut() {
                section.pairs.push((key.trim(), unquote(value.trim())));
            }
        } else {
            return Err(number);
        }
    }
    Ok(sections)
}

/// `value` without one pair of matching surrounding quotes.
fn unquote(value: &str) -> &str {
    ['"', '\'']
        .iter()
        .find_map(|quote| {
            value
                .strip_prefix(*quote)
                .and_then(|rest| rest.strip_suffix(*quote))
        })
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_sections_keys_quotes_and_comments() {
        let text = "stray = ignored\n# comment\n[default]\nSECRET_ID = \"AKIDA\"\nsecret_key='a=b'\n\n; other\n[ ci ]\nsecret_id=AKIDB\nsecret_id=AKIDC\ntoken =\n";
        let sections = parse_ini(text).unwrap();
        let names: Vec<&str> = sections.iter().map(|s| s.name).collect();
        assert_eq!(names, ["default", "ci"]);
        assert_eq!(sections[0].get("secret_id"), Some("AKIDA"));
        assert_eq!(sections[0].get("secret_key"), Some("a=b"));
        assert_eq!(
            sections[1].get("secret_id"),
            Some("AKIDC"),
            "the last one wins"
        );
        assert_eq!(sections[1].get("token"), None, "empty is absent");
        assert_eq!(parse_ini("[a]\nsecret-without-equals\n").err(), Some(2));
        assert_eq!(unquote("\"x'"), "\"x'");
    }
}
