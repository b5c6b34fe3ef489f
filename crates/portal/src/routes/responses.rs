//! The responses many operations share, declared once for the OpenAPI document: each
//! route lists the type instead of repeating the status, its description and its body.

use dealer_api::ErrorBody;

/// `500 internal`: unexpected trouble on the portal; the cause is logged, never sent.
#[derive(utoipa::IntoResponses)]
#[response(status = 500, description = "`internal`")]
pub struct Internal(#[allow(dead_code)] ErrorBody);

/// `429 rate_limited`, with how long to wait.
#[derive(utoipa::IntoResponses)]
#[response(
    status = 429,
    description = "`rate_limited`",
    headers(("Retry-After" = u64, description = "Seconds to wait"))
)]
pub struct RateLimited(#[allow(dead_code)] ErrorBody);
