//! Caches: [`Loaded`] for credentials that do not expire, [`Cache`] for temporary ones, with
//! single-flight refreshes.

use core::future::Future;
use core::time::Duration;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::clock::unix_now;
use crate::sign::{Credentials, CredentialsError, CredentialsErrorKind, CredentialsSource};

/// How long before their expiry temporary credentials are fetched again, by default: 5
/// minutes, the official SDKs' margin for CVM role credentials, and the width of the
/// signature's timestamp window. Credentials that had less than twice this left when they
/// were fetched are fetched again halfway through that time instead (a 60 s `AssumeRole`
/// after 30 s), so that short-lived credentials are not fetched on every call.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// After a failed fetch, how long still-valid cached credentials are served before the next
/// fetch is tried, so that a source that is down is not asked on every call.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// Locks ignoring poisoning: the state is updated in single assignments, never left half-done.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

/// Credentials read once and kept until [`Loaded::reload`]: for the environment and the
/// profile file, which do not change under a running program as a rule.
#[derive(Debug, Default)]
pub(crate) struct Loaded(Mutex<Option<Credentials>>);

impl Loaded {
    pub(crate) fn get(
        &self,
        load: impl FnOnce() -> Result<Credentials, CredentialsError>,
    ) -> Result<Credentials, CredentialsError> {
        let mut loaded = lock(&self.0);
        if let Some(credentials) = &*loaded {
            return Ok(credentials.clone());
        }
        let credentials = load()?;
        *loaded = Some(credentials.clone());
        Ok(credentials)
    }

    /// [`Loaded::reload`], unless the credentials loaded are no longer `rejected`.
    pub(crate) fn reload_unless_changed(
        &self,
        rejected: &Credentials,
        load: impl FnOnce() -> Result<Credentials, CredentialsError>,
    ) -> Result<Credentials, CredentialsError> {
        if let Some(current) = lock(&self.0)
            .as_ref()
            .filter(|current| *current != rejected)
        {
            return Ok(current.clone());
        }
        self.reload(load)
    }

    pub(crate) fn reload(
        &self,
        load: impl FnOnce() -> Result<Credentials, CredentialsError>,
    ) -> Result<Credentials, CredentialsError> {
        let credentials = load()?;
        *lock(&self.0) = Some(credentials.clone());
        Ok(credentials)
    }
}

/// Temporary credentials and when they expire (Unix seconds).
#[derive(Clone)]
pub(crate) struct Expiring {
    pub(crate) credentials: Credentials,
    pub(crate) expires_at: i64,
}

#[derive(Default)]
struct State {
    current: Option<Expiring>,
    /// When the current credentials are due to be fetched again.
    refresh_at: i64,
    /// Fetches finished so far: a caller that waited for the lock and sees it changed takes
    /// the outcome of that fetch instead of making another.
    attempts: u64,
    /// The error of the last fetch, when it failed.
    last_error: Option<CredentialsError>,
    /// No new fetch before this time while the cached credentials are valid.
    retry_at: i64,
}

/// Temporary credentials of one provider, fetched again `margin` before they expire, one
/// fetch at a time.
pub(crate) struct Cache {
    source: CredentialsSource,
    /// The margin set with `refresh_margin`; `None`: [`DEFAULT_REFRESH_MARGIN`], at most half
    /// the lifetime.
    margin: Option<i64>,
    state: Mutex<State>,
    refreshing: tokio::sync::Mutex<()>,
}

