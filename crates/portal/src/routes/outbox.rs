//! The mail outbox as provider staff see it: with no SMTP configured, or while a server
//! refuses, mail waits here, never lost and never hidden.

use axum::Json;
use axum::extract::{Query, State};
use dealer_api::{ErrorBody, MailState, OutboxEntry};
use serde::Deserialize;

use super::responses::Internal;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ProviderStaff;
use crate::routes::router::{ApiRouter, routes};
use crate::store::outbox::{MailFilter, QueuedMail};

pub fn router() -> ApiRouter {
    ApiRouter::new().routes(routes!(list))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct OutboxQuery {
    /// queued, sent or failed; all when absent.
    state: Option<MailState>,
    /// At most this many, newest first (1 to 500, default 100).
    limit: Option<i64>,
}

/// `GET /api/v1/outbox`: the portal's outgoing mail, without bodies.
#[utoipa::path(
    get,
    path = "/outbox",
    operation_id = "outbox_list",
    tag = "outbox",
    params(OutboxQuery),
    security(("bearer" = ["help_desk", "reviewer"])),
    responses(
        (status = 200, description = "Outgoing mail, newest first, without bodies", body = Vec<OutboxEntry>),
        (status = 400, description = "`bad_request`: an unknown state or a limit out of range", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: only the provider's staff", body = ErrorBody),
        Internal,
    )
)]
async fn list(
    State(state): State<AppState>,
    _staff: ProviderStaff,
    query: Result<Query<OutboxQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<OutboxEntry>>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest(
            "limit must be between 1 and 500".into(),
        ));
    }
    let filter = query.state.map(|s| match s {
        MailState::Queued => MailFilter::Queued,
        MailState::Sent => MailFilter::Sent,
        MailState::Failed => MailFilter::Failed,
    });
    let mails = state.store().outbox_list(filter, limit).await?;
    Ok(Json(mails.into_iter().map(QueuedMail::entry).collect()))
}
