//! Liveness and readiness.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use dealer_client::wire::{Health, Ready};

use crate::AppState;
use crate::error::ApiError;
use crate::store::Backend;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
}

/// `GET /api/v1/health`: the process answers. Public.
async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// `GET /api/v1/ready`: the database answers too. Public.
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
