//! Who may do what: the portal's access roles and the account states a user moves through.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A portal access role. `staff` and `office_manager` belong to one dealership (PDN);
/// `reviewer` and `help_desk` are the provider's own people and belong to none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum AccessRole {
    Staff,
    OfficeManager,
    Reviewer,
    HelpDesk,
}

impl AccessRole {
    pub const ALL: [AccessRole; 4] = [
        AccessRole::Staff,
        AccessRole::OfficeManager,
        AccessRole::Reviewer,
        AccessRole::HelpDesk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccessRole::Staff => "staff",
            AccessRole::OfficeManager => "office_manager",
            AccessRole::Reviewer => "reviewer",
            AccessRole::HelpDesk => "help_desk",
        }
    }

    /// Dealership roles carry a PDN; provider roles never do.
    pub fn belongs_to_dealership(self) -> bool {
        matches!(self, AccessRole::Staff | AccessRole::OfficeManager)
    }
}

impl fmt::Display for AccessRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown access role {0:?}: expected staff, office_manager, reviewer or help_desk")]
pub struct UnknownAccessRole(pub String);

impl FromStr for AccessRole {
    type Err = UnknownAccessRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AccessRole::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownAccessRole(s.to_owned()))
    }
}

/// The state of a user ID, as far as signing in is concerned.
///
/// `Locked` and `Inactive` are separate on purpose: a lock is lifted by the help desk, an
/// inactive ID only by a reactivation request, and a deactivated one never by either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// Registered or requested, awaiting review: cannot sign in yet.
    Pending,
    Active,
    /// Too many failed attempts; only the help desk unlocks.
    Locked,
    /// No successful sign-in for the inactivity period; only a reactivation request helps.
    Inactive,
    /// The person left or access was ended.
    Deactivated,
}

impl AccountState {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::Pending => "pending",
            AccountState::Active => "active",
            AccountState::Locked => "locked",
            AccountState::Inactive => "inactive",
            AccountState::Deactivated => "deactivated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_roles_round_trip_through_their_wire_names() {
        for role in AccessRole::ALL {
            assert_eq!(role.as_str().parse::<AccessRole>(), Ok(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", role.as_str()),
                "serde and as_str agree"
            );
        }
        assert!(
            "admin".parse::<AccessRole>().is_err(),
            "no role exists beyond the four"
        );
    }

    #[test]
    fn only_staff_and_office_managers_belong_to_a_dealership() {
        assert!(AccessRole::Staff.belongs_to_dealership());
        assert!(AccessRole::OfficeManager.belongs_to_dealership());
        assert!(!AccessRole::Reviewer.belongs_to_dealership());
        assert!(!AccessRole::HelpDesk.belongs_to_dealership());
    }
}
