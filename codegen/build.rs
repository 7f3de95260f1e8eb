//! Sets `cfg(shared_data)` where the reference data is beside the repository
//! (`scripts/build/reference_data.rs`): the drift tests and most of the generator's tests read
//! the published specs.

include!("../scripts/build/reference_data.rs");

fn main() {
    reference_data();
}
