//! dealer-core: the business of Dealer Access and nothing else.
//!
//! Every rule of the provider's published help-center rules (DESIGN.md, "Business rules")
//! lives here as pure code: no I/O, no clock reads (`now` is always a parameter), no HTTP
//! or SQL types. Identifiers are newtypes that can only be built valid, so an invalid PDN
//! or user ID cannot travel through the portal or the app.

pub mod access;
pub mod applications;
pub mod error_code;
pub mod forms;
pub mod ids;
pub mod inactivity;
pub mod lockout;
pub mod password;
pub mod questions;
pub mod requests;
pub mod schedule;
pub mod text;
