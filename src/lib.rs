//! planportal: a static site generator for public plan portals.
//!
//! A build runs five stages, one module each:
//!
//! 1. [`load`]: walk `content/`, parse front matter, render Markdown;
//! 2. [`link`]: build the goal graph of the plan domain and check every reference;
//! 3. [`render`]: turn pages, open data and feeds into files with Tera;
//! 4. [`index`]: build the search index;
//! 5. [`write`]: minify and publish the output atomically.
//!
//! [`build()`] runs them in order and collects every diagnostic on the way;
//! [`rebuild`] re-renders only what an edit changed, for `serve`.

// Diagnostics are the error type of every stage; they are built only on the error path,
// so their size (about 170 bytes) costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod editor;
pub mod import;
pub mod index;
pub mod link;
pub mod load;
pub mod rebuild;
pub mod render;
pub mod text;
pub mod theme;
pub mod write;

pub use build::{BuildOptions, BuildReport, Built, Progress, build, build_keeping, static_files};
