//! The generated crates' published examples (`examples`), recorded bodies (`fixtures`) and
//! every action called through the client against the local cloud (`local_cloud`), for every
//! action of every crate the tests build.
//!
//! One binary, since what it compiles for each action (its request's serde round trip, from
//! and to JSON and to form pairs) is the longest part of a cold build and is shared by the
//! examples and the local cloud: compiled once here (`actions`), where two binaries compiled
//! it twice (BENCHMARKS.md). The `clients` binary (a few products' clients) need not wait for
//! csip.

mod actions;
mod generated;

mod examples;
mod fixtures;
mod local_cloud;
