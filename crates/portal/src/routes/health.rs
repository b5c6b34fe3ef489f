//! Liveness.

use axum::routing::get;
use axum::{Json, Router};
use dealer_client::wire::Health;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// `GET /api/v1/health`: the process answers. Public.
async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
