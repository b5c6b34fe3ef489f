//! The help desk's public card: how to reach it, and whether it is open right now.

use axum::Json;
use axum::extract::State;
use dealer_api::HelpDeskInfo;
use dealer_core::schedule::HelpDeskStatus;

use super::responses::Internal;
use crate::AppState;
use crate::routes::router::{ApiRouter, routes};

pub fn router() -> ApiRouter {
    ApiRouter::new().routes(routes!(info))
}

/// `GET /api/v1/help-desk/info`. Public: people who cannot sign in need it most.
#[utoipa::path(
    get,
    path = "/help-desk/info",
    operation_id = "help_desk_info",
    tag = "help-desk",
    responses(
        (status = 200, description = "How to reach the help desk, and whether it is open now",
            body = HelpDeskInfo),
        Internal,
    )
)]
async fn info(State(state): State<AppState>) -> Json<HelpDeskInfo> {
    let now = state.now();
    let desk = state.help_desk();
    let status = desk.status(now);
    let (closes_at, next_opening) = match status {
        HelpDeskStatus::Open { closes_at } => (Some(closes_at), None),
        HelpDeskStatus::Closed { next_opening } => (None, next_opening),
    };
    Json(HelpDeskInfo {
        name: desk.name.clone(),
        phone: desk.phone.clone(),
        hours: desk.schedule.hours.describe(),
        time_zone: desk.time_zone().to_owned(),
        open_now: status.is_open(),
        closes_at,
        next_opening,
        status_text: desk.status_text(now),
    })
}
