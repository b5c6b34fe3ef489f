//! Online password reset by challenge questions (DESIGN.md, "Security"): start → the two
//! questions → both answers → a single-use token → the new password.
//!
//! Nothing here tells a stranger whether a user ID exists:
//!
//! - A user ID with two challenge questions on file gets those (slots 1 and 2, the same
//!   every time until answered), whatever the state of the account. Any other (unknown,
//!   malformed, not enrolled) gets two stable decoy questions (see [`decoy`]). A locked
//!   or deactivated account keeps showing its real questions on purpose: switching it to
//!   decoys would show the change, and 5 wrong answers by a stranger would then prove the
//!   account exists.
//! - Answers cost two argon2 verifications whether or not the account exists (dummy
//!   verifications otherwise), and every failure answers the same `400 wrong_answers`
//!   with one message, also at and after the lock: the message says that repeated wrong
//!   answers lock online access and how to reach the help desk. The real reason goes to
//!   the audit log; at the threshold the owner is emailed.
//! - Only an active, unlocked, not inactive account gets a token; for the others right
//!   answers fail like wrong ones (without counting).
//!
//! Rate limits (the sign-in ones, per address and per user ID) apply before any lookup or
//! hashing.

mod decoy;

use dealer_api::ErrorCode;
use dealer_api::{AuditEvent, AuditOutcome};
use std::time::Instant;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use dealer_api::{
    CompleteReset, ErrorBody, QuestionText, ResetAnswers, ResetQuestions, ResetToken, StartReset,
};
use dealer_core::access::AccountState;
use dealer_core::ids::UserId;
use dealer_core::inactivity::InactivityStatus;
use dealer_core::lockout::AttemptKind;
use dealer_core::questions::{NormalizedAnswer, QuestionId};

use super::responses::{Internal, RateLimited};
use crate::AppState;
use crate::credentials::{check_new_password, rate_limit};
use crate::error::ApiError;
use crate::extract::{ApiJson, ClientInfo};
use crate::rate_limit::client_key;
use crate::routes::router::{ApiRouter, routes};
use crate::sign_in::count_failure;
use crate::store::StoreError;
use crate::store::audit::Entry;
use crate::store::resets::{RESET_DECOY_SECRET, RESET_TOKEN_MINUTES};
use crate::store::users::User;
use crate::workflow::account::{self, ResetCompleted};

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(answers))
        .routes(routes!(complete))
}

/// A user with two challenge questions on file: the questions and their answer hashes.
struct Challenge {
    user: User,
    questions: [(QuestionId, String); 2],
}

/// The key a user ID is limited, audited and given decoys by.
fn user_key(raw: &str) -> String {
    raw.trim().to_ascii_lowercase()
}

async fn challenge_of(state: &AppState, raw_user_id: &str) -> Result<Option<Challenge>, ApiError> {
    let Ok(user_id) = UserId::parse(raw_user_id.trim()) else {
        return Ok(None);
    };
    let Some(user) = state.store().user_by_id(&user_id).await? else {
        return Ok(None);
    };
    let stored = state.store().questions_of(user.pk).await?;
    let slot = |n: i64| -> Result<Option<(QuestionId, String)>, ApiError> {
        stored
            .iter()
            .find(|(s, _, _)| *s == n)
            .map(|(_, key, phc)| {
                QuestionId::from_key(key)
                    .map(|id| (id, phc.clone()))
                    .map_err(|e| ApiError::internal(StoreError::Corrupt(e.to_string())))
            })
            .transpose()
    };
    Ok(match (slot(1)?, slot(2)?) {
        (Some(one), Some(two)) => Some(Challenge {
            user,
            questions: [one, two],
        }),
        _ => None,
    })
}

fn entry(
    event: AuditEvent,
    outcome: AuditOutcome,
    key: &str,
    user: Option<&User>,
    client: &ClientInfo,
) -> Entry {
    Entry {
        event,
        outcome,
        actor: Some(key.to_owned()),
        target: Some(key.to_owned()),
        pdn: user.and_then(|u| u.pdn.as_ref()).map(ToString::to_string),
        client_addr: client.addr_text(),
        detail: None,
    }
}

