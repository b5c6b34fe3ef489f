//! The help desk card, in-process and over a real socket with dealer-client.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::America::New_York;
use dealer_client::Client;
use dealer_client::wire::{ErrorBody, HelpDeskInfo};
use dealer_portal::clock::ManualClock;
use dealer_portal::config::HelpDeskConfig;
use dealer_portal::{AppState, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn eastern(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    New_York
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .to_utc()
}

fn state_at(now: DateTime<Utc>) -> AppState {
    AppState::new(&HelpDeskConfig::default(), Arc::new(ManualClock::new(now)))
}

async fn get_json<T: serde::de::DeserializeOwned>(state: AppState, path: &str) -> (StatusCode, T) {
    let response = app(state)
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).expect("every answer is JSON"),
    )
}

#[tokio::test]
async fn help_desk_info_says_open_now_until_closing_on_a_weekday_afternoon() {
    // Tuesday 1 December 2026, 2 pm Eastern: Tue–Fri hours are 8 am–8 pm.
    let (status, info): (_, HelpDeskInfo) = get_json(
        state_at(eastern(2026, 12, 1, 14, 0)),
        "/api/v1/help-desk/info",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(info.open_now, "2 pm on a Tuesday is inside 8 am–8 pm");
    assert_eq!(info.closes_at, Some(eastern(2026, 12, 1, 20, 0)));
    assert_eq!(info.next_opening, None);
    assert_eq!(info.status_text, "Open now until 8 pm ET");
    assert_eq!(
        info.hours,
        "Mon 8 am–10 pm, Tue–Fri 8 am–8 pm, Sat 9 am–7 pm, Sun noon–5 pm (ET)"
    );
    assert_eq!(info.time_zone, "America/New_York");
}

#[tokio::test]
async fn help_desk_info_says_when_it_opens_on_a_sunday_evening() {
    // Sunday 29 November 2026, 6 pm Eastern: Sunday hours ended at 5 pm.
    let (_, info): (_, HelpDeskInfo) = get_json(
        state_at(eastern(2026, 11, 29, 18, 0)),
        "/api/v1/help-desk/info",
    )
    .await;
    assert!(!info.open_now);
    assert_eq!(
        info.next_opening,
        Some(eastern(2026, 11, 30, 8, 0)),
        "Monday opens at 8 am"
    );
    assert_eq!(info.status_text, "Closed; opens tomorrow at 8 am ET");
}

#[tokio::test]
async fn unknown_routes_answer_404_with_a_code() {
    let (status, body): (_, ErrorBody) =
        get_json(state_at(Utc::now()), "/api/v1/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body.code, "not_found",
        "clients branch on the code, never the text"
    );
}

#[tokio::test]
async fn dealer_client_reads_health_and_help_desk_over_a_real_socket() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = state_at(eastern(2026, 12, 5, 10, 0)); // Saturday 10 am: 9 am–7 pm.
    tokio::spawn(async move { axum::serve(listener, app(state)).await });

    let client = Client::new(&format!("http://{addr}")).unwrap();
    let health = client.health().await.expect("the portal is up");
    assert_eq!(health.status, "ok");
    let info = client.help_desk_info().await.unwrap();
    assert!(info.open_now, "Saturday 10 am is inside 9 am–7 pm");
    assert_eq!(info.closes_at, Some(eastern(2026, 12, 5, 19, 0)));
}

#[tokio::test]
async fn dealer_client_reports_an_unreachable_portal_by_code() {
    // Bind then drop, so the port is known to be closed.
    let addr = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let client = Client::new(&format!("http://{addr}")).unwrap();
    let err = client.health().await.unwrap_err();
    assert_eq!(
        err.code(),
        "unreachable",
        "the app shows a retry banner on this code"
    );
}
