// What every `#[tcapi::error_codes]` expansion asserts: the retry hints in the order the
// macro numbered them. A macro that disagrees with the runtime (here, two hints swapped)
// fails the build instead of giving every code a wrong hint.
const _: () = tcapi::__private::assert_hint_order(&[
    "Throttled",
    "Never",
    "Transient",
    "Resign",
    "RefreshCredentials",
    "WaitForResource",
]);

fn main() {}
