//! My account's secrets: change my password, replace my security questions, and the
//! question catalogue both this and registration pick from.
//!
//! Both changes need the current password. A wrong one counts toward the same lockout as
//! sign-in (DESIGN.md, "Security"): at the threshold the account is locked, every session
//! ends and the owner is emailed, in one transaction with the audit row. The owner is
//! emailed after every change too, so a change they did not make does not go unnoticed.
//! Passwords and answers go only to the hashing pool: never to a log, an audit row, an
//! email or an error.

use dealer_api::ErrorCode;
use dealer_api::{AuditEvent, AuditOutcome};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use dealer_api::{
    ChangeEmail, ChangePassword, ChangePhone, ConfirmEmailChange, EmailChangeStarted, ErrorBody,
    Me, PasswordRules, QuestionText, SetQuestions,
};
use dealer_core::ids::{BusinessPhone, Email};
use dealer_core::lockout::AttemptKind;
use dealer_core::questions::catalogue;

use super::responses::{Internal, RateLimited};
use super::views::me_of;
use crate::AppState;
use crate::credentials::{check_new_password, hashed_answers, question_answers, rate_limit};
use crate::error::ApiError;
use crate::extract::{ApiJson, AuthUser, ClientInfo, PasswordChanger};
use crate::routes::router::{ApiRouter, routes};
use crate::sign_in::count_failure;
use crate::store::users::User;
use crate::workflow::account::{self, own_entry};

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(change_password))
        .routes(routes!(set_questions))
        .routes(routes!(start_email_change))
        .routes(routes!(confirm_email_change))
        .routes(routes!(change_phone))
        .routes(routes!(questions_catalogue))
        .routes(routes!(password_rules))
}

/// `GET /api/v1/password-rules`: the length this portal asks of a new password, so every
/// form shows the rule before anyone types (the portal applies its full rules when the
/// password is saved). Public: registration and the reset need it signed out.
#[utoipa::path(
    get,
    path = "/password-rules",
    operation_id = "password_rules",
    tag = "account",
    responses(
        (status = 200, description = "The shortest and longest password accepted, in characters",
            body = PasswordRules),
        Internal,
    )
)]
async fn password_rules(State(state): State<AppState>) -> Json<PasswordRules> {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Json(PasswordRules {
        min_chars: count(state.settings().password.min_len()),
        max_chars: count(dealer_core::password::MAX_CHARS),
    })
}

/// `GET /api/v1/questions/catalogue`: every question a user may pick. Public: registration
/// shows it before anyone is signed in.
#[utoipa::path(
    get,
    path = "/questions/catalogue",
    operation_id = "question_catalogue",
    tag = "account",
    responses(
        (status = 200, description = "Every question, in display order", body = Vec<QuestionText>),
        Internal,
    )
)]
async fn questions_catalogue() -> Json<Vec<QuestionText>> {
    Json(
        catalogue()
            .iter()
            .map(|q| QuestionText {
                id: q.id(),
                text: q.text().to_owned(),
            })
            .collect(),
    )
}

