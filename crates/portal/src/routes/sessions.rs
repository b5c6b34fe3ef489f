//! Sessions: sign in, sign out, list mine, revoke one of mine.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use dealer_client::wire::{SessionInfo, SignIn, SignedIn};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, AuthUser, ClientInfo, PasswordChanger};
use crate::routes::me::me_of;
use crate::store::audit::Entry;
use crate::store::sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sessions", get(list).post(create))
        .route("/sessions/current", delete(sign_out))
        .route("/sessions/{id}", delete(revoke))
}

/// `POST /api/v1/sessions`: sign in. Public.
async fn create(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<(StatusCode, Json<SignedIn>), ApiError> {
    let result = crate::sign_in::sign_in(&state, &body.user_id, &body.password, &client).await;
    state.metrics().event(
        "sign_in",
        match &result {
            Ok(_) => "success",
            Err(err) => err.code(),
        },
    );
    let done = result?;
    let user = me_of(&state, &done.user).await?;
    Ok((
        StatusCode::CREATED,
        Json(SignedIn {
            token: done.token.expose().to_owned(),
            session_id: done.session.id,
            expires_at: done.session.expires_at,
            user,
        }),
    ))
}

/// `DELETE /api/v1/sessions/current`: sign out. Allowed with a temporary password too.
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
        .audit(
            &Entry {
                event: "sign_out",
                outcome: "success",
                actor: Some(auth.user.user_id.to_string()),
                target: Some(auth.user.user_id.to_string()),
                pdn: auth.user.pdn.as_ref().map(ToString::to_string),
                client_addr: client.addr_text(),
                detail: None,
            },
            now,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
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
async fn revoke(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if state
        .store()
        .revoke_session(auth.user.pk, &id, state.now())
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
