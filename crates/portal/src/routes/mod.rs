//! Every resource owns a module with its own `router()`; they are merged here, once.
//!
//! Each resource's router is an [`ApiRouter`] whose routes are registered with
//! `routes!(handler)` from the handler's `#[utoipa::path]`: the route and its entry in the
//! OpenAPI document come from one declaration, so a route that exists is documented. The
//! desktop app's built-in portal is built without the document (no `openapi` feature; see
//! [`router`]), from the same declarations.

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
#[cfg(feature = "openapi")]
mod openapi;
mod outbox;
mod public;
mod reactivations;
mod registrations;
mod requests;
mod reset;
mod responses;
pub mod router;
mod sessions;
mod two_step;
mod updates;
mod views;

use axum::Router;
#[cfg(feature = "openapi")]
use utoipa::OpenApi as _;

use crate::AppState;
use crate::error::ApiError;
use router::ApiRouter;

/// The versioned API under `/api/v1`, with its OpenAPI document when built with it.
pub fn api() -> ApiRouter {
    let v1 = ApiRouter::new()
        .merge(health::router())
        .merge(updates::router())
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
        .merge(access_reviews::router());
    #[cfg(feature = "openapi")]
    let root = ApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .nest("/api/v1", v1.merge(openapi::router()));
    #[cfg(not(feature = "openapi"))]
    let root = ApiRouter::new().nest("/api/v1", v1);
    root
}

/// The OpenAPI document of [`api`], generated from the handlers' annotations.
#[cfg(feature = "openapi")]
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().into_openapi()
}

#[expect(
    clippy::disallowed_methods,
    reason = "`/metrics` is for the scraper, not the app: outside `/api/v1` and its document"
)]
pub fn router() -> Router<AppState> {
    #[cfg(feature = "openapi")]
    let (api, _document) = api().split_for_parts();
    #[cfg(not(feature = "openapi"))]
    let api = api().into_router();
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
