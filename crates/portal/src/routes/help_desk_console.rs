//! The help desk's console: find a caller, verify them by their secret question, unlock.
//!
//! - The help desk sees the text of the secret question and whether an answer matched,
//!   never an answer or a hash. Every verification is rate-limited per help-desk person
//!   and audited; 3 misses in a row lock the account and tell its owner, and then no
//!   answer is checked for that caller until 24 hours after the last miss.
//! - An unlock needs a matched, unused verification of that user by the same help-desk
//!   person within 15 minutes, and consumes it. It lifts the lock, resets the counts, ends
//!   every session and issues a temporary password, shown once here and never mailed,
//!   that works for one sign-in within `DEALER_TEMPORARY_PASSWORD_HOURS` (24 by default)
//!   and must be changed at that sign-in.
//! - A reset of two-step sign-in (a lost phone) needs the same fresh verification and uses
//!   it up; for the provider's own people, a second provider admin's approval too. The
//!   person sets two-step sign-in up again at the next sign-in.

use std::time::Instant;

use axum::Json;
use axum::extract::State;
use dealer_api::{AuditDetail, AuditEntry, AuditEvent, AuditOutcome};
use dealer_api::{
    CallerMatch, CallerMatches, ContactPerson, ErrorBody, HelpDeskUnlocked, HelpDeskUser,
    HelpDeskVerified, HelpDeskVerify,
};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::ids::UserId;
use dealer_core::lockout::{HELP_DESK_VERIFICATION_PAUSE_HOURS, verification_tries_left};
use dealer_core::questions::{NormalizedAnswer, QuestionId};
use serde::Deserialize;
use utoipa::IntoParams;

use super::responses::Internal;
use super::views::{lock_of, status_of};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, HelpDesk};
use crate::routes::router::{ApiRouter, routes};
use crate::store::audit::Entry;
use crate::store::users::User;
use crate::workflow::help_desk;

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(find))
        .routes(routes!(verify))
        .routes(routes!(unlock))
        .routes(routes!(reset_two_step))
}

