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

use dealer_api::AuditDetail;
use dealer_api::ErrorCode;
use dealer_api::{AuditEvent, AuditOutcome};
use dealer_core::lockout::AttemptKind;
use std::time::Instant;

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Duration, Utc};
use dealer_api::{ErrorBody, HelpDeskUnlocked, HelpDeskUser, HelpDeskVerified, HelpDeskVerify};
use dealer_core::access::AccountState;
use dealer_core::ids::UserId;
use dealer_core::lockout::{
    HELP_DESK_VERIFICATION_LIMIT, HELP_DESK_VERIFICATION_PAUSE_HOURS,
    UNLOCK_AFTER_VERIFICATION_MINUTES, UNLOCK_APPROVAL_VALID_MINUTES, UNLOCK_APPROVAL_WAITS_HOURS,
};
use dealer_core::questions::{NormalizedAnswer, QuestionId};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::responses::Internal;
use super::views::{lock_of, status_of};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ClientInfo, HelpDesk};
use crate::seed::random_password;
use crate::store::audit::{self, Entry};
use crate::store::help_desk::{
    ask_unlock_approval, consume_unlock_approval, consume_verification, hold_user_row,
    record_verification, unlock_with_temporary_password, verification_paused_until,
};
use crate::store::outbox::{self, OutgoingMail};
use crate::store::sessions;
use crate::store::users::User;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(find))
        .routes(routes!(verify))
        .routes(routes!(unlock))
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

