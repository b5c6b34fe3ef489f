//! The OpenAPI document of the portal API, generated from the handlers' `#[utoipa::path]`
//! annotations and served at `GET /api/v1/openapi.json`.
//!
//! Authenticated operations declare `security(("bearer" = [roles…]))`: an empty list means
//! anyone signed in; otherwise the roles that may call it (OpenAPI 3.1 lets a non-OAuth
//! scheme list role names there). Operations without `security` are public.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use super::responses::Internal;
use crate::error::ApiError;
use crate::routes::router::{ApiRouter, routes};

/// The name of the bearer security scheme in the document.
const BEARER: &str = "bearer";

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Dealer Access portal API",
        description = "The portal every copy of the Dealer Access app talks to. Errors are \
                       `{code, message}` (`ErrorBody`) with a stable machine `code`; 5xx never \
                       show internals. Sign in with `POST /api/v1/sessions` and send the token \
                       as `Authorization: Bearer <token>`.",
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "openapi", description = "This document"),
        (name = "sessions", description = "Sign in, sign out, my sessions"),
        (name = "account", description = "My account: who I am, my password, my questions"),
        (name = "password-resets", description = "Online password reset by challenge questions"),
        (name = "help-desk", description = "The help desk's card, and its console: find, verify, unlock"),
        (name = "dealers", description = "A dealership as its office manager sees it"),
        (name = "outbox", description = "Outgoing mail, for the provider's staff"),
        (name = "admin", description = "The provider admin's work: dealerships, invitations, roles, provider staff"),
        (name = "app", description = "Updates of the desktop app, handed out by this portal"),
        (name = "access-reviews", description = "Periodic access reviews: each dealership confirms who still needs what"),
    )
)]
pub(super) struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                BEARER,
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(
                            "The opaque session token from `POST /api/v1/sessions`. The roles \
                             an operation lists are the only ones it serves; others get 403 \
                             `forbidden`.",
                        ))
                        .build(),
                ),
            );
    }
}

pub(super) fn router() -> ApiRouter {
    ApiRouter::new().routes(routes!(document))
}

/// The document as served, built once.
static DOCUMENT: LazyLock<Result<String, String>> =
    LazyLock::new(|| super::openapi().to_json().map_err(|e| e.to_string()));

/// The OpenAPI document as JSON, as `GET /api/v1/openapi.json` serves it.
fn document_json() -> Result<&'static str, ApiError> {
    DOCUMENT
        .as_deref()
        .map_err(|e| ApiError::internal(anyhow::anyhow!("OpenAPI document: {e}")))
}

/// This document. Public, like the API it describes.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi_document",
    tag = "openapi",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of `/api/v1`", body = serde_json::Value),
        Internal,
    )
)]
async fn document() -> Result<impl IntoResponse, ApiError> {
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        document_json()?,
    ))
}
