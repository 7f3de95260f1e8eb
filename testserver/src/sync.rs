//! Locking shared counters and logs from request tasks and test threads alike.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks ignoring poisoning: counters stay usable after a panicking test thread.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
