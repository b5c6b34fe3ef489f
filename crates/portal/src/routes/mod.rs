//! Every resource owns a module with its own `router()`; they are merged here, once.

mod account;
mod dealers;
mod health;
mod help_desk;
mod help_desk_console;
pub mod me;
mod reset;
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
                .merge(me::router())
                .merge(account::router())
                .merge(reset::router())
                .merge(help_desk_console::router())
                .merge(dealers::router()),
        )
        .route("/metrics", axum::routing::get(metrics))
        .fallback(|| async { ApiError::NotFound })
}

/// `GET /metrics`: Prometheus text. Public like health, as is usual for scraping; it holds
/// counts only, never user IDs or addresses.
async fn metrics(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> impl axum::response::IntoResponse {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        state.metrics().render(),
    )
}
