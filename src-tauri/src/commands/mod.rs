//! Tauri commands, grouped by feature; each is thin over dealer-client.

pub mod demo;
pub mod help_desk;
pub mod reset;
pub mod session;
pub mod settings;
