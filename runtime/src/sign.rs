//! TC3-HMAC-SHA256 signing (in progress)
