//! The memory allocator: mimalloc, set to give freed memory back to the system soon
//! and in small pieces.
//!
//! A build makes and drops millions of small values (template values, strings, the
//! search index's terms). With glibc's allocator, malloc and free were a fifth of the
//! build's CPU time, and resident memory was twice the bytes in use (475 MB for 230 MB
//! at 21,057 pages); with mimalloc that corpus takes 10.1 s of CPU instead of 15.9 s
//! (docs/performance.md). Two of mimalloc's defaults raise the peak, and are changed
//! here unless the environment sets them (`MIMALLOC_PURGE_DELAY`, `MIMALLOC_ALLOW_THP`).

use std::ffi::c_long;

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option `mi_option_purge_delay`: its place in `mi_option_e` (mimalloc 3's
/// mimalloc.h), which the Rust bindings do not name.
const PURGE_DELAY: mi_option_t = 15;

/// mimalloc's default for [`PURGE_DELAY`], in milliseconds: reading it confirms that
/// the option is the one meant before it is changed.
const DEFAULT_PURGE_DELAY: c_long = 1000;

/// How long freed memory is kept before it goes back to the system, in milliseconds.
/// At once cost a quarter of the build's CPU in the kernel (130,000 page faults at
/// 5,352 pages, 40,000 after 10 ms). At 5,352 pages: 0 ms, 0.75 s of system time and
/// a peak of 141 MB; 10 ms, 0.35 s and 146–151 MB; 25 ms, 0.3 s and 150–160 MB.
const KEEP_FREED_MS: c_long = 10;

/// Gives freed memory back after [`KEEP_FREED_MS`] instead of mimalloc's second.
fn give_back_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: reading and setting an option of the allocator, before any thread starts.
    unsafe {
        if mi_option_get(PURGE_DELAY) == DEFAULT_PURGE_DELAY {
            mi_option_set(PURGE_DELAY, KEEP_FREED_MS);
        }
    }
}

/// Transparent huge pages: with them a 2 MB page stays resident while any of it is
/// used. Without them the peak at 21,057 pages fell from 386–388 MB to 368–372 MB,
/// and at 5,352 pages from 141–151 MB to 118–120 MB, in the same time. mimalloc's own
/// option (`MIMALLOC_ALLOW_THP=0`) is read when it starts, before `main`, so the
/// process asks the kernel itself, as mimalloc does for that option.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
        return;
    }
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process's memory; should the
    // kernel not know it, the call fails and nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Both settings above. Called before any other thread starts.
pub fn configure() {
    give_back_soon();
    #[cfg(target_os = "linux")]
    no_huge_pages();
}
