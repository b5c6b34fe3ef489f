//! dealer-client: the one typed client of the portal API.
//!
//! The desktop app's commands and the end-to-end tests both go through [`Client`], so the
//! tests exercise the path people use. [`wire`] holds the request and response types; the
//! portal serializes the same types, so the two sides cannot drift apart.

pub mod wire;

#[cfg(feature = "http")]
mod client;
#[cfg(feature = "http")]
pub use client::{Client, ClientError};
