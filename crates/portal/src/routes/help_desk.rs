//! The help desk's public card: how to reach it, and whether it is open right now.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use dealer_client::wire::HelpDeskInfo;
use dealer_core::schedule::HelpDeskStatus;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/help-desk/info", get(info))
}

/// `GET /api/v1/help-desk/info`. Public: people who cannot sign in need it most.
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
