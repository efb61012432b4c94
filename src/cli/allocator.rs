//! The memory allocator: mimalloc, set to give freed memory back to the system soon.
//!
//! A build makes and drops millions of small values (template values, strings, the
//! search index's terms). With glibc's allocator, malloc and free were a fifth of the
//! build's CPU time; with mimalloc the 21,057-page corpus took 10.1 s of CPU instead of
//! 15.9 s (docs/performance.md). mimalloc keeps freed memory for a second before it
//! returns it, which raised the peak. Returning it at once cost a quarter of the
//! build's CPU in the kernel instead (130,000 page faults at 5,352 pages, against
//! 40,000 after 10 ms); 10 ms keeps the peak within a few MB of "at once".

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option `mi_option_purge_delay` (its place in `mi_option_e`, mimalloc.h),
/// which the Rust bindings do not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's default for [`PURGE_DELAY`], in milliseconds: reading it confirms that
/// the option is the one meant before it is changed.
const DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

/// How long freed memory is kept before it goes back to the system, in milliseconds.
/// At 5,352 pages (docs/performance.md): 0 ms, 0.75 s of system time and a peak of
/// 141 MB; 10 ms, 0.35 s and 146–151 MB; 25 ms, 0.3 s and 150–160 MB.
const KEEP_FREED_MS: std::ffi::c_long = 10;

/// Returns freed memory to the system after [`KEEP_FREED_MS`], unless
/// `MIMALLOC_PURGE_DELAY` says otherwise or the option is not where mimalloc 3 has it.
pub fn give_back_soon() {
    // SAFETY: reading and setting an option of the allocator, before any thread starts.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == DEFAULT_PURGE_DELAY {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, KEEP_FREED_MS);
        }
    }
}