/// `POST /api/v1/password-resets` `{user_id}` → `200 {questions: [{id, text}, {id, text}]}`.
/// Public. The same shape, and the same questions every time, for any user ID.
#[utoipa::path(
    post,
    path = "/password-resets",
    operation_id = "start_password_reset",
    tag = "password-resets",
    request_body = StartReset,
    responses(
        (status = 200, description = "The two questions to answer; the same shape for any user \
            ID, so the answer never tells whether an account exists", body = ResetQuestions),
        (status = 400, description = "`bad_request`: malformed JSON, wrong types or unknown \
            fields", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
#[tracing::instrument(skip_all)]
async fn start(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<StartReset>,
) -> Result<Json<ResetQuestions>, ApiError> {
    let now = state.now();
    let key = user_key(&body.user_id);
    rate_limit(&state, &client, &key)?;
    // Read for every caller, so a known and an unknown user ID take the same path.
    let secret = state.store().server_secret(RESET_DECOY_SECRET, now).await?;
    let decoy = decoy::decoy_questions(&secret, &key);
    let challenge = challenge_of(&state, &body.user_id).await?;
    let key = crate::typed_id::audit_name(
        &state,
        &body.user_id,
        challenge.as_ref().map(|c| &c.user),
        now,
    )
    .await?;
    let shown = match &challenge {
        Some(c) => [c.questions[0].0, c.questions[1].0],
        None => decoy,
    };
    // One outcome for a known and an unknown user ID: whoever reads the audit log learns
    // no more about which IDs exist than the caller did.
    let user = challenge.as_ref().map(|c| &c.user);
    state
        .store()
        .audit(
            &entry(
                AuditEvent::PasswordResetStart,
                AuditOutcome::QuestionsShown,
                &key,
                user,
                &client,
            ),
            now,
        )
        .await?;
    Ok(Json(ResetQuestions {
        questions: shown.map(|id| QuestionText {
            id,
            text: id.text().to_owned(),
        }),
        wrong_answers_lock_after: state.settings().answer_lockout.max_attempts(),
    }))
}

/// Every failed answer, for every user ID, in every state (locked by it or not).
fn wrong_answers(state: &AppState, now: DateTime<Utc>) -> ApiError {
    let n = state.settings().answer_lockout.max_attempts();
    let call = state.help_desk().call_text(now);
    ApiError::Invalid {
        code: ErrorCode::WrongAnswers,
        message: if n == 1 {
            format!(
                "The answers could not be verified. A wrong answer locks online access, and then \
                 only the help desk can unlock it. To get back in, {call}."
            )
        } else {
            format!(
                "The answers could not be verified. Check them and try again; capital letters and \
                 extra spaces do not matter. After {n} wrong answers online access is locked and \
                 only the help desk can unlock it. If that happens, or you cannot reset your \
                 password here, {call}."
            )
        },
    }
}

/// Why an account that answered cannot reset online, if it cannot.
fn ineligible(state: &AppState, user: &User, now: DateTime<Utc>) -> Option<AuditOutcome> {
    let inactive_by_clock = matches!(
        state.settings().inactivity.status(user.activity_since, now),
        InactivityStatus::Inactive { .. }
    );
    match user.state() {
        AccountState::Active if inactive_by_clock => Some(AuditOutcome::Inactive),
        AccountState::Active if user.password_hash.is_none() => Some(AuditOutcome::NotEnrolled),
        AccountState::Active => None,
        AccountState::Locked => Some(AuditOutcome::Locked),
        AccountState::Inactive => Some(AuditOutcome::Inactive),
        AccountState::Pending => Some(AuditOutcome::Pending),
        AccountState::Deactivated => Some(AuditOutcome::Deactivated),
    }
}

/// `POST /api/v1/password-resets/answers` `{user_id, answers: [a1, a2]}` → `200
/// {reset_token, expires_in_minutes: 15}` when both are right, else `400 wrong_answers`
/// (counted toward the lockout). Public.
#[utoipa::path(
    post,
    path = "/password-resets/answers",
    operation_id = "answer_password_reset",
    tag = "password-resets",
    request_body = ResetAnswers,
    responses(
        (status = 200, description = "Both answers were right: a single-use reset token, shown \
            this once", body = ResetToken),
        (status = 400, description = "`bad_request` (malformed JSON, wrong types or unknown \
            fields), `answer_too_short`, `answer_too_long`, or `wrong_answers`: one answer for \
            every failure, for every user ID", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
        (status = 503, description = "`busy`: too many answer checks at once", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[tracing::instrument(skip_all)]
async fn answers(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<ResetAnswers>,
) -> Result<Json<ResetToken>, ApiError> {
    let now = state.now();
    let key = user_key(&body.user_id);
    rate_limit(&state, &client, &key)?;
    let mut normalized = Vec::with_capacity(2);
    for raw in &body.answers {
        // No stored answer is this short or long: say so, the same for every user ID.
        normalized.push(NormalizedAnswer::parse(raw).map_err(|e| ApiError::Invalid {
            code: e.code(),
            message: e.to_string(),
        })?);
    }
    let event = AuditEvent::PasswordResetAnswers;

    let Some(challenge) = challenge_of(&state, &body.user_id).await? else {
        for answer in &normalized {
            state.hasher().verify_dummy(answer.expose_secret()).await?;
        }
        let key = crate::typed_id::audit_name(&state, &body.user_id, None, now).await?;
        state
            .store()
            .audit(
                &entry(event, AuditOutcome::UnknownUser, &key, None, &client),
                now,
            )
            .await?;
        return Err(wrong_answers(&state, now));
    };
    let user = &challenge.user;
    let key = user.user_id.to_string();
    // Both, always: the work does not depend on which answer is wrong.
    let mut right = 0;
    for (answer, (_, phc)) in normalized.iter().zip(&challenge.questions) {
        if state.hasher().verify(answer.expose_secret(), phc).await?.ok {
            right += 1;
        }
    }
    if let Some(reason) = ineligible(&state, user, now) {
        state
            .store()
            .audit(&entry(event, reason, &key, Some(user), &client), now)
            .await?;
        return Err(wrong_answers(&state, now));
    }
    if right < 2 {
        count_failure(
            &state,
            user,
            AttemptKind::ChallengeAnswer,
            entry(event, AuditOutcome::WrongAnswers, &key, Some(user), &client),
            now,
        )
        .await?;
        return Err(wrong_answers(&state, now));
    }

    let token = account::issue_reset(
        &state,
        user,
        &entry(event, AuditOutcome::Success, &key, Some(user), &client),
    )
    .await?;
    Ok(Json(ResetToken {
        reset_token: token.expose().to_owned(),
        expires_in_minutes: RESET_TOKEN_MINUTES as u32,
    }))
}

fn invalid_token() -> ApiError {
    ApiError::Invalid {
        code: ErrorCode::InvalidResetToken,
        message: "This password reset has expired or was already used. Start the password \
                  reset again."
            .into(),
    }
}

/// `POST /api/v1/password-resets/complete` `{reset_token, new_password}` → `204`. Public.
/// The token is used up only by a password the policy accepts; every session ends; a
/// locked account stays locked.
#[utoipa::path(
    post,
    path = "/password-resets/complete",
    operation_id = "complete_password_reset",
    tag = "password-resets",
    request_body = CompleteReset,
    responses(
        (status = 204, description = "The new password is set; every session has ended"),
        (status = 400, description = "`bad_request` (malformed JSON, wrong types or unknown \
            fields), `invalid_reset_token` (expired or used) or `weak_password` (the message \
            says why and how to fix it)", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
        (status = 503, description = "`busy`: too many password hashes at once", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[tracing::instrument(skip_all)]
async fn complete(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<CompleteReset>,
) -> Result<StatusCode, ApiError> {
    let now = state.now();
    state
        .limits()
        .by_ip
        .check(&client_key(client.limit_key()), Instant::now())?;
    let event = AuditEvent::PasswordReset;
    let holder = match state.store().reset_holder(&body.reset_token, now).await? {
        Some(pk) => state.store().user_by_pk(pk).await?,
        None => None,
    };
    let Some(user) = holder else {
        state
            .store()
            .audit(
                &Entry {
                    client_addr: client.addr_text(),
                    ..Entry::new(event, AuditOutcome::InvalidToken)
                },
                now,
            )
            .await?;
        return Err(invalid_token());
    };
    let key = user.user_id.to_string();
    check_new_password(&state, &user, &body.new_password).await?;
    let phc = state.hasher().hash(&body.new_password).await?;

    let audited = entry(event, AuditOutcome::Success, &key, Some(&user), &client);
    match account::complete_reset(&state, &user, &body.reset_token, &phc, audited).await? {
        ResetCompleted::Done => {}
        ResetCompleted::TokenSpent | ResetCompleted::NotActive => return Err(invalid_token()),
    }
    Ok(StatusCode::NO_CONTENT)
}