/// `POST /api/v1/me/password`: change my password. Allowed with a temporary password
/// (that is what it is for). Other sessions end; this one goes on. `204`.
#[utoipa::path(
    post,
    path = "/me/password",
    operation_id = "change_password",
    tag = "account",
    request_body = ChangePassword,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Changed; my other sessions have ended"),
        (status = 400, description = "`bad_request` (malformed JSON, wrong types or unknown \
            fields), `wrong_password` (counted toward the lockout), `password_unchanged` or \
            `weak_password` (the message says why and how to fix it)", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`locked`: the wrong current password reached the \
            threshold; every session has ended", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
        (status = 503, description = "`busy`: too many password checks at once", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[tracing::instrument(skip_all, fields(user_id = %auth.user.user_id))]
async fn change_password(
    State(state): State<AppState>,
    PasswordChanger(auth): PasswordChanger,
    client: ClientInfo,
    ApiJson(body): ApiJson<ChangePassword>,
) -> Result<StatusCode, ApiError> {
    let now = state.now();
    let user = &auth.user;
    rate_limit(&state, &client, user.user_id.as_str())?;
    prove_password(
        &state,
        user,
        &body.current_password,
        AuditEvent::PasswordChange,
        &client,
        now,
    )
    .await?;
    if body.new_password == body.current_password {
        return Err(ApiError::Invalid {
            code: ErrorCode::PasswordUnchanged,
            message: "The new password is the same as the current one. Choose a new password."
                .into(),
        });
    }
    check_new_password(&state, user, &body.new_password).await?;
    let phc = state.hasher().hash(&body.new_password).await?;

    account::change_password(&state, user, &auth.session_id, &phc, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/me/questions`: replace my two challenge questions and my help-desk secret
/// question (three different catalogue entries) with their answers. `204`.
#[utoipa::path(
    put,
    path = "/me/questions",
    operation_id = "set_questions",
    tag = "account",
    request_body = SetQuestions,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Replaced"),
        (status = 400, description = "`bad_request` (malformed JSON, wrong types or unknown \
            fields), `duplicate_questions`, `answer_too_short`, `answer_too_long` or \
            `wrong_password` (counted toward the lockout)", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`password_change_required` (change the temporary \
            password first), or `locked`: the wrong current password reached the threshold and \
            every session has ended", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
        (status = 503, description = "`busy`: too many password checks at once", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[tracing::instrument(skip_all, fields(user_id = %auth.user.user_id))]
async fn set_questions(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    ApiJson(body): ApiJson<SetQuestions>,
) -> Result<StatusCode, ApiError> {
    let now = state.now();
    let user = &auth.user;
    rate_limit(&state, &client, user.user_id.as_str())?;
    let answers = question_answers(&body.challenge, &body.secret)?;
    prove_password(
        &state,
        user,
        &body.current_password,
        AuditEvent::QuestionsChange,
        &client,
        now,
    )
    .await?;

    let rows = hashed_answers(&state, &answers).await?;
    account::change_questions(&state, user, &rows, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/me/email`: change my email. The current password is required (a wrong
/// one counts toward the lockout); a code goes to the new address, and nothing changes
/// until it comes back. `202`.
#[utoipa::path(
    post,
    path = "/me/email",
    operation_id = "start_email_change",
    tag = "account",
    request_body = ChangeEmail,
    security(("bearer" = [])),
    responses(
        (status = 202, description = "A code went to the new address; it works for 10 \
            minutes", body = EmailChangeStarted),
        (status = 400, description = "`bad_request`, `invalid_form` (the address, on \
            `new_email`), `email_unchanged` or `wrong_password` (counted toward the lockout)",
            body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`password_change_required`, \
            `two_step_setup_required`, or `locked`: the wrong current password reached the \
            threshold and every session has ended", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
        (status = 503, description = "`busy`: too many password checks at once", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[tracing::instrument(skip_all, fields(user_id = %auth.user.user_id))]
async fn start_email_change(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    ApiJson(body): ApiJson<ChangeEmail>,
) -> Result<(StatusCode, Json<EmailChangeStarted>), ApiError> {
    let now = state.now();
    let user = &auth.user;
    rate_limit(&state, &client, user.user_id.as_str())?;
    let email = Email::parse(&body.new_email).map_err(|e| ApiError::field("new_email", e))?;
    if email.as_str().eq_ignore_ascii_case(&user.email) {
        return Err(ApiError::Invalid {
            code: ErrorCode::EmailUnchanged,
            message: "This is your email address already. Type the new one.".into(),
        });
    }
    prove_password(
        &state,
        user,
        &body.current_password,
        AuditEvent::EmailChange,
        &client,
        now,
    )
    .await?;
    let started = account::start_email_change(&state, user, email.as_str(), &client).await?;
    Ok((StatusCode::ACCEPTED, Json(started)))
}

/// `POST /api/v1/me/email/confirm`: the code from the mail to my new address. Five tries
/// per code; then ask for a new one. `200` with me as I am now.
#[utoipa::path(
    post,
    path = "/me/email/confirm",
    operation_id = "confirm_email_change",
    tag = "account",
    request_body = ConfirmEmailChange,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Changed; the old address and the office managers were \
            told", body = Me),
        (status = 400, description = "`bad_request`, or `wrong_code`: wrong, used up, \
            expired or never asked for", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`password_change_required` or \
            `two_step_setup_required`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
#[tracing::instrument(skip_all, fields(user_id = %auth.user.user_id))]
async fn confirm_email_change(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    ApiJson(body): ApiJson<ConfirmEmailChange>,
) -> Result<Json<Me>, ApiError> {
    let user = &auth.user;
    rate_limit(&state, &client, user.user_id.as_str())?;
    if account::confirm_email_change(&state, user, &body.code, &client)
        .await?
        .is_none()
    {
        return Err(ApiError::Invalid {
            code: ErrorCode::WrongCode,
            message: "That code is not right, or it no longer works. Check the latest mail \
                      at your new address, or ask for a new code."
                .into(),
        });
    }
    let now_user = state
        .store()
        .user_by_pk(user.pk)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    Ok(Json(me_of(&state, &now_user).await?))
}

/// `PUT /api/v1/me/phone`: my business phone (blank or `null` removes it). My office
/// managers are told. `200` with me as I am now.
#[utoipa::path(
    put,
    path = "/me/phone",
    operation_id = "change_phone",
    tag = "account",
    request_body = ChangePhone,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Changed", body = Me),
        (status = 400, description = "`bad_request`, or `invalid_form` (the number, on \
            `phone`)", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`password_change_required` or \
            `two_step_setup_required`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        Internal,
    )
)]
#[tracing::instrument(skip_all, fields(user_id = %auth.user.user_id))]
async fn change_phone(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    ApiJson(body): ApiJson<ChangePhone>,
) -> Result<Json<Me>, ApiError> {
    let user = &auth.user;
    let phone = match body.phone.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(
            BusinessPhone::parse(raw)
                .map_err(|e| ApiError::field("phone", e))?
                .to_string(),
        ),
    };
    account::change_phone(&state, user, phone.as_deref(), &client).await?;
    let now_user = state
        .store()
        .user_by_pk(user.pk)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    Ok(Json(me_of(&state, &now_user).await?))
}

/// The signed-in user's current password, or a counted failure: `wrong_password`, or
/// `locked` (403, sessions ended) at the threshold.
async fn prove_password(
    state: &AppState,
    user: &User,
    password: &str,
    event: AuditEvent,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let ok = match user.password_hash.as_deref() {
        Some(phc) => state.hasher().verify(password, phc).await?.ok,
        None => {
            state.hasher().verify_dummy(password).await?;
            false
        }
    };
    if ok {
        return Ok(());
    }
    let max = state.settings().lockout.max_attempts();
    let count = count_failure(
        state,
        user,
        AttemptKind::Password,
        own_entry(event, AuditOutcome::WrongPassword, user, client),
        now,
    )
    .await?;
    if count.failures >= max {
        return Err(ApiError::AccountUnavailable {
            code: ErrorCode::Locked,
            message: format!(
                "The current password was not right {max} times, so online access is now \
                 locked and you are signed out. Only the help desk can unlock it: {}.",
                state.help_desk().call_text(now)
            ),
        });
    }
    Err(ApiError::Invalid {
        code: ErrorCode::WrongPassword,
        message: format!(
            "The current password is not right. After {left} more failed {attempts} online \
             access is locked and only the help desk can unlock it.",
            left = max - count.failures,
            attempts = if max - count.failures == 1 {
                "attempt"
            } else {
                "attempts"
            },
        ),
    })
}
