//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use dealer_api::{ErrorBody, Health, Ready};

use super::responses::Internal;
use crate::AppState;
use crate::error::ApiError;
use crate::routes::router::{ApiRouter, routes};
use crate::store::Backend;

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(ready))
}

/// `GET /api/v1/health`: the process answers. Public.
#[utoipa::path(
    get,
    path = "/health",
    operation_id = "health",
    tag = "health",
    responses(
        (status = 200, description = "The process answers", body = Health),
        Internal,
    )
)]
async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        mail_ready: state.mail_ready(),
    })
}

/// `GET /api/v1/ready`: the database answers too. Public.
#[utoipa::path(
    get,
    path = "/ready",
    operation_id = "ready",
    tag = "health",
    responses(
        (status = 200, description = "The database answers too", body = Ready),
        Internal,
        (status = 503, description = "`busy`: the database does not answer", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
async fn ready(State(state): State<AppState>) -> Result<Json<Ready>, ApiError> {
    state
        .store()
        .ping()
        .await
        .map_err(|e| ApiError::Busy(std::time::Duration::from_secs(5)).with_log(e))?;
    Ok(Json(Ready {
        status: "ok".into(),
        database: match state.store().backend() {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
        .into(),
    }))
}
