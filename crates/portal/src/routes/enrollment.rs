//! Enrollment: a new user requested by their office manager sets their own password and
//! questions with the single-use code from their email. The manager never learns them.
//!
//! A wrong, used or expired code, an unknown user ID and an account that enrolled already
//! all get one answer.

use axum::extract::State;
use axum::http::StatusCode;
use dealer_api::ErrorCode;
use dealer_api::{AuditEvent, AuditOutcome};
use dealer_api::{Enroll, ErrorBody};
use dealer_core::ids::UserId;

use super::responses::{Internal, RateLimited};
use crate::AppState;
use crate::credentials::{check_new_password, hashed_answers, question_answers, rate_limit};
use crate::error::ApiError;
use crate::extract::{ApiJson, ClientInfo};
use crate::routes::router::{ApiRouter, routes};
use crate::store::audit::Entry;
use crate::store::users::User;
use crate::workflow::account;

pub fn router() -> ApiRouter {
    ApiRouter::new().routes(routes!(enroll))
}

fn invalid_code(state: &AppState) -> ApiError {
    ApiError::Invalid {
        code: ErrorCode::InvalidEnrollment,
        message: format!(
            "This user ID and enrollment code do not match, the code was used already, or it \
             expired (codes work for 7 days). Check the email and try again; otherwise ask \
             your office manager or {}.",
            state.help_desk().call_text(state.now())
        ),
    }
}

/// A failed enrollment attempt, audited under the account it named (its office manager
/// sees it) or, for a user ID that is not enrolling, under the typed ID's keyed name.
async fn audit_failure(
    state: &AppState,
    client: &ClientInfo,
    raw_user_id: &str,
    user: Option<&User>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let name = crate::typed_id::audit_name(state, raw_user_id, user, now).await?;
    state
        .store()
        .audit(
            &Entry {
                event: AuditEvent::Enrollment,
                outcome: AuditOutcome::InvalidCode,
                actor: Some(name.clone()),
                target: Some(name),
                pdn: user.and_then(|u| u.pdn.as_ref()).map(ToString::to_string),
                client_addr: client.addr_text(),
                detail: None,
            },
            now,
        )
        .await?;
    Ok(())
}

/// An account waiting for its owner to enroll: active, no password yet.
async fn enrolling_user(state: &AppState, user_id: &str) -> Result<Option<User>, ApiError> {
    let Ok(id) = UserId::parse(user_id) else {
        return Ok(None);
    };
    Ok(state
        .store()
        .user_by_id(&id)
        .await?
        .filter(|u| u.password_hash.is_none()))
}

/// `POST /api/v1/enrollments`: set my password and my three questions with the code from
/// my email. `204`; then sign in.
#[utoipa::path(
    post,
    path = "/enrollments",
    operation_id = "enroll",
    tag = "account",
    request_body = Enroll,
    responses(
        (status = 204, description = "Enrolled: sign in with the new password"),
        (status = 400, description = "`bad_request`, `invalid_enrollment` (one answer for \
            every wrong user ID or code), `weak_password`, `duplicate_questions`, \
            `answer_too_short` or `answer_too_long`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
        (status = 503, description = "`busy`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[tracing::instrument(skip_all)]
async fn enroll(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<Enroll>,
) -> Result<StatusCode, ApiError> {
    let now = state.now();
    rate_limit(&state, &client, &body.user_id.trim().to_lowercase())?;
    let Some(user) = enrolling_user(&state, &body.user_id).await? else {
        audit_failure(&state, &client, &body.user_id, None, now).await?;
        return Err(invalid_code(&state));
    };
    if !state
        .store()
        .enrollment_live(user.pk, &body.code, now)
        .await?
    {
        audit_failure(&state, &client, &body.user_id, Some(&user), now).await?;
        return Err(invalid_code(&state));
    }
    check_new_password(&state, &user, &body.password).await?;
    let answers = question_answers(&body.challenge, &body.secret)?;
    let rows = hashed_answers(&state, &answers).await?;
    let phc = state.hasher().hash(&body.password).await?;

    if !account::enroll(&state, &user, &body.code, &phc, &rows, &client).await? {
        // Another enrollment with the same code won the race.
        return Err(invalid_code(&state));
    }
    Ok(StatusCode::NO_CONTENT)
}
