//! Sessions: sign in, sign out, list mine, revoke one of mine.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dealer_api::{AuditEvent, AuditOutcome};
use dealer_api::{
    ErrorBody, RememberedDevice, SessionInfo, SignIn, SignedIn, TwoStepRequired, TwoStepSignIn,
};

use super::responses::{Internal, RateLimited};
use super::views::me_of;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, AuthUser, ClientInfo, PasswordChanger};
use crate::routes::router::{ApiRouter, routes};
use crate::sign_in::Step;
use crate::store::audit::Entry;
use crate::store::sessions::Session;
use crate::store::users::User;

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(second_step))
        .routes(routes!(sign_out))
        .routes(routes!(revoke))
        .routes(routes!(devices))
        .routes(routes!(forget_device))
}

/// `POST /api/v1/sessions`: sign in. Public.
#[utoipa::path(
    post,
    path = "/sessions",
    operation_id = "sign_in",
    tag = "sessions",
    request_body = SignIn,
    responses(
        (status = 201, description = "Signed in: the bearer token, shown this once", body = SignedIn),
        (status = 202, description = "The password is right and two-step sign-in is on: no \
            session yet; send the token with the code to `/sessions/two-step` within 5 minutes",
            body = TwoStepRequired),
        (status = 400, description = "`bad_request`: malformed JSON, wrong types or unknown fields",
            body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: one answer for an unknown user ID, a \
            wrong password and a locked account", body = ErrorBody),
        (status = 403, description = "After a correct password only: `inactive`, \
            `pending_approval` or `deactivated`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many attempts from this address or for \
            this user ID", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        Internal,
        (status = 503, description = "`busy`: too many sign-ins at once", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
async fn create(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<Response, ApiError> {
    let result = crate::sign_in::sign_in(
        &state,
        &body.user_id,
        &body.password,
        body.device_token.as_deref(),
        &client,
    )
    .await;
    state.metrics().event(
        "sign_in",
        match &result {
            Ok(Step::SignedIn(_)) => "success",
            Ok(Step::CodeNeeded { .. }) => "code_asked",
            Err(err) => err.code().as_str(),
        },
    );
    match result? {
        Step::SignedIn(done) => Ok(signed_in(&state, *done).await?.into_response()),
        Step::CodeNeeded { token, expires_at } => Ok((
            StatusCode::ACCEPTED,
            Json(TwoStepRequired {
                two_step_token: token.expose().to_owned(),
                expires_at,
            }),
        )
            .into_response()),
    }
}

/// `POST /api/v1/sessions/two-step`: the second step of a sign-in, with the code from the
/// authenticator app or a recovery code. Public: the token from the first step is the proof.
#[utoipa::path(
    post,
    path = "/sessions/two-step",
    operation_id = "sign_in_second_step",
    tag = "sessions",
    request_body = TwoStepSignIn,
    responses(
        (status = 201, description = "Signed in: the bearer token, shown this once", body = SignedIn),
        (status = 400, description = "`wrong_code` (counted toward the lockout like a wrong \
            password), or `bad_request`", body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: the sign-in expired (5 minutes), \
            was used, or the account is locked", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
async fn second_step(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<TwoStepSignIn>,
) -> Result<(StatusCode, Json<SignedIn>), ApiError> {
    let result = crate::sign_in::second_step(
        &state,
        &body.two_step_token,
        &body.code,
        body.remember_device.unwrap_or(false),
        &client,
    )
    .await;
    state.metrics().event(
        "sign_in_second_step",
        match &result {
            Ok(_) => "success",
            Err(err) => err.code().as_str(),
        },
    );
    signed_in(&state, result?).await
}

/// A new session as its owner receives it.
async fn signed_in(
    state: &AppState,
    done: crate::sign_in::SignedIn,
) -> Result<(StatusCode, Json<SignedIn>), ApiError> {
    let user = me_of(state, &done.user).await?;
    Ok((
        StatusCode::CREATED,
        Json(SignedIn {
            token: done.token.expose().to_owned(),
            session_id: done.session.id,
            expires_at: done.session.expires_at,
            user,
            device_token: done.device_token.map(|t| t.expose().to_owned()),
            recovery_codes_left: done.recovery_codes_left,
        }),
    ))
}

/// `DELETE /api/v1/sessions/current`: sign out. Allowed with a temporary password too.
#[utoipa::path(
    delete,
    path = "/sessions/current",
    operation_id = "sign_out",
    tag = "sessions",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out: this session has ended"),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        Internal,
    )
)]
async fn sign_out(
    State(state): State<AppState>,
    PasswordChanger(auth): PasswordChanger,
    client: ClientInfo,
) -> Result<StatusCode, ApiError> {
    let now = state.now();
    state
        .store()
        .revoke_session(auth.user.pk, &auth.session_id, now)
        .await?;
    state
        .store()
        .audit(&own(AuditEvent::SignOut, &auth.user, &client), now)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A person ending their own session(s): done, by and to themselves, filed under their
/// dealership.
fn own(event: AuditEvent, user: &User, client: &ClientInfo) -> Entry {
    Entry {
        event,
        outcome: AuditOutcome::Success,
        actor: Some(user.user_id.to_string()),
        target: Some(user.user_id.to_string()),
        pdn: user.pdn.as_ref().map(ToString::to_string),
        client_addr: client.addr_text(),
        detail: None,
    }
}

fn info(session: Session, current: &str) -> SessionInfo {
    SessionInfo {
        current: session.id == current,
        id: session.id,
        created_at: session.created_at,
        last_seen_at: session.last_seen_at,
        expires_at: session.expires_at,
        client_addr: session.client_addr,
        user_agent: session.user_agent,
    }
}

/// `GET /api/v1/sessions`: my live sessions.
#[utoipa::path(
    get,
    path = "/sessions",
    operation_id = "list_sessions",
    tag = "sessions",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "My live sessions; never a token", body = Vec<SessionInfo>),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`password_change_required`: change the temporary \
            password first", body = ErrorBody),
        Internal,
    )
)]
async fn list(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<Vec<SessionInfo>>, ApiError> {
    let sessions = state
        .store()
        .sessions_of(auth.user.pk, state.settings().session_timeouts, state.now())
        .await?;
    Ok(Json(
        sessions
            .into_iter()
            .map(|s| info(s, &auth.session_id))
            .collect(),
    ))
}

/// `DELETE /api/v1/sessions/{id}`: end one of my sessions (another device). Someone
/// else's session answers 404, like one that does not exist.
#[utoipa::path(
    delete,
    path = "/sessions/{id}",
    operation_id = "revoke_session",
    tag = "sessions",
    params(("id" = String, Path, description = "The session's id (`SessionInfo.id`)")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The session has ended"),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`password_change_required`: change the temporary \
            password first", body = ErrorBody),
        (status = 404, description = "`not_found`: no live session of mine has this id",
            body = ErrorBody),
        Internal,
    )
)]
async fn revoke(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let now = state.now();
    if !state.store().revoke_session(auth.user.pk, &id, now).await? {
        return Err(ApiError::NotFound);
    }
    state
        .store()
        .audit(&own(AuditEvent::SessionRevoked, &auth.user, &client), now)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me/devices`: my computers that skip two-step sign-in's code (remembered at
/// a second step, for 30 days); never a token.
#[utoipa::path(
    get,
    path = "/me/devices",
    operation_id = "list_remembered_devices",
    tag = "sessions",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "My remembered computers, most recently used first",
            body = Vec<RememberedDevice>),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`password_change_required` or `two_step_setup_required`",
            body = ErrorBody),
        Internal,
    )
)]
async fn devices(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<Vec<RememberedDevice>>, ApiError> {
    let mut conn = state.store().pool().acquire().await?;
    let devices =
        crate::store::two_step::remembered_devices(&mut conn, auth.user.pk, state.now()).await?;
    Ok(Json(
        devices
            .into_iter()
            .map(|d| RememberedDevice {
                id: d.id,
                created_at: d.created_at,
                expires_at: d.expires_at,
                last_used_at: d.last_used_at,
                client_addr: d.client_addr,
                user_agent: d.user_agent,
            })
            .collect(),
    ))
}

/// `DELETE /api/v1/me/devices/{id}`: forget one of my remembered computers: its next
/// sign-in asks for the code again. Someone else's answers 404, like one that does not
/// exist.
#[utoipa::path(
    delete,
    path = "/me/devices/{id}",
    operation_id = "forget_remembered_device",
    tag = "sessions",
    params(("id" = String, Path, description = "The computer's id (`RememberedDevice.id`)")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Forgotten"),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        (status = 403, description = "`password_change_required` or `two_step_setup_required`",
            body = ErrorBody),
        (status = 404, description = "`not_found`: no remembered computer of mine has this id",
            body = ErrorBody),
        Internal,
    )
)]
async fn forget_device(
    State(state): State<AppState>,
    auth: AuthUser,
    client: ClientInfo,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let now = state.now();
    let mut conn = state.store().pool().acquire().await?;
    if !crate::store::two_step::forget_device(&mut conn, auth.user.pk, &id).await? {
        return Err(ApiError::NotFound);
    }
    drop(conn);
    state
        .store()
        .audit(&own(AuditEvent::DeviceForgotten, &auth.user, &client), now)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