/// The user a help-desk person asks about; never themselves, since nobody verifies or
/// unlocks their own account. Unknown and malformed user IDs are both 404.
async fn caller(state: &AppState, desk: &HelpDesk, raw: &str) -> Result<User, ApiError> {
    let user_id = UserId::parse(raw.trim()).map_err(|_| ApiError::NotFound)?;
    let user = state
        .store()
        .user_by_id(&user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if user.pk == desk.0.user.pk {
        return Err(ApiError::Forbidden);
    }
    Ok(user)
}

/// The most people one page of the search shows.
const SEARCH_PAGE_MAX: i64 = 50;
/// Events on a caller's card.
const RECENT_EVENTS: usize = 10;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct SearchQuery {
    /// Part of a user ID, a name or an email (ignoring case), or a whole five-digit PDN:
    /// 2 to 100 characters.
    q: String,
    /// 1 to 50, 20 unless given.
    #[param(minimum = 1, maximum = 50)]
    limit: Option<i64>,
    #[param(minimum = 0)]
    offset: Option<i64>,
}

/// `GET /api/v1/help-desk/users?q=`: the people a caller might be, by name, user ID, email
/// or PDN, a page at a time. Audited with the number found, never the words searched for.
#[utoipa::path(
    get,
    path = "/help-desk/users",
    operation_id = "help_desk_search_users",
    tag = "help-desk",
    params(SearchQuery),
    security(("bearer" = ["help_desk"])),
    responses(
        (status = 200, description = "A page of matches, by last name, first name and user ID",
            body = CallerMatches),
        (status = 400, description = "`bad_request`: `q` missing, shorter than 2 or longer than \
            100 characters, or `limit`/`offset` out of range", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`forbidden` (not the help desk) or \
            `password_change_required`", body = ErrorBody),
        Internal,
    )
)]
async fn search(
    State(state): State<AppState>,
    desk: HelpDesk,
    client: ClientInfo,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<CallerMatches>, ApiError> {
    let needle = query.q.trim().to_lowercase();
    let length = needle.chars().count();
    if !(2..=100).contains(&length) {
        return Err(ApiError::BadRequest(
            "Type 2 to 100 characters of a name, user ID, email or PDN.".into(),
        ));
    }
    let limit = query.limit.unwrap_or(20);
    let offset = query.offset.unwrap_or(0);
    if !(1..=SEARCH_PAGE_MAX).contains(&limit) || offset < 0 {
        return Err(ApiError::BadRequest(format!(
            "limit must be between 1 and {SEARCH_PAGE_MAX}, and offset not negative."
        )));
    }
    let now = state.now();
    let store = state.store();
    let (found, total) = store
        .find_callers(&needle, desk.0.user.pk, limit, offset)
        .await?;
    let mut entry = Entry::new(AuditEvent::HelpDeskLookup, AuditOutcome::Success);
    entry.actor = Some(desk.0.user.user_id.to_string());
    entry.client_addr = client.addr_text();
    entry.detail = Some(AuditDetail::Search {
        matches: u64::try_from(total).unwrap_or(0),
    });
    store.audit(&entry, now).await?;
    let next = offset + i64::try_from(found.len()).unwrap_or(0);
    let inactivity = &state.settings().inactivity;
    Ok(Json(CallerMatches {
        matches: found
            .into_iter()
            .map(|f| CallerMatch {
                status: status_of(&f.user, inactivity, now),
                user_id: f.user.user_id.to_string(),
                first_name: f.user.first_name,
                last_name: f.user.last_name,
                email: f.user.email,
                role: f.user.role,
                pdn: f.user.pdn.map(|p| p.to_string()),
                dealership_name: f.dealership_name,
            })
            .collect(),
        total,
        next_offset: (next < total).then_some(next),
    }))
}

/// `GET /api/v1/help-desk/users/{user_id}`: who the caller is, where their account stands,
/// and which secret question to ask.
#[utoipa::path(
    get,
    path = "/help-desk/users/{user_id}",
    operation_id = "help_desk_find_user",
    tag = "help-desk",
    params(("user_id" = String, Path, description = "The caller's user ID (any case)")),
    security(("bearer" = ["help_desk"])),
    responses(
        (status = 200, description = "The caller, and the text of the secret question to ask",
            body = HelpDeskUser),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`forbidden` (not the help desk, or my own account) or \
            `password_change_required`", body = ErrorBody),
        (status = 404, description = "`not_found`: no such user ID", body = ErrorBody),
        Internal,
    )
)]
async fn find(
    State(state): State<AppState>,
    desk: HelpDesk,
    client: ClientInfo,
    ApiPath(raw_user_id): ApiPath<String>,
) -> Result<Json<HelpDeskUser>, ApiError> {
    let now = state.now();
    let user = caller(&state, &desk, &raw_user_id).await?;
    let store = state.store();
    let verify_failures = store.verify_failures(user.pk).await?;
    let secret_question = store
        .secret_question(user.pk)
        .await?
        .and_then(|(key, _hash)| QuestionId::from_key(&key).ok())
        .map(|id| id.text().to_owned());
    let (dealership_name, office_managers) = match &user.pdn {
        Some(pdn) => (
            store.dealer(pdn).await?.map(|d| d.name.to_string()),
            store
                .users_of_dealer(pdn)
                .await?
                .into_iter()
                .filter(|m| {
                    m.role == AccessRole::OfficeManager
                        && m.stored_state == AccountState::Active
                        && m.pk != user.pk
                })
                .map(|m| ContactPerson {
                    user_id: m.user_id.to_string(),
                    first_name: m.first_name,
                    last_name: m.last_name,
                    email: m.email,
                    phone: m.phone,
                })
                .collect(),
        ),
        None => (None, Vec::new()),
    };
    let paused = store
        .verification_paused(
            user.pk,
            chrono::Duration::hours(HELP_DESK_VERIFICATION_PAUSE_HOURS),
            now,
        )
        .await?;
    // The help desk's own look-ups would crowd out what happened to the account.
    let recent_events = store
        .audit_of(None, user.user_id.as_str(), None, 3 * RECENT_EVENTS as i64)
        .await?
        .into_iter()
        .filter(|r| r.event != AuditEvent::HelpDeskLookup)
        .take(RECENT_EVENTS)
        .map(AuditEntry::from)
        .collect();
    store
        .audit(
            &help_desk::entry(
                AuditEvent::HelpDeskLookup,
                AuditOutcome::Success,
                &desk.0.user,
                &user,
                &client,
            ),
            now,
        )
        .await?;
    Ok(Json(HelpDeskUser {
        user_id: user.user_id.to_string(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        role: user.role,
        pdn: user.pdn.as_ref().map(ToString::to_string),
        dealership_name,
        status: status_of(&user, &state.settings().inactivity, now),
        lock: lock_of(&user, verify_failures),
        failed_attempts: user.failed_attempts,
        verify_failures,
        secret_question,
        two_step_on: user.two_step_on,
        verify_tries_left: verification_tries_left(verify_failures, paused),
        email: user.email.clone(),
        phone: user.phone.clone(),
        office_managers,
        recent_events,
    }))
}

/// `POST /api/v1/help-desk/users/{user_id}/verify` `{answer}`: does the caller's answer to
/// the secret question match? Only `{matched}` comes back.
#[utoipa::path(
    post,
    path = "/help-desk/users/{user_id}/verify",
    operation_id = "help_desk_verify_user",
    tag = "help-desk",
    params(("user_id" = String, Path, description = "The caller's user ID (any case)")),
    request_body = HelpDeskVerify,
    security(("bearer" = ["help_desk"])),
    responses(
        (status = 200, description = "Match or no match, nothing else; 3 misses in a row lock \
            the account", body = HelpDeskVerified),
        (status = 400, description = "`bad_request` (malformed JSON, wrong types or unknown \
            fields), `answer_too_short` or `answer_too_long` (not counted)", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`forbidden` (not the help desk, or my own account), \
            `password_change_required`, or `locked`: the caller's misses reached the limit, so \
            nothing is checked until 24 hours after the last miss", body = ErrorBody),
        (status = 404, description = "`not_found`: no such user ID", body = ErrorBody),
        (status = 409, description = "`conflict`: the user has no secret question yet",
            body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 429, description = "`rate_limited`: verifications are limited per help-desk \
            person", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        Internal,
        (status = 503, description = "`busy`: too many answer checks at once", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
async fn verify(
    State(state): State<AppState>,
    desk: HelpDesk,
    client: ClientInfo,
    ApiPath(raw_user_id): ApiPath<String>,
    ApiJson(body): ApiJson<HelpDeskVerify>,
) -> Result<Json<HelpDeskVerified>, ApiError> {
    state
        .verify_limit()
        .check(&desk.0.user.pk, Instant::now())?;
    let answer = NormalizedAnswer::parse(&body.answer).map_err(|e| ApiError::Invalid {
        code: e.code(),
        message: e.to_string(),
    })?;
    let user = caller(&state, &desk, &raw_user_id).await?;
    let matched = help_desk::verify(&state, &desk.0.user, &user, &answer, &client).await?;
    Ok(Json(HelpDeskVerified { matched }))
}

/// `POST /api/v1/help-desk/users/{user_id}/unlock`: lift the lock of a caller this help-desk
/// person verified within the last 15 minutes, and give them a temporary password.
#[utoipa::path(
    post,
    path = "/help-desk/users/{user_id}/unlock",
    operation_id = "help_desk_unlock_user",
    tag = "help-desk",
    params(("user_id" = String, Path, description = "The caller's user ID (any case)")),
    security(("bearer" = ["help_desk"])),
    responses(
        (status = 200, description = "Unlocked: a temporary password, shown this once, for one \
            sign-in until `expires_at`", body = HelpDeskUnlocked),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`forbidden` (not the help desk, or my own account), \
            `password_change_required`, `verification_required`: no matched, unused \
            verification by me within 15 minutes, or `approval_required`: the caller is one of \
            the provider's own people and a second provider admin's approval (now asked for) \
            has not been given", body = ErrorBody),
        (status = 404, description = "`not_found`: no such user ID", body = ErrorBody),
        (status = 409, description = "`conflict`: the user ID is pending or deactivated",
            body = ErrorBody),
        (status = 429, description = "`rate_limited`: unlocks share the help-desk person's \
            verification budget", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        Internal,
        (status = 503, description = "`busy`: too many password hashes at once", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
async fn unlock(
    State(state): State<AppState>,
    desk: HelpDesk,
    client: ClientInfo,
    ApiPath(raw_user_id): ApiPath<String>,
) -> Result<Json<HelpDeskUnlocked>, ApiError> {
    let user = caller(&state, &desk, &raw_user_id).await?;
    Ok(Json(
        help_desk::unlock(&state, &desk.0.user, &user, &client).await?,
    ))
}

/// `POST /api/v1/help-desk/users/{user_id}/two-step/reset`: turn off the two-step sign-in
/// of a caller this help-desk person verified within the last 15 minutes (a lost or new
/// phone): their secret and recovery codes are gone, every session ends, and they set it up
/// again at their next sign-in. They are mailed. `204`.
#[utoipa::path(
    post,
    path = "/help-desk/users/{user_id}/two-step/reset",
    operation_id = "help_desk_reset_two_step",
    tag = "help-desk",
    params(("user_id" = String, Path, description = "The caller's user ID (any case)")),
    security(("bearer" = ["help_desk"])),
    responses(
        (status = 204, description = "Reset: set up again at the next sign-in"),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`forbidden` (not the help desk, or my own account), \
            `password_change_required`, `verification_required`: no matched, unused \
            verification by me within 15 minutes, or `approval_required`: the caller is one of \
            the provider's own people and a second provider admin's approval (now asked for) \
            has not been given", body = ErrorBody),
        (status = 404, description = "`not_found`: no such user ID", body = ErrorBody),
        (status = 409, description = "`conflict`: two-step sign-in is not on for this user",
            body = ErrorBody),
        (status = 429, description = "`rate_limited`: resets share the help-desk person's \
            verification budget", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        Internal,
    )
)]
async fn reset_two_step(
    State(state): State<AppState>,
    desk: HelpDesk,
    client: ClientInfo,
    ApiPath(raw_user_id): ApiPath<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    let user = caller(&state, &desk, &raw_user_id).await?;
    help_desk::reset_two_step(&state, &desk.0.user, &user, &client).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
