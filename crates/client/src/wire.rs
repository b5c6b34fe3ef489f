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

/// `GET /api/v1/ready`: the portal can reach its database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ready {
    pub status: String,
    pub database: String,
}

/// `POST /api/v1/sessions`. `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub user_id: String,
    pub password: String,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("user_id", &self.user_id)
            .field("password", &"***")
            .finish()
    }
}

/// `201` answer to a sign-in: the bearer token (shown this once) and who signed in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub token: String,
    pub session_id: String,
    pub expires_at: DateTime<Utc>,
    pub user: Me,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("token", &"***")
            .field("session_id", &self.session_id)
            .field("expires_at", &self.expires_at)
            .field("user", &self.user)
            .finish()
    }
}

/// `GET /api/v1/me`: the signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: dealer_core::access::AccessRole,
    /// The dealership of staff and office managers; none for provider staff.
    pub pdn: Option<String>,
    pub dealership_name: Option<String>,
    /// A temporary password from the help desk: change it before anything else.
    pub must_change_password: bool,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    /// When the user ID goes inactive without another sign-in.
    pub deactivates_at: Option<DateTime<Utc>>,
}

/// One of my sessions (`GET /api/v1/sessions`); never the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// The session this request was made with.
    pub current: bool,
}
