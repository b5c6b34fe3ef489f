//! Every resource owns a module with its own `router()`; they are merged here, once.

mod health;
mod help_desk;
pub mod me;
mod sessions;

use axum::Router;

use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .nest(
            "/api/v1",
            Router::new()
                .merge(health::router())
                .merge(help_desk::router())
                .merge(sessions::router())
                .merge(me::router()),
        )
        .fallback(|| async { ApiError::NotFound })
}
