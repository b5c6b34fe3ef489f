//! Shared helpers for the portal's integration tests (`crate::support` in every module of
//! the one test binary).

// The journeys crate includes `smtp.rs` alone and uses only part of it.
#![allow(dead_code)]

pub mod app;
pub mod db;
pub mod process;
pub mod requests;
pub mod smtp;
pub mod tls;
