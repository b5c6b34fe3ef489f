//! What every handler can reach: configuration derived once at start, and the clock.

use std::sync::Arc;

use dealer_core::schedule::HelpDeskSchedule;

use crate::clock::{Clock, SystemClock};
use crate::config::HelpDeskConfig;

#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    clock: Arc<dyn Clock>,
    help_desk: HelpDesk,
}

/// The help desk as configured, with its schedule built once.
#[derive(Debug, Clone)]
pub struct HelpDesk {
    pub name: String,
    pub phone: String,
    pub schedule: HelpDeskSchedule,
}

impl AppState {
    pub fn new(help_desk: &HelpDeskConfig, clock: Arc<dyn Clock>) -> Self {
        AppState {
            inner: Arc::new(Inner {
                clock,
                help_desk: HelpDesk {
                    name: help_desk.name.clone(),
                    phone: help_desk.phone.clone(),
                    schedule: help_desk.schedule(),
                },
            }),
        }
    }

    /// Shipped defaults on the wall clock.
    pub fn with_defaults() -> Self {
        Self::new(&HelpDeskConfig::default(), Arc::new(SystemClock))
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    pub fn help_desk(&self) -> &HelpDesk {
        &self.inner.help_desk
    }
}
