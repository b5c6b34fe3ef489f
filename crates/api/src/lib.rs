//! dealer-api: the contract between the portal, its client and the desktop app.
//!
//! The JSON shapes of `/api/v1` ([`wire`], re-exported at the root), the one set of error
//! codes ([`ErrorCode`], dealer-core's, so a rule's own errors name their code too) and the
//! route paths ([`paths`]). The portal serializes these types and serves these paths; the
//! client deserializes the same types from the same paths; ts-rs exports them to the UI. The
//! portal and the client depend on this crate and never on each other.

mod audit;
mod ids;
pub mod paths;
mod wire;

pub use audit::*;
pub use dealer_core::error_code::ErrorCode;
pub use ids::RequestId;
pub use wire::*;
