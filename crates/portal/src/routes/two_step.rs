//! My two-step sign-in: where it stands, setting it up, confirming it with the first code.
//! The second step of a sign-in is in `routes::sessions`; the decisions in
//! `workflow::two_step`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use dealer_api::{
    AuditEvent, AuditOutcome, ErrorBody, ErrorCode, RecoveryCodes, TwoStepCode, TwoStepSetup,
    TwoStepStatus,
};

use super::responses::{Internal, RateLimited};
use crate::AppState;
use crate::credentials::rate_limit;
use crate::error::ApiError;
use crate::extract::{ApiJson, ClientInfo, TwoStepSetter};
use crate::routes::router::{ApiRouter, routes};
use crate::store::two_step as store;
use crate::workflow::account::own_entry;
use crate::workflow::two_step;

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(status, begin))
        .routes(routes!(confirm))
}

/// `GET /api/v1/me/two-step`: whether my two-step sign-in is on, whether my role must use
/// it, and how many recovery codes I have left.
#[utoipa::path(
    get,
    path = "/me/two-step",
    operation_id = "two_step_status",
    tag = "account",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Where my two-step sign-in stands", body = TwoStepStatus),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`password_change_required`", body = ErrorBody),
        Internal,
    )
)]
async fn status(
    State(state): State<AppState>,
    TwoStepSetter(auth): TwoStepSetter,
) -> Result<Json<TwoStepStatus>, ApiError> {
    let user = &auth.user;
    let on = user.two_step_on;
    let mut conn = state.store().pool().acquire().await?;
    Ok(Json(TwoStepStatus {
        on,
        requirement: state.settings().two_step.for_role(user.role),
        recovery_codes_left: store::unused_recovery_codes(&mut conn, user.pk).await?,
    }))
}

/// `POST /api/v1/me/two-step`: start setting up two-step sign-in: a new secret for my
/// authenticator app (a set-up not yet confirmed starts over). `409` when it is on already:
/// a new phone needs the help desk's reset first.
#[utoipa::path(
    post,
    path = "/me/two-step",
    operation_id = "two_step_begin",
    tag = "account",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The secret, as a QR code's URI and grouped for typing; \
            shown this once", body = TwoStepSetup),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`password_change_required`", body = ErrorBody),
        (status = 409, description = "`conflict`: two-step sign-in is on already", body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
async fn begin(
    State(state): State<AppState>,
    TwoStepSetter(auth): TwoStepSetter,
    client: ClientInfo,
) -> Result<(StatusCode, Json<TwoStepSetup>), ApiError> {
    let user = &auth.user;
    rate_limit(&state, &client, user.user_id.as_str())?;
    let secret = two_step::begin(&state, user.pk).await?;
    let account = match &user.pdn {
        Some(pdn) => match state.store().dealer(pdn).await? {
            Some(dealer) => format!("{} ({})", user.user_id, dealer.name),
            None => user.user_id.to_string(),
        },
        None => user.user_id.to_string(),
    };
    Ok((
        StatusCode::CREATED,
        Json(TwoStepSetup {
            otpauth_uri: secret.otpauth_uri(&account).to_string(),
            secret: secret.grouped().to_string(),
        }),
    ))
}

/// `POST /api/v1/me/two-step/confirm` `{code}`: the first code my authenticator app shows
/// turns two-step sign-in on; the ten recovery codes, shown this once.
#[utoipa::path(
    post,
    path = "/me/two-step/confirm",
    operation_id = "two_step_confirm",
    tag = "account",
    request_body = TwoStepCode,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "On: the recovery codes, shown this once", body = RecoveryCodes),
        (status = 400, description = "`wrong_code` (or no set-up waiting), or `bad_request`",
            body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`password_change_required`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
async fn confirm(
    State(state): State<AppState>,
    TwoStepSetter(auth): TwoStepSetter,
    client: ClientInfo,
    ApiJson(body): ApiJson<TwoStepCode>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    let user = &auth.user;
    rate_limit(&state, &client, user.user_id.as_str())?;
    let audited = own_entry(
        AuditEvent::TwoStepEnabled,
        AuditOutcome::Success,
        user,
        &client,
    );
    let codes = two_step::confirm(&state, user.pk, &body.code, Some(&audited))
        .await?
        .map_err(|_| ApiError::Invalid {
            code: ErrorCode::WrongCode,
            message: "That code is not right. Type the six digits your authenticator app shows \
                      now for Dealer Access."
                .into(),
        })?;
    Ok(Json(RecoveryCodes {
        codes: codes.iter().map(|c| c.shown().to_string()).collect(),
    }))
}
