//! Shared helpers for the portal's integration tests (`crate::support` in every module of
//! the one test binary).

pub mod app;
pub mod process;
pub mod requests;
pub mod tls;
