//! JSON shapes of the portal API (`/api/v1`), shared by the portal and the client.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Every error the portal sends: a stable machine `code` to branch on, and a message for
/// people. 5xx errors never carry internals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

/// `GET /api/v1/health`: the process is up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// `GET /api/v1/help-desk/info`: how to reach the help desk, and whether it is open now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpDeskInfo {
    pub name: String,
    pub phone: String,
    /// The weekly hours as people read them, e.g. "Mon 8 am–10 pm, …, Sun noon–5 pm (ET)".
    pub hours: String,
    /// IANA time zone of the hours ("America/New_York").
    pub time_zone: String,
    pub open_now: bool,
    /// When it closes, if open now.
    pub closes_at: Option<DateTime<Utc>>,
    /// When it next opens, if closed now.
    pub next_opening: Option<DateTime<Utc>>,
    /// One sentence for a "call the help desk" message: "Open now until 8 pm ET" or
    /// "Closed now; opens Monday 8 am ET".
    pub status_text: String,
}
