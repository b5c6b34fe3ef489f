//! A registrant proves their email before registration says anything about user IDs.
//!
//! `POST /registrations/email-codes` mails a 6-digit code to the address and answers with
//! a token; `POST /registrations/email-codes/confirm` with that token (`X-Email-Proof`)
//! and the code makes the token a proof; with the proof, `POST /registrations/user-ids/check`
//! says whether a user ID is free (and offers free ones like it), and
//! `POST /registrations` registers with that email. Without a proof nobody learns whether
//! a user ID exists. Every route spends the per-address public budget first; codes mailed
//! to one address and the user IDs one proven address checks have tight limits of their
//! own ([`crate::rate_limit::Limits`]). A wrong, used-up, expired or unknown code gets one
//! answer, as a wrong password does.

use std::time::Instant;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use dealer_api::{
    EmailCodeInput, EmailCodeIssued, EmailCodeRequest, EmailConfirmed, ErrorBody, ErrorCode,
    UserIdAvailability, UserIdCheck,
};
use dealer_core::ids::{Email, UserId};

use super::super::public::{active_dealer, rate_limit, unknown_pdn};
use super::super::responses::{Internal, RateLimited};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ClientInfo};
use crate::routes::router::{ApiRouter, routes};
use crate::store::email_codes::{Proof, canonical_email};
use crate::workflow;

/// The header that carries the token of a registrant's email code, and later its proof.
pub const EMAIL_PROOF_HEADER: &str = "x-email-proof";

/// What a wrong code hears, whatever made it wrong.
pub const WRONG_CODE: &str = "That code is not right, or it no longer works. Check the \
     latest mail from Dealer Access, or ask for a new code.";

/// What a registration without a proven email hears.
pub const NOT_CONFIRMED: &str = "Confirm your email address first: ask for a code, then \
     enter the code from the mail. A confirmed address stays confirmed for an hour.";

/// What a registration with an email other than the confirmed one hears.
pub const OTHER_EMAIL: &str = "This is not the email address you confirmed. Confirm this \
     address with a code, or use the one you confirmed.";

/// What a registrant hears when their confirmation has checked all the user IDs it may.
pub const CHECKS_USED: &str = "This confirmation has checked as many user IDs as it may. \
     Ask for a new code to go on.";

/// What a registrant hears when this portal cannot send mail.
pub const NO_MAIL: &str = "This portal cannot send email yet, so you cannot register \
     yourself here. Ask your office manager to add you, or to set up mail.";

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(send_code))
        .routes(routes!(confirm_code))
        .routes(routes!(check_user_id))
}

fn token_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(EMAIL_PROOF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 128)
}

/// `email_not_confirmed`, saying why.
pub fn not_confirmed_because(message: &str) -> ApiError {
    ApiError::Invalid {
        code: ErrorCode::EmailNotConfirmed,
        message: message.into(),
    }
}

fn not_confirmed() -> ApiError {
    not_confirmed_because(NOT_CONFIRMED)
}

/// The live proof the request carries, or `email_not_confirmed`.
pub async fn proof(state: &AppState, headers: &HeaderMap) -> Result<Proof, ApiError> {
    let token = token_of(headers).ok_or_else(not_confirmed)?;
    state
        .store()
        .email_proof(token, state.now())
        .await?
        .ok_or_else(not_confirmed)
}

/// Spend one user-ID check of `live` (the proof `headers` carry): the per-email limit, then
/// the proof's own count. A registration that finds its user ID taken spends one too, so
/// registering is no way around the limits.
pub async fn spend_check(
    state: &AppState,
    headers: &HeaderMap,
    live: &Proof,
) -> Result<Proof, ApiError> {
    state
        .limits()
        .user_id_checks
        .check(&live.email, Instant::now())?;
    let token = token_of(headers).ok_or_else(not_confirmed)?;
    state
        .store()
        .spend_user_id_check(token, state.now())
        .await?
        .ok_or_else(|| not_confirmed_because(CHECKS_USED))
}

/// Whether `proof` was made for `email` at `pdn`: a proof is for one address and one
/// dealership.
pub fn proves(proof: &Proof, email: &str, pdn: &str) -> bool {
    proof.email == canonical_email(email) && proof.pdn == pdn.trim()
}

