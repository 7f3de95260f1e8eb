//! The generated crates' published examples (`examples`), recorded bodies (`fixtures`) and
//! every action called through the client against the local cloud (`local_cloud`), for every
//! action of the seed products, cvm and hunyuan; `sdk_csip` runs the same tests for csip.
//!
//! What these tests compile for each action (its request's serde round trip, from and to JSON
//! and to form pairs) is the longest part of a cold build: it is compiled once for the
//! examples and the local cloud (`actions`), and csip's 752 actions in a binary of their own,
//! which compiles beside this one (BENCHMARKS.md). The `clients` binary (a few products'
//! clients) need not wait for csip.

mod actions;
mod generated;
/// The other binary's product-versions, whose listed exceptions this one leaves to it.
#[path = "../sdk_csip/versions.rs"]
mod tested_elsewhere;
mod versions;

mod examples;
mod fixtures;
mod local_cloud;
