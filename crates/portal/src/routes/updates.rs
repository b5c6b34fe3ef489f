//! App updates, handed out by the portal (`crate::updates`). Public: an app asks before
//! anyone signs in, and what it installs is proved by its signature, not by who asked.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use dealer_api::{AppUpdate, ErrorBody, ErrorCode};

use super::public::rate_limit;
use super::responses::{Internal, RateLimited};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::routes::router::{ApiRouter, routes};
use crate::updates::{Offer, ShelfError};

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(update))
        .routes(routes!(file))
}

/// `GET /api/v1/app/updates/{target}/{arch}/{current_version}`: the newer app for this
/// platform, in the form Tauri's updater reads, or 204 when the app is current or the portal
/// offers nothing (`DEALER_APP_UPDATES_DIR` unset, no `latest.json`, no entry for the
/// platform). Public.
#[utoipa::path(
    get,
    path = "/app/updates/{target}/{arch}/{current_version}",
    operation_id = "app_update",
    tag = "app",
    params(
        ("target" = String, Path, description = "`windows`, `darwin` or `linux`"),
        ("arch" = String, Path, description = "`x86_64`, `aarch64`, `i686` or `armv7`"),
        ("current_version" = String, Path, description = "The asking app's version, like 1.2.0"),
    ),
    responses(
        (status = 200, description = "A newer app", body = AppUpdate),
        (status = 204, description = "Nothing newer for this app"),
        (status = 400, description = "`bad_request`: current_version is not a version", body = ErrorBody),
        (status = 404, description = "`not_found`: no app is built for this platform", body = ErrorBody),
        RateLimited,
        Internal,
        (status = 503, description = "`updates_unavailable`: the folder of updates cannot be offered as it is", body = ErrorBody),
    )
)]
async fn update(
    State(state): State<AppState>,
    client: ClientInfo,
    Path((target, arch, current_version)): Path<(String, String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    rate_limit(&state, &client)?;
    let Some(shelf) = &state.settings().app_updates else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()));
    match shelf.offer(&target, &arch, &current_version, host) {
        Ok(Offer::Current) => Ok(StatusCode::NO_CONTENT.into_response()),
        Ok(Offer::Newer(update)) => Ok(Json(update).into_response()),
        Err(ShelfError::UnknownPlatform(_)) => Err(ApiError::NotFound),
        Err(e @ ShelfError::BadVersion(_)) => Err(ApiError::BadRequest(e.to_string())),
        Err(ShelfError::Broken(why)) => Err(unavailable(&why)),
    }
}

/// `GET /api/v1/app/updates/files/{name}`: an installer `latest.json` names, streamed.
/// Nothing else in the folder is served. Public.
#[utoipa::path(
    get,
    path = "/app/updates/files/{name}",
    operation_id = "app_update_file",
    tag = "app",
    params(("name" = String, Path, description = "The installer's file name, as latest.json names it")),
    responses(
        (status = 200, description = "The installer", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "`not_found`: no such installer on offer", body = ErrorBody),
        RateLimited,
        Internal,
        (status = 503, description = "`updates_unavailable`: the folder of updates cannot be offered as it is", body = ErrorBody),
    )
)]
async fn file(
    State(state): State<AppState>,
    client: ClientInfo,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    rate_limit(&state, &client)?;
    let shelf = state
        .settings()
        .app_updates
        .as_ref()
        .ok_or(ApiError::NotFound)?;
    let path = shelf
        .file(&name)
        .map_err(|why| unavailable(&why))?
        .ok_or(ApiError::NotFound)?;
    let file = tokio::fs::File::open(&path)
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{}: {e}", path.display())))?;
    let length = file
        .metadata()
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{}: {e}", path.display())))?
        .len();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(tokio_util::io::ReaderStream::new(file)),
    )
        .into_response())
}

/// 503 `updates_unavailable`; the operator's mistake goes to the log, not to the app.
fn unavailable(why: &str) -> ApiError {
    tracing::error!(problem = why, "app updates cannot be offered");
    ApiError::Unavailable {
        code: ErrorCode::UpdatesUnavailable,
        message: "Updates cannot be offered right now. The app will ask again later.".into(),
    }
}
