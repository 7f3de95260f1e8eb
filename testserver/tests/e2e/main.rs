//! The local cloud end to end, over loopback: the runtime's client, the official SDKs and the
//! server binary against `tcapi-testserver`. One test binary (each would link the server, the
//! client and their dependencies anew); `env_proxy.rs` stays a binary of its own, since it sets
//! the process's `HTTP_PROXY`, which every client in the process would read.

mod common;

mod binary;
mod call_options;
mod catalog;
mod connect_tunnel;
mod credentials;
mod faults;
mod forms;
mod load;
mod official_sdks;
mod paging;
mod readme_user_test;
mod retries;
mod secrets;
mod seed_products;
mod streaming;
