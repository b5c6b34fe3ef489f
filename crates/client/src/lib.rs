//! dealer-client: the one typed client of the portal API.
//!
//! The desktop app's commands and the end-to-end tests both go through [`Client`], so the
//! tests exercise the path people use. The request and response types, the error codes
//! and the route paths are the contract crate's ([`dealer_api`]); the portal serves the
//! same types at the same paths, so the two sides cannot drift apart.

mod client;
pub use client::{Client, ClientError, SignInStep};
