//! Shared helpers for the portal's integration tests: `mod support;` in a test file.

// Every test binary compiles all of support but uses only some of it.
#![allow(dead_code)]

pub mod app;
pub mod db;
pub mod process;
pub mod requests;
pub mod smtp;
