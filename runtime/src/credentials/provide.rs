//! The parts every provider of a kind has alike, written once: `ProvideCredentials` over a
//! cache, and the settings of the providers of temporary credentials.

/// `impl ProvideCredentials` for a provider read once and kept: a `loaded: Loaded` field and a
/// `fn load(&self) -> Result<Credentials, CredentialsError>`.
macro_rules! provide_loaded {
    ($provider:ty) => {
        impl $crate::sign::ProvideCredentials for $provider {
            fn credentials(&self) -> $crate::sign::CredentialsFuture<'_> {
                let result = self.loaded.get(|| self.load());
                Box::pin(async move { result })
            }

            fn refresh(&self) -> $crate::sign::CredentialsFuture<'_> {
                let result = self.loaded.reload(|| self.load());
                Box::pin(async move { result })
            }

            fn refresh_rejected<'a>(
                &'a self,
                rejected: &'a $crate::sign::Credentials,
            ) -> $crate::sign::CredentialsFuture<'a> {
                let result = self.loaded.reload_unless_changed(rejected, || self.load());
                Box::pin(async move { result })
            }
        }
    };
}

/// `impl ProvideCredentials` and the `timeout` and `refresh_margin` settings for a provider
/// of temporary credentials: `http: Http` and `cache: Cache` fields and an
/// `async fn fetch(&self) -> Result<Expiring, CredentialsError>`.
macro_rules! provide_temporary {
    ($provider:ty, timeout = $timeout_doc:literal) => {
        impl $provider {
            #[doc = $timeout_doc]
            #[must_use]
            pub fn timeout(mut self, timeout: core::time::Duration) -> Self {
                self.http.set_timeout(timeout);
                self
            }

            /// How long before they expire the credentials are fetched again, whatever their
            /// lifetime (default
            /// [`DEFAULT_REFRESH_MARGIN`](crate::credentials::DEFAULT_REFRESH_MARGIN), or half
            /// the time left at the fetch if that is shorter).
            #[must_use]
            pub fn refresh_margin(mut self, margin: core::time::Duration) -> Self {
                self.cache.set_margin(margin);
                self
            }
        }

        impl $crate::sign::ProvideCredentials for $provider {
            fn credentials(&self) -> $crate::sign::CredentialsFuture<'_> {
                Box::pin(self.cache.credentials(|| self.fetch()))
            }

            fn refresh(&self) -> $crate::sign::CredentialsFuture<'_> {
                Box::pin(self.cache.refresh(None, || self.fetch()))
            }

            fn refresh_rejected<'a>(
                &'a self,
                rejected: &'a $crate::sign::Credentials,
            ) -> $crate::sign::CredentialsFuture<'a> {
                Box::pin(self.cache.refresh(Some(rejected), || self.fetch()))
            }
        }
    };
}

/// The STS settings of a provider that assumes a role: `session_name`, `duration` and
/// `endpoint`, over fields of those names.
macro_rules! sts_settings {
    ($provider:ty) => {
        impl $provider {
            /// The `RoleSessionName` (default `tcapi-rust-<Unix microseconds>`).
            #[must_use]
            pub fn session_name(mut self, name: impl Into<String>) -> Self {
                self.session_name = name.into();
                self
            }

            /// How long the credentials last, 1 s to 12 h (default 2 h); whole seconds.
            #[must_use]
            pub fn duration(mut self, duration: core::time::Duration) -> Self {
                self.duration = duration;
                self
            }

            /// The STS endpoint URL (default
            /// [`DEFAULT_STS_ENDPOINT`](crate::credentials::DEFAULT_STS_ENDPOINT)).
            #[must_use]
            pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
                self.endpoint = endpoint.into();
                self
            }
        }
    };
}
