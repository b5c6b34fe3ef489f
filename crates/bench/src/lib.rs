//! What `dealer-bench` (`cargo xtask bench`) and `dealer-load` (`cargo xtask soak`) share:
//! generated scale data and the desktop measurements.

pub mod app;
pub mod scale;

/// The password every generated user has.
pub const PASSWORD: &str = "bench horse battery staple";
