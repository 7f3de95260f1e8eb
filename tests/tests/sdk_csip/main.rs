//! The `sdk` binary's tests of published examples and of the local cloud, for csip alone:
//! its 752 actions are the longest part of a cold build after csip itself, and apart from the
//! other products they compile beside them, on the other core (BENCHMARKS.md).

#[path = "../sdk/actions.rs"]
mod actions;
mod generated;
/// The other binary's product-versions, whose listed exceptions this one leaves to it.
#[path = "../sdk/versions.rs"]
mod tested_elsewhere;
mod versions;

#[path = "../sdk/examples.rs"]
mod examples;
#[path = "../sdk/local_cloud.rs"]
mod local_cloud;
