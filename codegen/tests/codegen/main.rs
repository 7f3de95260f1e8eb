//! The generators and tools of tcapi-codegen: the importer, the checks, the command line, the
//! SDK and catalog generators and their drift against what is committed. One test binary
//! (eight would each link the generator anew).

// The tests print and parse the generated crates, token by token: see Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;

mod check;
mod cli;
mod cloud_drift;
mod hints;
mod import;
mod sdk;
mod sdk_drift;
mod streaming;
