//! A dealership as its office manager sees it: who its users are, who is locked, inactive
//! or about to be deactivated, and its audit log.
//!
//! The PDN in the path only names what the manager asks for; what they get is scoped by
//! the PDN of their session. Another dealership's path answers 404, like one that does not
//! exist, so PDNs cannot be probed.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use dealer_api::{AuditEntry, AuditPage, DealerUser, ErrorBody};
use dealer_core::access::AccountState;
use dealer_core::ids::UserId;
use dealer_core::inactivity::InactivityPolicy;
use serde::Deserialize;
use utoipa::IntoParams;

use super::responses::Internal;
use super::views::{lock_of, status_of};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiQuery, OwnDealership};
use crate::routes::router::{ApiRouter, routes};
use crate::store::roster::RosterEntry;
use crate::store::users::User;

/// Audit entries per page unless `limit` says otherwise.
pub const AUDIT_PAGE_DEFAULT: i64 = 50;
/// The most audit entries one page may hold.
pub const AUDIT_PAGE_MAX: i64 = 200;

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(users))
        .routes(routes!(audit))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct UsersQuery {
    /// Only users in this state.
    status: Option<AccountState>,
    /// Only users whose user ID or name contains this (case-insensitive).
    q: Option<String>,
}

fn matches_search(user: &User, needle: &str) -> bool {
    let full_name = format!("{} {}", user.first_name, user.last_name).to_lowercase();
    user.user_id.as_str().contains(needle) || full_name.contains(needle)
}

/// `GET /api/v1/dealers/{pdn}/users[?status=locked&q=pat]`: every user of the manager's
/// dealership, by user ID, with status, lock details, last sign-in and the inactivity
/// countdown.
#[utoipa::path(
    get,
    path = "/dealers/{pdn}/users",
    operation_id = "dealer_users",
    tag = "dealers",
    params(
        ("pdn" = String, Path, description = "The manager's own PDN; any other answers 404"),
        UsersQuery,
    ),
    security(("bearer" = ["office_manager"])),
    responses(
        (status = 200, description = "The dealership's users, by user ID", body = Vec<DealerUser>),
        (status = 400, description = "`bad_request`: an invalid query", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`forbidden` (not an office manager) or \
            `password_change_required`", body = ErrorBody),
        (status = 404, description = "`not_found`: not the manager's own PDN", body = ErrorBody),
        Internal,
    )
)]
async fn users(
    State(state): State<AppState>,
    OwnDealership(manager): OwnDealership,
    ApiQuery(filter): ApiQuery<UsersQuery>,
) -> Result<Json<Vec<DealerUser>>, ApiError> {
    let needle = filter
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let now = state.now();
    let policy = state.settings().inactivity;
    let roster = manager.store(&state).roster(&manager.pdn).await?;
    Ok(Json(
        roster
            .into_iter()
            .filter(|entry| {
                needle
                    .as_deref()
                    .is_none_or(|n| matches_search(&entry.user, n))
            })
            .map(|entry| dealer_user(entry, &policy, now))
            .filter(|row| filter.status.is_none_or(|s| s == row.status))
            .collect(),
    ))
}

/// A roster entry as the list shows it; its texts are moved, not copied.
fn dealer_user(entry: RosterEntry, policy: &InactivityPolicy, now: DateTime<Utc>) -> DealerUser {
    let status = status_of(&entry.user, policy, now);
    let inactivity = match status {
        AccountState::Active | AccountState::Locked | AccountState::Inactive => {
            Some(policy.status(entry.user.activity_since, now))
        }
        AccountState::Pending | AccountState::Deactivated => None,
    };
    let lock = lock_of(&entry.user, entry.verify_failures);
    let user = entry.user;
    DealerUser {
        user_id: user.user_id.to_string(),
        first_name: user.first_name,
        last_name: user.last_name,
        email: user.email,
        role: user.role,
        job_role: user.job_role,
        status,
        lock,
        failed_attempts: user.failed_attempts,
        last_sign_in_at: user.last_sign_in_at,
        inactivity,
        two_step_on: user.two_step_on,
        phone: user.phone,
        applications: entry.applications,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AuditQuery {
    /// Entries older than this id (the previous page's `next_before`).
    before: Option<i64>,
    /// Entries per page: 1 to 200, 50 unless given.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// Only the events about this user (any case): the staff panel's recent events.
    user_id: Option<String>,
}

/// `GET /api/v1/dealers/{pdn}/audit[?before=&limit=&user_id=]`: the manager's dealership's
/// audit log, newest first, a page at a time; with `user_id`, one person's events.
#[utoipa::path(
    get,
    path = "/dealers/{pdn}/audit",
    operation_id = "dealer_audit",
    tag = "dealers",
    params(
        ("pdn" = String, Path, description = "The manager's own PDN; any other answers 404"),
        AuditQuery,
    ),
    security(("bearer" = ["office_manager"])),
    responses(
        (status = 200, description = "A page of the audit log, newest first", body = AuditPage),
        (status = 400, description = "`bad_request`: an invalid query, `limit` out of range, \
            or a malformed `user_id`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`forbidden` (not an office manager) or \
            `password_change_required`", body = ErrorBody),
        (status = 404, description = "`not_found`: not the manager's own PDN", body = ErrorBody),
        Internal,
    )
)]
async fn audit(
    State(state): State<AppState>,
    OwnDealership(manager): OwnDealership,
    ApiQuery(page): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let limit = page.limit.unwrap_or(AUDIT_PAGE_DEFAULT);
    if !(1..=AUDIT_PAGE_MAX).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "limit must be between 1 and {AUDIT_PAGE_MAX}."
        )));
    }
    let store = manager.store(&state);
    let pdn = Some(manager.pdn.as_str());
    let records = match page.user_id.as_deref() {
        None => store.audit_log(pdn, page.before, limit).await?,
        Some(raw) => {
            let user_id = UserId::parse(raw.trim())
                .map_err(|e| ApiError::BadRequest(format!("user_id: {e}")))?;
            store
                .audit_of(pdn, user_id.as_str(), page.before, limit)
                .await?
        }
    };
    let next_before = if i64::try_from(records.len()) == Ok(limit) {
        records.last().map(|r| r.id)
    } else {
        None
    };
    Ok(Json(AuditPage {
        entries: records.into_iter().map(AuditEntry::from).collect(),
        next_before,
    }))
}
