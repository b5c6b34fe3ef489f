//! The help desk card, in-process and over a real socket with dealer-client.

use dealer_api::ErrorCode;
use std::net::SocketAddr;

use crate::support::app::TestApp;
use axum::http::{Method, StatusCode};
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::America::New_York;
use dealer_client::Client;
use dealer_portal::app;

fn eastern(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    New_York
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .to_utc()
}

#[tokio::test]
async fn help_desk_info_says_open_now_until_closing_on_a_weekday_afternoon() {
    let app = TestApp::new().await;
    // Tuesday 1 December 2026, 2 pm Eastern: Tue–Fri hours are 8 am–8 pm.
    app.clock.set(eastern(2026, 12, 1, 14, 0));
    let (status, info) = app
        .call(Method::GET, "/api/v1/help-desk/info", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        info["open_now"], true,
        "2 pm on a Tuesday is inside 8 am–8 pm"
    );
    assert_eq!(info["closes_at"], "2026-12-02T01:00:00Z");
    assert_eq!(info["next_opening"], serde_json::Value::Null);
    assert_eq!(info["status_text"], "Open now until 8 pm ET");
    assert_eq!(
        info["hours"],
        "Mon 8 am–10 pm, Tue–Fri 8 am–8 pm, Sat 9 am–7 pm, Sun noon–5 pm (ET)"
    );
    assert_eq!(info["time_zone"], "America/New_York");
}

#[tokio::test]
async fn help_desk_info_says_when_it_opens_on_a_sunday_evening() {
    let app = TestApp::new().await;
    // Sunday 29 November 2026, 6 pm Eastern: Sunday hours ended at 5 pm.
    app.clock.set(eastern(2026, 11, 29, 18, 0));
    let (_, info) = app
        .call(Method::GET, "/api/v1/help-desk/info", None, None)
        .await;
    assert_eq!(info["open_now"], false);
    assert_eq!(
        info["next_opening"], "2026-11-30T13:00:00Z",
        "Monday opens at 8 am ET"
    );
    assert_eq!(info["status_text"], "Closed; opens tomorrow at 8 am ET");
}

#[tokio::test]
async fn unknown_routes_answer_404_with_a_code() {
    let app = TestApp::new().await;
    let (status, body) = app
        .call(Method::GET, "/api/v1/no-such-thing", None, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["code"],
        ErrorCode::NotFound.as_str(),
        "clients branch on the code, never the text"
    );
}

#[tokio::test]
async fn dealer_client_reads_health_ready_and_help_desk_over_a_real_socket() {
    let test = TestApp::new().await;
    test.clock.set(eastern(2026, 12, 5, 10, 0)); // Saturday 10 am: 9 am–7 pm.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(test.state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let client = Client::new(&format!("http://{addr}")).unwrap();
    assert_eq!(
        client.health().await.expect("the portal is up").status,
        "ok"
    );
    let info = client.help_desk_info().await.unwrap();
    assert!(info.open_now, "Saturday 10 am is inside 9 am–7 pm");
    assert_eq!(info.closes_at, Some(eastern(2026, 12, 5, 19, 0)));
}

/// Issue 18: a client that is refused learns when to ask again. The portal's 429 carries
/// `Retry-After`; dealer-client reads it into `retry_after()` (the soak test's clients wait
/// that long before their next call, so its 429 column counts the limiter, not retries).
#[tokio::test]
async fn dealer_client_reads_retry_after_from_a_refusal() {
    use crate::support::app::generous_limits;
    use dealer_portal::rate_limit::RateLimiter;
    let limits = dealer_portal::rate_limit::Limits {
        public: RateLimiter::new(2, std::time::Duration::from_secs(60)),
        ..generous_limits()
    };
    let test = TestApp::with(dealer_testkit::db::sqlite().await, limits).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(test.state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let client = Client::new(&format!("http://{addr}")).unwrap();
    let mut refused = None;
    for _ in 0..4 {
        if let Err(err) = client.dealer_name("01234").await
            && err.code() == ErrorCode::RateLimited
        {
            refused = Some(err);
            break;
        }
    }
    let err = refused.expect("the third public call in a minute is refused");
    let wait = err.retry_after().expect("a 429 says when to try again");
    assert!(
        (1..=60).contains(&wait.as_secs()),
        "within the limiter's window of 60 s: {wait:?}"
    );
    assert!(
        Client::new(&format!("http://{addr}"))
            .unwrap()
            .health()
            .await
            .is_ok(),
        "the health check is not on the public budget"
    );
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
        ErrorCode::Unreachable,
        "the app shows a retry banner on this code"
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_sign_in_outcomes() {
    let test = TestApp::new().await;
    test.sign_in("nobody", "a password of some length").await;
    test.call(Method::GET, "/api/v1/help-desk/info", None, None)
        .await;
    let response = tower::ServiceExt::oneshot(
        app(test.state.clone()),
        axum::http::Request::get("/metrics")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        text.contains(
            r#"dealer_http_requests_total{method="POST",route="/api/v1/sessions",status="401"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains(
        r#"dealer_security_events_total{event="sign_in",outcome="invalid_credentials"} 1"#
    ));
    assert!(!text.contains("nobody"), "no user ID in metrics");
}
