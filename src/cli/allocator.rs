//! The memory allocator: mimalloc, set to give freed memory back to the system at once.
//!
//! A build makes and drops millions of small values (template values, strings, the
//! search index's terms). With glibc's allocator, malloc and free were a fifth of the
//! build's CPU time; with mimalloc the 21,057-page corpus took 10.1 s of CPU instead of
//! 15.9 s (docs/performance.md). mimalloc keeps freed memory for a second before it
//! returns it, which raised the peak; without that delay the peak is glibc's.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option `mi_option_purge_delay` (its place in `mi_option_e`, mimalloc.h),
/// which the Rust bindings do not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's default for [`PURGE_DELAY`], in milliseconds: reading it confirms that
/// the option is the one meant before it is changed.
const DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

/// Returns freed memory to the system at once, unless `MIMALLOC_PURGE_DELAY` says
/// otherwise or the option is not where mimalloc 3 has it.
pub fn give_back_at_once() {
    // SAFETY: reading and setting an option of the allocator, before any thread starts.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == DEFAULT_PURGE_DELAY {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
        }
    }
}
