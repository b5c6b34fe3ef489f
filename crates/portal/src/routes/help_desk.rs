//! The help desk's public card: how to reach it, and whether it is open right now.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use dealer_client::wire::HelpDeskInfo;
use dealer_core::schedule::{EASTERN, HelpDeskStatus};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/help-desk/info", get(info))
}

/// `GET /api/v1/help-desk/info`. Public: people who cannot sign in need it most.
async fn info(State(state): State<AppState>) -> Json<HelpDeskInfo> {
    let now = state.now();
    let desk = state.help_desk();
    let status = desk.schedule.status(now);
    let (closes_at, next_opening) = match status {
        HelpDeskStatus::Open { closes_at } => (Some(closes_at), None),
        HelpDeskStatus::Closed { next_opening } => (None, next_opening),
    };
    let mut status_text = status.describe(now);
    if let Some(first) = status_text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    Json(HelpDeskInfo {
        name: desk.name.clone(),
        phone: desk.phone.clone(),
        hours: desk.schedule.hours.describe(),
        time_zone: EASTERN.name().to_owned(),
        open_now: status.is_open(),
        closes_at,
        next_opening,
        status_text,
    })
}
