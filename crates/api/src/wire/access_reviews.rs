//! Wire types of access reviews (issue 17): a dealership's periodic review of who still
//! needs what (`/api/v1/dealers/{pdn}/access-reviews/…`, `/api/v1/admin/access-reviews`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use dealer_core::access::{AccessRole, AccountState};
pub use dealer_core::access_review::AccessDecision;

use crate::RequestId;

/// One review of one dealership, with how far it has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct AccessReviewSummary {
    pub id: i64,
    pub pdn: String,
    pub dealership_name: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub opened_at: DateTime<Utc>,
    /// Close of business Eastern time on the day it is due.
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub deadline: DateTime<Utc>,
    /// Past its deadline and not finished.
    pub overdue: bool,
    /// When the portal escalated it (past its deadline unfinished): it is in the
    /// provider's reviewers' queue from then on.
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub escalated_at: Option<DateTime<Utc>>,
    /// How many reminders have gone out: 1 when it opened, 2 a week before the deadline,
    /// 3 three days before, 4 on the day (a missed one is skipped, not sent late).
    pub reminders_sent: u8,
    /// `None` while it is open.
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub finished_at: Option<DateTime<Utc>>,
    pub finished_by: Option<String>,
    /// People decided so far, of `total`.
    pub decided: u32,
    pub total: u32,
}

/// One person on a review: who they were when it opened, and the decision on them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct AccessReviewPerson {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub role: AccessRole,
    /// Active, locked or inactive, when the review opened.
    pub state: AccountState,
    /// The applications held when the review opened, by key.
    pub applications: Vec<String>,
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub decision: Option<AccessDecision>,
    pub decided_by: Option<String>,
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub decided_at: Option<DateTime<Utc>>,
    /// Whether the one asking may decide on this person (nobody decides on themselves).
    pub may_decide: bool,
    /// What finishing filed for this person.
    pub request_id: Option<RequestId>,
    /// Undecided when the deadline passed under `suspend_unreviewed`: cannot sign in until
    /// decided.
    pub on_hold: bool,
}

/// `GET /api/v1/dealers/{pdn}/access-reviews/{id}`: a review with its people, by user ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct AccessReview {
    pub review: AccessReviewSummary,
    pub people: Vec<AccessReviewPerson>,
}

/// `POST /api/v1/dealers/{pdn}/access-reviews/{id}/finish`: the review finished, with the
/// requests it filed (removals and deactivations, tracked like any other request) and the
/// people whose decision needed nothing filed because their access had already ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct FinishedAccessReview {
    pub review: AccessReviewSummary,
    pub requests: Vec<RequestId>,
    pub already_gone: Vec<String>,
}

/// `GET /api/v1/admin/access-reviews?completion=open|overdue|finished&pdn=`: which reviews
/// the provider lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ReviewCompletion {
    Open,
    Overdue,
    Finished,
}

/// `POST /api/v1/admin/access-reviews`: open a review now, for one dealership or (without
/// a PDN) for every open dealership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct OpenAccessReviews {
    #[serde(default)]
    pub pdn: Option<String>,
}

/// What opening did: the reviews opened, and the dealerships that had one open already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct OpenedAccessReviews {
    pub opened: Vec<AccessReviewSummary>,
    pub already_open: Vec<String>,
}