impl Cache {
    pub(crate) fn new(source: CredentialsSource) -> Cache {
        Cache {
            source,
            margin: None,
            state: Mutex::new(State::default()),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    pub(crate) fn set_margin(&mut self, margin: Duration) {
        self.margin = Some(secs(margin));
    }

    /// When credentials fetched at `now` and expiring at `expires_at` are due: `margin`
    /// before they expire when set, else [`DEFAULT_REFRESH_MARGIN`] or half the time they
    /// had left, whichever is shorter.
    fn refresh_at(&self, expires_at: i64, now: i64) -> i64 {
        let margin = self.margin.unwrap_or_else(|| {
            let half_life = expires_at.saturating_sub(now).max(0) / 2;
            secs(DEFAULT_REFRESH_MARGIN).min(half_life)
        });
        expires_at.saturating_sub(margin)
    }

    /// When the cached credentials expire, if there are any (for `Debug`).
    pub(crate) fn expires_at(&self) -> Option<i64> {
        lock(&self.state)
            .current
            .as_ref()
            .map(|current| current.expires_at)
    }

    /// The cached credentials while they are fresh; otherwise the outcome of one fetch shared
    /// with every caller that needed it at the same time.
    pub(crate) async fn credentials<F, Fut>(
        &self,
        fetch: F,
    ) -> Result<Credentials, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Expiring, CredentialsError>>,
    {
        let now = unix_now();
        let attempts = {
            let state = lock(&self.state);
            if let Some(current) = &state.current {
                let due = now >= state.refresh_at;
                let valid = now < current.expires_at;
                if !due || (valid && now < state.retry_at) {
                    return Ok(current.credentials.clone());
                }
            }
            state.attempts
        };
        let _refreshing = match self.refreshing.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                // Another caller is fetching: still-valid credentials need not wait for it.
                if let Some(valid) = self.valid(unix_now()) {
                    return Ok(valid);
                }
                self.refreshing.lock().await
            }
        };
        if let Some(outcome) = self.outcome_since(attempts) {
            return outcome;
        }
        self.fetch(fetch, true).await
    }

    /// New credentials after the server rejected the cached ones (`rejected`, when the
    /// caller says which): one fetch shared with every caller that asked at the same time,
    /// and none when the cached credentials are no longer the rejected ones (a call rejected
    /// after another one refreshed takes the new credentials).
    pub(crate) async fn refresh<F, Fut>(
        &self,
        rejected: Option<&Credentials>,
        fetch: F,
    ) -> Result<Credentials, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Expiring, CredentialsError>>,
    {
        let attempts = lock(&self.state).attempts;
        let _refreshing = self.refreshing.lock().await;
        if let Some(rejected) = rejected {
            if let Some(valid) = self.valid(unix_now()).filter(|valid| valid != rejected) {
                return Ok(valid);
            }
        }
        if let Some(outcome) = self.outcome_since(attempts) {
            return outcome;
        }
        self.fetch(fetch, false).await
    }

    fn valid(&self, now: i64) -> Option<Credentials> {
        lock(&self.state)
            .current
            .as_ref()
            .filter(|current| now < current.expires_at)
            .map(|current| current.credentials.clone())
    }

    /// The outcome of a fetch that finished after `attempts` was read, if one did.
    fn outcome_since(&self, attempts: u64) -> Option<Result<Credentials, CredentialsError>> {
        let state = lock(&self.state);
        if state.attempts == attempts {
            return None;
        }
        let now = unix_now();
        Some(match (&state.current, &state.last_error) {
            (Some(current), None) => Ok(current.credentials.clone()),
            (Some(current), Some(_)) if now < current.expires_at => Ok(current.credentials.clone()),
            (_, Some(error)) => Err(error.clone()),
            (None, None) => return None,
        })
    }

    /// Fetches with the refresh lock held. When the fetch fails and `serve_valid`, cached
    /// credentials that have not expired are returned instead of the error.
    async fn fetch<F, Fut>(
        &self,
        fetch: F,
        serve_valid: bool,
    ) -> Result<Credentials, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Expiring, CredentialsError>>,
    {
        let result = fetch().await;
        let mut state = lock(&self.state);
        state.attempts += 1;
        let error = match result {
            Ok(fresh) => {
                let credentials = fresh.credentials.clone();
                state.refresh_at = self.refresh_at(fresh.expires_at, unix_now());
                state.current = Some(fresh);
                state.last_error = None;
                state.retry_at = 0;
                return Ok(credentials);
            }
            Err(error) if error.provider().is_none() => error.with_provider(self.source),
            Err(error) => error,
        };
        let now = unix_now();
        state.retry_at = now.saturating_add(secs(RETRY_AFTER_FAILURE));
        let outcome = match &state.current {
            Some(current) if serve_valid && now < current.expires_at => {
                Ok(current.credentials.clone())
            }
            Some(current) if now >= current.expires_at => Err(CredentialsError::with_source(
                format!(
                    "the cached credentials expired at {} (Unix time) and fetching new ones failed: {}",
                    current.expires_at,
                    error.message()
                ),
                error.clone(),
            )
            .with_kind(CredentialsErrorKind::Expired)
            .with_provider(self.source)),
            _ => Err(error.clone()),
        };
        state.last_error = Some(match &outcome {
            Err(outcome) => outcome.clone(),
            Ok(_) => error,
        });
        outcome
    }
}
