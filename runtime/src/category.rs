//! The category of an error code: its first segment, with legacy roots folded in.
//!
//! The variants, their default retry hints and the legacy roots come from
//! `codes/categories.json`, the one place those facts live.

use crate::RetryHint;

tcapi_macros::__define_categories! {
    /// The category of an error code, from its first segment (`AuthFailure` in
    /// `AuthFailure.SignatureExpire`). Legacy product roots such as `InvalidInstanceId` belong
    /// to the standard category they mean; any other root is [`Category::Other`].
    ///
    /// ```
    /// use tcapi::Category;
    /// assert_eq!(Category::of("ResourceNotFound.InstanceNotExist"), Category::ResourceNotFound);
    /// assert_eq!(Category::of("InvalidInstanceId.NotFound"), Category::InvalidParameterValue);
    /// assert_eq!(Category::of("Whatever.Else"), Category::Other);
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Category {}
}

impl Category {
    /// The category of any code, known or not, from its first segment.
    pub fn of(code: &str) -> Category {
        let first = code.split('.').next().unwrap_or(code);
        match Category::SEGMENTS.binary_search_by(|(segment, _)| (*segment).cmp(first)) {
            Ok(i) => Category::SEGMENTS[i].1,
            Err(_) => Category::CATCH_ALL,
        }
    }

    /// The retry hint of a code of this category that has no override of its own.
    pub const fn default_retry_hint(self) -> RetryHint {
        self.defaults().0
    }

    /// Why [`Category::default_retry_hint`] is what it is.
    pub const fn default_hint_reason(self) -> &'static str {
        self.defaults().1
    }
}

impl core::fmt::Display for Category {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}
