//! The portal's integration tests, in one test binary (one link instead of one per file,
//! which is most of their build time). Each module is one area of behaviour; `support`
//! spawns portals, stores on both backends and a local SMTP server for them.

#![allow(clippy::unwrap_used)]

mod support;

mod access_review_job;
mod access_reviews;
mod account;
mod admin;
mod app_only;
mod bulk;
mod cli;
mod contact;
mod crash;
mod dealers;
mod deploy;
mod fuzz;
mod hashing;
mod help_desk;
mod help_desk_console;
mod inactivity;
mod mail;
#[cfg(feature = "openapi")]
mod openapi;
mod outbox;
mod reactivations;
mod registration_email;
mod replicas;
mod requests;
mod reset;
mod routes;
mod row_security;
mod secrets;
mod sign_in;
mod standalone;
mod store;
mod two_step;
mod updates;
