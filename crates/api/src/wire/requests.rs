//! Wire types of registrations, User ID Requests, their review, enrollment and bulk work.
//!
//! The forms themselves (`RegistrationInput`, `RequestForm`) are dealer-core's types, so
//! the portal validates exactly what the client sends, field by field.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use dealer_core::forms::{
    AnswerInput, FieldError, PersonInput, RegistrationInput, RequestForm,
};
pub use dealer_core::requests::{Action, HistoryAction, RequestKind, RequestState};

use super::QuestionAnswer;

/// `GET /api/v1/dealers/{pdn}/name`: the dealership a registrant confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct DealerName {
    pub pdn: String,
    pub name: String,
}

/// `GET /api/v1/applications`: one application a user can be given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct ApplicationInfo {
    pub key: String,
    pub name: String,
    /// Access needs steps after approval (SmartAuction): the request waits once in
    /// "needs information" before it completes.
    pub needs_additional_steps: bool,
}

/// `201` answer to `POST /api/v1/registrations`: the request to track, when it is due, and
/// the token that shows its status without an account (shown this once).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct RegistrationReceipt {
    pub request_id: crate::RequestId,
    pub state: RequestState,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub due_at: DateTime<Utc>,
    /// Send as the `X-Status-Token` header to read or answer this registration.
    pub status_token: String,
}
redacted_debug!(RegistrationReceipt { request_id, state, due_at } hides { status_token });

/// `POST /api/v1/registrations/email-codes`: mail a code to the email a registrant will
/// register with, at the PDN they confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct EmailCodeRequest {
    pub pdn: String,
    pub email: String,
}

/// `202` answer to `POST /api/v1/registrations/email-codes`: the token that names the code
/// (send it as `X-Email-Proof`; once the code is confirmed it is the proof of the email),
/// and when the code stops working.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct EmailCodeIssued {
    pub token: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub expires_at: DateTime<Utc>,
}
redacted_debug!(EmailCodeIssued { expires_at } hides { token });

/// `POST /api/v1/registrations/email-codes/confirm`: the code from the mail.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct EmailCodeInput {
    pub code: String,
}
redacted_debug!(EmailCodeInput {} hides { code });

/// `200` answer to a right code: the email is proven until `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct EmailConfirmed {
    pub email: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/registrations/user-ids/check`: is this user ID free? The name shapes the
/// suggestions when it is not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct UserIdCheck {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
}

/// The answer to a user-ID check: free or not, and free ones like it when not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct UserIdAvailability {
    pub user_id: String,
    pub available: bool,
    pub suggestions: Vec<String>,
    /// Checks this proof has left.
    pub checks_left: u32,
}

/// One transition of a request: who, when, from → to, and the note that went with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct RequestEvent {
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub at: DateTime<Utc>,
    /// The user ID who acted; `null` for a registrant (who has no account yet).
    pub actor: Option<String>,
    /// `submit`, or the action of the state machine (`approve`, `request_info`, …).
    pub action: HistoryAction,
    /// `null` for the submission.
    pub from: Option<RequestState>,
    pub to: RequestState,
    pub note: Option<String>,
}

/// A request in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct RequestSummary {
    pub id: crate::RequestId,
    pub kind: RequestKind,
    pub state: RequestState,
    pub pdn: String,
    pub dealership_name: String,
    /// The user ID the request is about.
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    /// Application keys the request grants or removes.
    pub applications: Vec<String>,
    /// The office manager who filed it; `null` for a self-registration.
    pub submitted_by: Option<String>,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub submitted_at: DateTime<Utc>,
    /// Close of business on the next business day (ET) after submission, or after the
    /// requester last answered a question.
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub due_at: DateTime<Utc>,
    /// Past due while waiting on the provider.
    pub overdue: bool,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/requests/{id}`: a request with everything on it and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct RequestDetail {
    pub request: RequestSummary,
    pub email: String,
    pub business_phone: Option<String>,
    pub job_role: Option<String>,
    /// Why access ends (deactivation).
    pub reason: Option<String>,
    /// An application needing additional steps was requested (SmartAuction).
    pub needs_additional_steps: bool,
    /// Oldest first.
    pub history: Vec<RequestEvent>,
}

/// `GET /api/v1/registrations/{id}` with the status token: where a registration stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct RegistrationStatus {
    pub request_id: crate::RequestId,
    pub user_id: String,
    pub dealership_name: String,
    pub state: RequestState,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
    /// Oldest first; a reviewer's question is in the note of a `request_info` event.
    pub history: Vec<RequestEvent>,
}

/// A page of requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct RequestPage {
    pub requests: Vec<RequestSummary>,
    /// How many match the filter in all, counted up to 1,000.
    pub total: i64,
    /// More than 1,000 match (`total` is then 1000): show "1,000+".
    pub total_capped: bool,
    /// Pass as `after` for the next page; `null` on the last one.
    pub next_after: Option<String>,
}

/// Filters of the request lists (the manager's and the reviewer queue).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, optional_fields)]
#[serde(deny_unknown_fields)]
pub struct RequestFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<RequestState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<RequestKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
    /// User ID or name contains this (case-insensitive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// The manager's list only: exactly this person's requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The reviewer queue only: one dealership.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdn: Option<String>,
    /// The reviewer queue only: whose turn it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_on: Option<WaitingOn>,
    /// The reviewer queue only: its order (due soonest unless given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<QueueSort>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// The page after the one whose `next_after` this is; the first page unless given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// `POST /api/v1/requests/{id}/decision`: a reviewer's decision with its note (required to
/// reject or to ask for information).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub action: Action,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

/// The requester's answer to needs-info, or why they cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct RequestNote {
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

/// `POST /api/v1/enrollments`: a new user, with the code from their email, sets their own
/// password and questions.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Enroll {
    pub user_id: String,
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub password: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub challenge: [QuestionAnswer; 2],
    pub secret: QuestionAnswer,
}
redacted_debug!(Enroll { user_id, challenge, secret } hides { code, password });

dealer_core::text_enum! {
    /// Whose turn an open request is: the provider's (submitted, in review, approved) or the
    /// dealership's (needs information).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum WaitingOn {
        Us = "us",
        Dealership = "dealership",
    }
}

dealer_core::text_enum! {
    /// The reviewer queue's order: due soonest, waiting longest (since its last change), or
    /// by dealership name (then due soonest).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum QueueSort {
        Due = "due",
        Waiting = "waiting",
        Dealership = "dealership",
    }
}

dealer_core::text_enum! {
    /// What became of one CSV row.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum ImportOutcome {
        Created = "created",
        /// The same row was imported before (or appears twice): nothing created again.
        Duplicate = "duplicate",
        Error = "error",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct ImportRow {
    /// 1 is the first row after the header, as a spreadsheet numbers data rows from 2.
    pub row: u32,
    pub user_id: Option<String>,
    pub outcome: ImportOutcome,
    pub request_id: Option<crate::RequestId>,
    /// Why the row was not created, field by field.
    pub errors: Vec<FieldError>,
}

/// `POST /api/v1/dealers/{pdn}/requests/import`: one line per row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct ImportReport {
    pub created: u32,
    pub duplicates: u32,
    pub errors: u32,
    pub rows: Vec<ImportRow>,
}
