//! A reqwest error shown with its whole chain of causes, for the client and the credential
//! providers alike.

use core::fmt;

/// A reqwest error whose `Display` shows its whole chain of causes (`error sending request:
/// client error (Connect): tcp connect error: Connection refused`), since reqwest's own stops
/// at the first line. It names the URL, never a header.
#[derive(Debug)]
pub(crate) struct WithCauses(pub(crate) reqwest::Error);

impl fmt::Display for WithCauses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(&self.0);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl std::error::Error for WithCauses {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}