/// `POST /api/v1/registrations/email-codes`: mail a code to the address a registrant
/// registers with. The answer is the same whoever the address belongs to.
#[utoipa::path(
    post,
    path = "/registrations/email-codes",
    operation_id = "send_email_code",
    tag = "registrations",
    request_body = EmailCodeRequest,
    responses(
        (status = 202, description = "The code is on its way; the token names it",
            body = EmailCodeIssued),
        (status = 400, description = "`invalid_form`: the email is not an address",
            body = ErrorBody),
        (status = 404, description = "`unknown_pdn`", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many codes from this address or to \
            this email", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        Internal,
        (status = 503, description = "`mail_unavailable`: this portal sends no mail",
            body = ErrorBody),
    )
)]
#[tracing::instrument(skip_all)]
async fn send_code(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(input): ApiJson<EmailCodeRequest>,
) -> Result<(StatusCode, Json<EmailCodeIssued>), ApiError> {
    rate_limit(&state, &client)?;
    if !state.mail_ready() {
        return Err(ApiError::Unavailable {
            code: ErrorCode::MailUnavailable,
            message: NO_MAIL.into(),
        });
    }
    let email = Email::parse(&input.email).map_err(|e| ApiError::field("email", e))?;
    let dealer = active_dealer(&state, &input.pdn)
        .await?
        .ok_or_else(unknown_pdn)?;
    state
        .limits()
        .email_codes
        .check(&canonical_email(email.as_str()), Instant::now())?;
    let issued = workflow::send_email_code(&state, &email, &dealer).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(EmailCodeIssued {
            token: issued.token.expose().to_owned(),
            expires_at: issued.expires_at,
        }),
    ))
}

/// `POST /api/v1/registrations/email-codes/confirm` with `X-Email-Proof`: the code from the
/// mail. Right, and the token is the proof of the email for an hour.
#[utoipa::path(
    post,
    path = "/registrations/email-codes/confirm",
    operation_id = "confirm_email_code",
    tag = "registrations",
    params(("X-Email-Proof" = String, Header, description = "The token the code was sent with")),
    request_body = EmailCodeInput,
    responses(
        (status = 200, description = "The email is proven", body = EmailConfirmed),
        (status = 400, description = "`wrong_code`: wrong, used up, expired or unknown (one \
            answer for all); five tries end a code", body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
#[tracing::instrument(skip_all)]
async fn confirm_code(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiJson(input): ApiJson<EmailCodeInput>,
) -> Result<Json<EmailConfirmed>, ApiError> {
    rate_limit(&state, &client)?;
    let wrong = || ApiError::Invalid {
        code: ErrorCode::WrongCode,
        message: WRONG_CODE.into(),
    };
    let token = token_of(&headers).ok_or_else(wrong)?;
    if input.code.len() > 32 {
        return Err(wrong());
    }
    let proof = state
        .store()
        .confirm_email_code(token, &input.code, state.now())
        .await?
        .ok_or_else(wrong)?;
    Ok(Json(EmailConfirmed {
        email: proof.email,
        expires_at: proof.expires_at,
    }))
}

/// `POST /api/v1/registrations/user-ids/check` with a proof: whether a user ID is free,
/// and free ones like it when it is not.
#[utoipa::path(
    post,
    path = "/registrations/user-ids/check",
    operation_id = "check_user_id",
    tag = "registrations",
    params(("X-Email-Proof" = String, Header, description = "A confirmed email's token")),
    request_body = UserIdCheck,
    responses(
        (status = 200, description = "Free or not", body = UserIdAvailability),
        (status = 400, description = "`invalid_form`: not a user ID; \
            `email_not_confirmed`: no live proof, or its checks are used up", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many checks for this address or \
            this email", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        Internal,
    )
)]
#[tracing::instrument(skip_all)]
async fn check_user_id(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiJson(input): ApiJson<UserIdCheck>,
) -> Result<Json<UserIdAvailability>, ApiError> {
    rate_limit(&state, &client)?;
    let user_id = UserId::parse(&input.user_id).map_err(|e| ApiError::field("user_id", e))?;
    let live = proof(&state, &headers).await?;
    let spent = spend_check(&state, &headers, &live).await?;
    let available = !workflow::user_id_taken(&state, &user_id).await?;
    let suggestions = if available {
        Vec::new()
    } else {
        workflow::suggest_user_ids(
            &state,
            user_id.as_str(),
            &input.first_name,
            &input.last_name,
        )
        .await?
    };
    Ok(Json(UserIdAvailability {
        user_id: user_id.to_string(),
        available,
        suggestions,
        checks_left: u32::try_from(spent.checks_left.max(0)).unwrap_or(0),
    }))
}
