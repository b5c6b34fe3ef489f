//! An inactive user asks to be reactivated from the sign-in screen (DESIGN.md: the help
//! center tells them to complete the form themselves). The password is the proof, checked
//! as a sign-in checks it; only a right password shows the account's state.

use crate::support::app::{TestApp, generous_limits};
use axum::http::{Method, StatusCode};
use chrono::Duration;
use dealer_api::{AuditEvent, ErrorCode};
use dealer_core::access::AccessRole;
use dealer_testkit::db::TestStore;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";
const WRONG: &str = "definitely not it";

/// Lakeside (01234): maria and olga (office managers), pat and zed (staff); kim of the help
/// desk. Then 61 days pass with only maria and zed signing in: pat, olga and kim are inactive
/// by the clock (no nightly job ran).
async fn lakeside(store: TestStore) -> TestApp {
    let app = TestApp::with(store, generous_limits()).await;
    for (id, name, role, pdn) in [
        (
            "maria",
            ("Maria", "Garcia"),
            AccessRole::OfficeManager,
            Some("01234"),
        ),
        (
            "olga",
            ("Olga", "Berg"),
            AccessRole::OfficeManager,
            Some("01234"),
        ),
        ("pat", ("Pat", "Lee"), AccessRole::Staff, Some("01234")),
        ("zed", ("Zed", "Okafor"), AccessRole::Staff, Some("01234")),
        ("kim", ("Kim", "Nguyen"), AccessRole::HelpDesk, None),
    ] {
        app.named_account(id, name, role, pdn, PASSWORD).await;
    }
    app.clock.advance(Duration::days(59));
    app.token("maria", PASSWORD).await;
    app.token("zed", PASSWORD).await;
    app.clock.advance(Duration::days(2));
    app
}

async fn ask(app: &TestApp, user_id: &str, password: &str) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/reactivations",
        None,
        Some(json!({ "user_id": user_id, "password": password })),
    )
    .await
}

fn code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

async fn an_inactive_user_files_their_own_reactivation_and_the_managers_are_told(app: TestApp) {
    let (status, body) = app.sign_in("pat", PASSWORD).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::FORBIDDEN, ErrorCode::Inactive.as_str()),
        "the sign-in says inactive after the right password: {body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Ask to be reactivated"),
        "and offers this way back: {body}"
    );

    let (status, body) = ask(&app, "PAT", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        body["office_managers"],
        json!(["Maria Garcia", "Olga Berg"]),
        "both office managers are told"
    );
    let id = body["request_id"].as_i64().unwrap();

    // The request is like any other: in the manager's list and the reviewers' queue.
    let maria = app.token("maria", PASSWORD).await;
    let (_, page) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/requests?user_id=pat",
            Some(&maria),
            None,
        )
        .await;
    let request = &page["requests"][0];
    assert_eq!(request["id"], id);
    assert_eq!(request["kind"], "reactivation");
    assert_eq!(request["state"], "submitted");
    assert_eq!(
        request["submitted_by"], "pat",
        "filed by the person themselves, so the decisions are mailed to them"
    );
    assert_eq!(request["due_at"], body["due_at"]);

    let told = app.store.outbox_to("maria@example.com").await.unwrap();
    assert!(
        told.iter()
            .any(|m| m.kind == "reactivation_asked"
                && m.body.contains(&format!("Request number: {id}"))),
        "the office manager is told, with the request number: {told:?}"
    );
    let receipt = app.store.outbox_to("pat@example.com").await.unwrap();
    assert!(
        receipt.iter().any(|m| m.kind == "reactivation_received"),
        "the person gets a receipt: {receipt:?}"
    );
    let log = app.store.audit_log(Some("01234"), None, 20).await.unwrap();
    assert!(
        log.iter().any(|r| r.event == AuditEvent::RequestSubmitted
            && r.actor.as_deref() == Some("pat")
            && r.target.as_deref() == Some("pat")),
        "filing is audited as the person's own"
    );

    let (status, body) = ask(&app, "pat", PASSWORD).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::CONFLICT, ErrorCode::Conflict.as_str()),
        "one open reactivation at a time"
    );
    assert!(
        body["message"].as_str().unwrap().contains(&id.to_string()),
        "and it names the open one: {body}"
    );
    let (_, page) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/requests?user_id=pat",
            Some(&maria),
            None,
        )
        .await;
    assert_eq!(page["total"], 1, "nothing filed twice");
}

async fn an_inactive_office_manager_gets_back_the_same_way(app: TestApp) {
    let (status, body) = ask(&app, "olga", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        body["office_managers"],
        json!(["Maria Garcia"]),
        "the other office manager is told, never herself"
    );
}

async fn a_wrong_password_or_a_lock_tells_nothing_and_files_nothing(app: TestApp) {
    let (status, wrong) = ask(&app, "pat", WRONG).await;
    let (_, unknown) = ask(&app, "nobody", WRONG).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong, unknown,
        "a wrong password and an unknown user ID answer the same"
    );
    assert_eq!(code(&wrong), ErrorCode::InvalidCredentials.as_str());
    assert_eq!(
        app.user("pat").await.failed_attempts,
        1,
        "a wrong password counts toward the lockout as at sign-in"
    );
    for _ in 0..4 {
        ask(&app, "pat", WRONG).await;
    }
    assert!(app.user("pat").await.is_locked(), "5 wrong passwords lock");
    let (status, body) = ask(&app, "pat", PASSWORD).await;
    assert_eq!(
        (status, body),
        (StatusCode::UNAUTHORIZED, wrong),
        "a locked account never shows that the password was right"
    );
    let maria = app.token("maria", PASSWORD).await;
    let (_, page) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/requests",
            Some(&maria),
            None,
        )
        .await;
    assert_eq!(page["total"], 0, "nothing was filed");
}

async fn an_active_user_or_the_providers_own_files_nothing(app: TestApp) {
    let (status, body) = ask(&app, "zed", PASSWORD).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::CONFLICT, ErrorCode::Conflict.as_str()),
        "zed signed in two days ago: {body}"
    );
    let (status, body) = ask(&app, "kim", PASSWORD).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::CONFLICT, ErrorCode::Conflict.as_str()),
        "the provider's own people are not subject to the clock, and have no dealership to file with: {body}"
    );
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/reactivations",
            None,
            Some(json!({ "user_id": "pat", "password": PASSWORD, "pdn": "01234" })),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, ErrorCode::BadRequest.as_str()),
        "unknown fields are refused"
    );
}

dealer_testkit::on_both_backends!(
    lakeside;
    an_inactive_user_files_their_own_reactivation_and_the_managers_are_told,
    an_inactive_office_manager_gets_back_the_same_way,
    a_wrong_password_or_a_lock_tells_nothing_and_files_nothing,
    an_active_user_or_the_providers_own_files_nothing,
);
