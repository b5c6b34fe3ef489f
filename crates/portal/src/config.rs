//! The portal's typed configuration: command-line flags, each with an environment variable
//! (documented in `.env.example`). Passed in, never global.

use std::net::SocketAddr;

use chrono::NaiveDate;
use clap::Args;
use dealer_core::schedule::{HelpDeskSchedule, WeeklyHours};

/// Shipped help-desk hours, in the format of `DEALER_HELP_DESK_HOURS` (24-hour US Eastern).
pub const DEFAULT_HELP_DESK_HOURS: &str =
    "Mon 08:00-22:00; Tue-Fri 08:00-20:00; Sat 09:00-19:00; Sun 12:00-17:00";

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on. Keep it on loopback unless a TLS proxy fronts the portal.
    #[arg(long, env = "DEALER_PORTAL_ADDR", default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,

    #[command(flatten)]
    pub help_desk: HelpDeskConfig,
}

/// How people reach the provider's help desk; shown on every "call the help desk" message.
#[derive(Debug, Clone, Args)]
pub struct HelpDeskConfig {
    #[arg(
        long = "help-desk-name",
        env = "DEALER_HELP_DESK_NAME",
        default_value = "Dealer Services Help Desk"
    )]
    pub name: String,

    #[arg(
        long = "help-desk-phone",
        env = "DEALER_HELP_DESK_PHONE",
        default_value = "1-800-555-0142"
    )]
    pub phone: String,

    /// Weekly phone hours in US Eastern time, e.g. "Mon 08:00-22:00; Tue-Fri 08:00-20:00".
    #[arg(
        long = "help-desk-hours",
        env = "DEALER_HELP_DESK_HOURS",
        default_value = DEFAULT_HELP_DESK_HOURS,
        value_parser = parse_hours,
    )]
    pub hours: WeeklyHours,

    /// Dates the help desk phone line is closed, comma separated (2026-12-25,2027-01-01).
    #[arg(
        long = "help-desk-holidays",
        env = "DEALER_HELP_DESK_HOLIDAYS",
        value_delimiter = ','
    )]
    pub holidays: Vec<NaiveDate>,
}

fn parse_hours(text: &str) -> Result<WeeklyHours, String> {
    WeeklyHours::parse(text).map_err(|e| e.to_string())
}

impl HelpDeskConfig {
    pub fn schedule(&self) -> HelpDeskSchedule {
        HelpDeskSchedule::new(self.hours.clone(), self.holidays.iter().copied())
    }
}

impl Default for HelpDeskConfig {
    fn default() -> Self {
        HelpDeskConfig {
            name: "Dealer Services Help Desk".into(),
            phone: "1-800-555-0142".into(),
            hours: WeeklyHours::default(),
            holidays: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_hours_text_parses_to_the_shipped_schedule() {
        assert_eq!(
            parse_hours(DEFAULT_HELP_DESK_HOURS).unwrap(),
            WeeklyHours::default(),
            "the documented default and the built-in default must agree"
        );
    }

    #[test]
    fn bad_hours_are_refused_with_a_reason() {
        let err = parse_hours("Mon 25:00-26:00").unwrap_err();
        assert!(!err.is_empty());
    }
}
