//! Mail that cannot go out stays queued and visible to the provider's staff.

use crate::support::app::TestApp;
use axum::http::{Method, StatusCode};
use dealer_api::ErrorCode;
use dealer_core::access::AccessRole;

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn with_no_smtp_mail_stays_queued_and_provider_staff_see_it_without_bodies() {
    let app = TestApp::new().await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    app.account("reviewer.sam", AccessRole::Reviewer, None, PASSWORD)
        .await;
    app.account("helpdesk.kim", AccessRole::HelpDesk, None, PASSWORD)
        .await;
    app.account("mgr", AccessRole::OfficeManager, Some("01234"), PASSWORD)
        .await;
    for _ in 0..5 {
        app.sign_in("pat", "wrong guess number one").await;
    }
    for who in ["reviewer.sam", "helpdesk.kim"] {
        let token = app.token(who, PASSWORD).await;
        let (status, list) = app
            .call(
                Method::GET,
                "/api/v1/outbox?state=queued",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{who}: {list}");
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 1, "the lock email waits: never lost");
        assert_eq!(list[0]["kind"], "account_locked");
        assert_eq!(list[0]["state"], "queued");
        assert!(
            list[0].get("body").is_none(),
            "bodies may carry single-use codes: never shown"
        );
    }
    let token = app.token("helpdesk.kim", PASSWORD).await;
    let (_, sent) = app
        .call(Method::GET, "/api/v1/outbox?state=sent", Some(&token), None)
        .await;
    assert_eq!(sent.as_array().unwrap().len(), 0);
    let (status, body) = app
        .call(Method::GET, "/api/v1/outbox?state=lost", Some(&token), None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some(ErrorCode::BadRequest.as_str())
        )
    );
    let (status, _) = app
        .call(Method::GET, "/api/v1/outbox?limit=0", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let manager = app.token("mgr", PASSWORD).await;
    let (status, _) = app
        .call(Method::GET, "/api/v1/outbox", Some(&manager), None)
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "dealership roles never see the provider's outbox"
    );
}
