//! planportal's integration tests, in one binary: each module builds real sites in
//! temporary folders (or runs the real command) and checks what comes out.
//!
//! One binary rather than one per file: each test binary links the whole crate, and
//! thirteen of them filled a CI disk. Run one area with a filter, e.g.
//! `cargo test --test it bad_input::`.

#[allow(dead_code)]
mod common;
#[allow(dead_code)]
mod demo;

mod after_2024;
mod atomic;
mod bad_input;
mod build;
mod cli;
mod demo_content;
mod editor;
mod fuzz;
mod import;
mod initiative_links;
mod large_input;
mod layers;
mod links;
mod pictures;
mod rebuild;
mod results;
mod scale;
mod search;
mod serve;
mod serve_hardening;
mod spelling;
mod trust;
