//! Every resource owns a module with its own `router()`; they are merged here, once.
//!
//! Each resource's router is an [`OpenApiRouter`] whose routes are registered with
//! `routes!(handler)` from the handler's `#[utoipa::path]`: the route and its entry in the
//! OpenAPI document come from one declaration, so a route that exists is documented.

mod access_reviews;
mod account;
mod admin;
mod bulk;
mod dealers;
mod enrollment;
mod health;
mod help_desk;
mod help_desk_console;
pub mod me;
mod openapi;
mod outbox;
mod public;
mod reactivations;
mod registrations;
mod requests;
mod reset;
mod responses;
mod sessions;
mod two_step;
mod updates;
mod views;

use axum::Router;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::ApiError;

/// The versioned API under `/api/v1`, with its OpenAPI document.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi()).nest(
        "/api/v1",
        OpenApiRouter::new()
            .merge(health::router())
            .merge(updates::router())
            .merge(openapi::router())
            .merge(help_desk::router())
            .merge(sessions::router())
            .merge(me::router())
            .merge(account::router())
            .merge(two_step::router())
            .merge(reset::router())
            .merge(reactivations::router())
            .merge(help_desk_console::router())
            .merge(dealers::router())
            .merge(outbox::router())
            .merge(registrations::router())
            .merge(requests::router())
            .merge(enrollment::router())
            .merge(bulk::router())
            .merge(admin::router())
            .merge(access_reviews::router()),
    )
}

/// The OpenAPI document of [`api`], generated from the handlers' annotations.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().into_openapi()
}

#[expect(
    clippy::disallowed_methods,
    reason = "`/metrics` is for the scraper, not the app: outside `/api/v1` and its document"
)]
pub fn router() -> Router<AppState> {
    let (api, _document) = api().split_for_parts();
    api.route("/metrics", axum::routing::get(metrics))
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
