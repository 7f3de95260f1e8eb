//! HTTP client (in progress)
