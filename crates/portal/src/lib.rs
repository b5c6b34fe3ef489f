//! dealer-portal: the server every copy of the Dealer Access app talks to.
//!
//! [`app`] builds the whole HTTP API from an [`AppState`], so tests run it in-process
//! (`app(state).oneshot(request)`) and over a real socket, and `main.rs` only parses the
//! configuration and serves.

pub mod app_only;
pub mod clock;
pub mod config;
pub mod credentials;
pub mod csv_upload;
pub mod error;
pub mod extract;
pub mod hashing;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod network;
pub mod onboarding;
pub mod pdf;
pub mod pepper;
pub mod rate_limit;
pub mod refusals;
pub mod routes;
pub mod seed;
pub mod sign_in;
pub mod state;
pub mod store;
#[cfg(feature = "https")]
pub mod tls;
pub mod typed_id;
pub mod updates;
pub mod workflow;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use state::{AppState, HelpDesk, Parts, Settings};

/// Request bodies above this size are refused with 413 before they are read.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The portal's whole HTTP API.
pub fn app(state: AppState) -> Router {
    routes::router()
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refusals::audit,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // The path only: query strings may carry tokens.
                tracing::info_span!("request", id, method = %req.method(), path = req.uri().path())
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
}
