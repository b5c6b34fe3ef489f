//! Wire types of the provider admin's work: dealerships, invitations, roles and the
//! provider's own people (`/api/v1/admin/…`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use dealer_core::access::{AccessRole, AccountState};
pub use dealer_core::forms::{DealershipInput, InvitationInput};

/// A dealership as the provider admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct DealershipSummary {
    pub pdn: String,
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// When it was closed; `None` while it is open.
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub created_at: DateTime<Utc>,
    /// Office managers who can act (active or inactive; pending and deactivated do not count).
    pub office_managers: u32,
    /// Its user IDs that are not deactivated.
    pub users: u32,
}

/// `GET /api/v1/admin/dealerships`: one page, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct DealershipPage {
    pub items: Vec<DealershipSummary>,
    /// How many match in all.
    pub total: u32,
}

/// A person invited to enroll. The code went to `email`; nobody else ever sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct Invited {
    pub user_id: String,
    pub email: String,
    pub role: AccessRole,
    pub pdn: Option<String>,
    /// Until when the mailed code works.
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub expires_at: DateTime<Utc>,
}

/// `PUT /api/v1/admin/users/{user_id}/role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct RoleChangeInput {
    /// `staff` or `office_manager`.
    pub role: AccessRole,
}

/// One of a dealership's people, or one of the provider's, as the provider admin lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct PersonSummary {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: AccessRole,
    pub state: AccountState,
    /// `false` until the person has used their enrollment code.
    pub enrolled: bool,
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub last_sign_in_at: Option<DateTime<Utc>>,
}

dealer_core::text_enum! {
    /// What the help desk asks a provider admin to approve for one of the provider's own
    /// people; an approval is good for that action only.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum ApprovalAction {
        /// Unlock the account with a temporary password.
        Unlock = "unlock",
        /// Reset two-step sign-in (a lost phone): set up again at the next sign-in.
        TwoStepReset = "two_step_reset",
    }
}

/// An unlock or a two-step reset of one of the provider's own people, asked for by the
/// help desk and waiting for a second provider admin (`GET /api/v1/admin/unlock-approvals`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct UnlockApproval {
    pub id: i64,
    /// What would be done.
    pub action: ApprovalAction,
    /// Whose account.
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub role: AccessRole,
    /// The help-desk person who verified the caller and asked.
    pub requested_by: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub requested_at: DateTime<Utc>,
}

/// `POST /api/v1/admin/staff`: invite one of the provider's people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct StaffInvitationInput {
    /// `reviewer`, `help_desk` or `provider_admin`.
    pub role: AccessRole,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub user_id: String,
}

impl StaffInvitationInput {
    /// The person's part, as the invitation form every invite validates.
    pub fn person(&self) -> InvitationInput {
        InvitationInput {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            user_id: self.user_id.clone(),
        }
    }
}

/// What became of one row of a dealership import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct OnboardingRow {
    /// 1 is the first row after the header, as a spreadsheet numbers data rows from 2.
    pub row: u32,
    pub pdn: Option<String>,
    /// The office manager's user ID.
    pub user_id: Option<String>,
    /// `created`: the dealership or its manager's invitation is new; `duplicate`: both were
    /// there already, nothing changed; `error`: see `errors`.
    pub outcome: crate::ImportOutcome,
    /// Set when the dealership was made by this row (its manager may still have failed).
    pub dealership_created: bool,
    pub errors: Vec<crate::FieldError>,
}

/// `POST /api/v1/admin/dealerships/import`: one line per row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct OnboardingReport {
    pub created: u32,
    pub duplicates: u32,
    pub errors: u32,
    pub rows: Vec<OnboardingRow>,
}

/// The built-in portal's first run: the dealership, and its owner's own account with the
/// password and questions they choose. The owner is its office manager; on this computer
/// they are also its reviewer and help desk, under two more user IDs made from theirs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct StandaloneSetup {
    pub dealership: DealershipInput,
    pub owner: InvitationInput,
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub password: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub challenge: [crate::QuestionAnswer; 2],
    pub secret: crate::QuestionAnswer,
}
redacted_debug!(StandaloneSetup { dealership, owner, challenge, secret } hides { password });

/// One user ID the first run made, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct SetUpAccount {
    pub user_id: String,
    pub role: AccessRole,
}
