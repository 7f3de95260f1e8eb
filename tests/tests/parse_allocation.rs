//! `ErrorCode::parse` of a known code allocates nothing; an unknown code allocates once, to
//! keep its string. Counted with a global allocator, so this test file holds nothing else.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tcapi::ErrorCode;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[tcapi::error_codes(all_products)]
enum AnyCode {}

#[test]
fn known_codes_parse_without_allocating() {
    let keys: Vec<String> = AnyCode::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let mut known = 0;
    for key in &keys {
        let code = AnyCode::parse(key);
        known += usize::from(code.is_known());
        std::hint::black_box(code);
    }
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert_eq!(known, keys.len());
    assert_eq!(after - before, 0, "parse allocated for known codes");

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let unknown = AnyCode::parse("FailedOperation.NotInAnyTable");
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert!(!unknown.is_known());
    assert_eq!(
        after - before,
        1,
        "an unknown code is kept in one allocation"
    );
}