/// An audit entry of the help desk acting on `user`, filed under the user's dealership so
/// its office manager sees it too.
fn entry(
    event: AuditEvent,
    outcome: AuditOutcome,
    desk: &HelpDesk,
    user: &User,
    client: &ClientInfo,
) -> Entry {
    Entry {
        event,
        outcome,
        actor: Some(desk.0.user.user_id.to_string()),
        target: Some(user.user_id.to_string()),
        pdn: user.pdn.as_ref().map(ToString::to_string),
        client_addr: client.addr_text(),
        detail: None,
    }
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
    let dealership_name = match &user.pdn {
        Some(pdn) => store.dealer(pdn).await?.map(|d| d.name.to_string()),
        None => None,
    };
    store
        .audit(
            &entry(
                AuditEvent::HelpDeskLookup,
                AuditOutcome::Success,
                &desk,
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
    // Past the limit nothing is checked, so no more guesses are taken (and no hash spent).
    let pause = Duration::hours(HELP_DESK_VERIFICATION_PAUSE_HOURS);
    let mut conn = state.store().pool().acquire().await?;
    let paused = verification_paused_until(
        &mut conn,
        user.pk,
        HELP_DESK_VERIFICATION_LIMIT,
        pause,
        state.now(),
    )
    .await?;
    drop(conn);
    if paused.is_some() {
        return Err(verification_paused(&user));
    }
    let (_, hash) = state
        .store()
        .secret_question(user.pk)
        .await?
        .ok_or_else(|| {
            ApiError::Conflict(
                "This user has not set a secret question yet, so the help desk cannot verify them."
                    .into(),
            )
        })?;
    let matched = state
        .hasher()
        .verify(answer.expose_secret(), &hash)
        .await?
        .ok;

    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    // Again inside the transaction that records it, with the row held: of guesses racing
    // past the check above, only those still under the limit count.
    hold_user_row(&mut tx, user.pk).await?;
    if verification_paused_until(&mut tx, user.pk, HELP_DESK_VERIFICATION_LIMIT, pause, now)
        .await?
        .is_some()
    {
        return Err(verification_paused(&user));
    }
    let count = record_verification(
        &mut tx,
        desk.0.user.pk,
        user.pk,
        matched,
        HELP_DESK_VERIFICATION_LIMIT,
        now,
    )
    .await?;
    let outcome = if matched {
        AuditOutcome::Match
    } else {
        AuditOutcome::NoMatch
    };
    audit::append(
        &mut tx,
        &Entry {
            detail: (!matched).then_some(AuditDetail::Misses {
                misses: count.failures,
            }),
            ..entry(AuditEvent::HelpDeskVerify, outcome, &desk, &user, &client)
        },
        now,
    )
    .await?;
    if count.reached_limit {
        if count.locked_now {
            sessions::revoke_all(&mut tx, user.pk, now).await?;
            audit::append(
                &mut tx,
                &Entry {
                    detail: Some(AuditDetail::FailedAttempts {
                        failures: count.failures,
                        attempt_kind: AttemptKind::HelpDeskVerification,
                    }),
                    ..entry(
                        AuditEvent::AccountLocked,
                        AuditOutcome::Locked,
                        &desk,
                        &user,
                        &client,
                    )
                },
                now,
            )
            .await?;
        }
        outbox::enqueue(
            &mut tx,
            &misses_mail(&state, &user, count.locked_now, now),
            now,
        )
        .await?;
    }
    tx.commit().await?;
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
    if matches!(
        user.stored_state,
        AccountState::Pending | AccountState::Deactivated
    ) {
        return Err(nothing_to_unlock());
    }
    // The cheap checks first: a hash is spent only on an unlock that can go through.
    state
        .verify_limit()
        .check(&desk.0.user.pk, Instant::now())?;
    let since = state.now() - Duration::minutes(UNLOCK_AFTER_VERIFICATION_MINUTES);
    if !state
        .store()
        .has_usable_verification(desk.0.user.pk, user.pk, since, state.now())
        .await?
    {
        return Err(verification_required(&state, &desk, &user, &client).await);
    }
    // One of the provider's own people: never one help-desk person alone.
    let needs_approval = !user.role.belongs_to_dealership();
    let approved_since = state.now() - Duration::minutes(UNLOCK_APPROVAL_VALID_MINUTES);
    if needs_approval
        && !state
            .store()
            .has_unlock_approval(desk.0.user.pk, user.pk, approved_since)
            .await?
    {
        return Err(approval_required(&state, &desk, &user, &client).await?);
    }
    // Hash before the transaction: it holds no locks while argon2 runs.
    let temporary_password = random_password();
    let phc = state.hasher().hash(&temporary_password).await?;

    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    let Some(verification) =
        consume_verification(&mut tx, desk.0.user.pk, user.pk, since, now).await?
    else {
        // Another unlock took it meanwhile.
        drop(tx);
        return Err(verification_required(&state, &desk, &user, &client).await);
    };
    if needs_approval
        && consume_unlock_approval(&mut tx, user.pk, desk.0.user.pk, approved_since, now)
            .await?
            .is_none()
    {
        // Used by another unlock meanwhile: the verification stays unused.
        drop(tx);
        return Err(approval_required(&state, &desk, &user, &client).await?);
    }
    let expires_at = now + state.settings().temporary_password;
    if !unlock_with_temporary_password(&mut tx, user.pk, &phc, expires_at).await? {
        // Deactivated (or gone) since it was read: the verification stays unused.
        return Err(nothing_to_unlock());
    }
    let ended = sessions::revoke_all(&mut tx, user.pk, now).await?;
    audit::append(
        &mut tx,
        &Entry {
            detail: Some(AuditDetail::Unlock {
                was_locked: user.locked_at.is_some(),
                lock_kind: user.locked_at.and(user.lock_kind),
                verification_id: verification,
                sessions_ended: ended,
            }),
            ..entry(
                AuditEvent::HelpDeskUnlock,
                AuditOutcome::Success,
                &desk,
                &user,
                &client,
            )
        },
        now,
    )
    .await?;
    outbox::enqueue(&mut tx, &unlocked_mail(&state, &user, now), now).await?;
    tx.commit().await?;
    Ok(Json(HelpDeskUnlocked {
        temporary_password,
        expires_at,
    }))
}

/// Unlocking one of the provider's own people: a second provider admin is asked (one
/// waiting request per asker and person), audited, and the unlock refused for now.
async fn approval_required(
    state: &AppState,
    desk: &HelpDesk,
    user: &User,
    client: &ClientInfo,
) -> Result<ApiError, ApiError> {
    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    ask_unlock_approval(
        &mut tx,
        user.pk,
        desk.0.user.pk,
        now - Duration::hours(UNLOCK_APPROVAL_WAITS_HOURS),
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        &entry(
            AuditEvent::HelpDeskUnlock,
            AuditOutcome::ApprovalRequired,
            desk,
            user,
            client,
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiError::AccountUnavailable {
        code: ErrorCode::ApprovalRequired,
        message: format!(
            "{first} {last} is one of the provider's own people: unlocking them needs a second \
             provider admin's approval, which has now been asked for. Once it is given (Provider \
             staff, in an admin's app), verify the caller again if more than \
             {UNLOCK_AFTER_VERIFICATION_MINUTES} minutes have passed, and unlock within \
             {UNLOCK_APPROVAL_VALID_MINUTES} minutes.",
            first = user.first_name,
            last = user.last_name,
        ),
    })
}

/// No matched, unused verification by this help-desk person: audited, and refused.
async fn verification_required(
    state: &AppState,
    desk: &HelpDesk,
    user: &User,
    client: &ClientInfo,
) -> ApiError {
    let audited = state
        .store()
        .audit(
            &entry(
                AuditEvent::HelpDeskUnlock,
                AuditOutcome::VerificationRequired,
                desk,
                user,
                client,
            ),
            state.now(),
        )
        .await;
    if let Err(err) = audited {
        return err.into();
    }
    ApiError::AccountUnavailable {
        code: ErrorCode::VerificationRequired,
        message: format!(
            "Verify the caller with their secret question first: an unlock needs a matched \
             verification by you within the last {UNLOCK_AFTER_VERIFICATION_MINUTES} minutes, \
             and each verification allows one unlock."
        ),
    }
}

/// The caller's misses reached the limit: no verification until the pause is over.
fn verification_paused(user: &User) -> ApiError {
    ApiError::AccountUnavailable {
        code: ErrorCode::Locked,
        message: format!(
            "{first} {last}'s secret question was missed {HELP_DESK_VERIFICATION_LIMIT} times in a \
             row, so this caller cannot be verified again until \
             {HELP_DESK_VERIFICATION_PAUSE_HOURS} hours after the last miss. Nothing was checked. \
             The owner of the user ID was emailed about the misses.",
            first = user.first_name,
            last = user.last_name,
        ),
    }
}

fn nothing_to_unlock() -> ApiError {
    ApiError::Conflict(
        "This user ID is pending or deactivated: there is nothing to unlock. Its office manager \
         can file a request."
            .into(),
    )
}

/// The owner learns that a caller missed their secret question 3 times in a row.
fn misses_mail(
    state: &AppState,
    user: &User,
    locked_now: bool,
    now: DateTime<Utc>,
) -> OutgoingMail {
    let lock = if locked_now {
        " To protect your account, online access is now locked."
    } else {
        ""
    };
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access user ID is locked".into(),
        body: format!(
            "Hello {first},\n\nSomeone who called the help desk about user ID {id} answered your \
             help-desk secret question wrong {n} times in a row.{lock}\n\nIf this was you, {call} \
             The help desk will verify you with your secret question and give you a temporary \
             password.\n\nIf this was not you, tell your office manager and the help desk: someone \
             may be pretending to be you.\n\nDealer Access",
            first = user.first_name,
            id = user.user_id,
            n = HELP_DESK_VERIFICATION_LIMIT,
            call = call_sentence(state, now),
        ),
        kind: "account_locked",
    }
}

/// The owner learns of the unlock at once; the temporary password is never in it.
fn unlocked_mail(state: &AppState, user: &User, now: DateTime<Utc>) -> OutgoingMail {
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access user ID was unlocked".into(),
        body: format!(
            "Hello {first},\n\nThe help desk verified a caller with your secret question and \
             unlocked user ID {id}. The caller was given a temporary password, which must be \
             changed at the next sign-in; every session of this user ID was signed out.\n\n\
             If this was not you, {call} Tell your office manager too.\n\nDealer Access",
            first = user.first_name,
            id = user.user_id,
            call = call_sentence(state, now),
        ),
        kind: "account_unlocked",
    }
}

/// "call … (…; hours …)." to end a sentence that starts "If this was …,".
fn call_sentence(state: &AppState, now: DateTime<Utc>) -> String {
    format!("{}.", state.help_desk().call_text(now))
}
