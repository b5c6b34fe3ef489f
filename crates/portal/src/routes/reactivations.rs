//! An inactive user asks for their own reactivation (DESIGN.md: "the help center tells
//! them to complete the form themselves"). Their user ID and password are the proof, checked
//! exactly as a sign-in checks them (rate limits, one argon2 verification, the lock, and
//! one answer for every failure); only then does the account's state show. The request is
//! filed by the person themselves, their office managers are told, and the provider
//! reviews it like any other.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use dealer_api::{AskReactivation, ErrorBody, ReactivationAsked};
use dealer_core::access::AccountState;

use super::responses::Internal;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ClientInfo};
use crate::routes::router::{ApiRouter, routes};
use crate::workflow;

pub fn router() -> ApiRouter {
    ApiRouter::new().routes(routes!(ask))
}

/// `POST /api/v1/reactivations` `{user_id, password}`: file my reactivation request. Public:
/// the password is the proof, and a wrong one counts toward the lockout.
#[utoipa::path(
    post,
    path = "/reactivations",
    operation_id = "ask_reactivation",
    tag = "requests",
    request_body = AskReactivation,
    responses(
        (status = 201, description = "The reactivation request, filed by me; my office managers \
            were told", body = ReactivationAsked),
        (status = 400, description = "`bad_request`: malformed JSON, wrong types or unknown fields",
            body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: one answer for an unknown user ID, a \
            wrong password and a locked account, as at sign-in", body = ErrorBody),
        (status = 403, description = "After a correct password only: `pending_approval`, \
            `deactivated` or `dealership_closed`", body = ErrorBody),
        (status = 409, description = "`conflict`: the user ID is not inactive (sign in instead), \
            it is one of the provider's own, or a reactivation request is open already",
            body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many attempts from this address or for \
            this user ID", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        Internal,
        (status = 503, description = "`busy`: too many password checks at once", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
async fn ask(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<AskReactivation>,
) -> Result<(StatusCode, Json<ReactivationAsked>), ApiError> {
    let right =
        crate::sign_in::check_password(&state, &body.user_id, &body.password, &client).await?;
    let (user, standing) = (right.user, right.standing);
    let now = state.now();
    if user.status(&state.settings().inactivity, now) != AccountState::Inactive {
        // Pending, deactivated or closed: said as a sign-in says it.
        crate::sign_in::refuse_unavailable(&state, &user, standing, &client, now).await?;
        return Err(ApiError::Conflict(
            "This user ID is active: sign in with it. Nothing was filed.".into(),
        ));
    }
    crate::sign_in::refuse_unavailable(&state, &user, standing, &client, now)
        .await
        .or_else(|err| match err {
            // The one refusal this route is for.
            ApiError::Inactive(_) => Ok(()),
            other => Err(other),
        })?;
    let (filed, managers) = workflow::self_reactivation(&state, &user, &client).await?;
    let request = state
        .store()
        .request(filed.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(ReactivationAsked {
            request_id: filed.id,
            due_at: request.due_at,
            office_managers: managers
                .iter()
                .map(|m| format!("{} {}", m.first_name, m.last_name))
                .collect(),
        }),
    ))
}
