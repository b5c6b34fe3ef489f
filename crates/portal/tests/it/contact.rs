//! My account's contact details (issue 15): a new email takes effect only with the code
//! mailed to it (10 minutes, 5 tries, the current password first), a new business phone
//! at once; the owner and the dealership's office managers are told, and it is audited.
//! The code is never stored, logged or answered in clear. Every test runs on SQLite and on
//! PostgreSQL.

use crate::support::app::TestApp;
use crate::support::requests::{PASSWORD, dealerships};
use axum::http::{Method, StatusCode};
use dealer_portal::store::email_changes::CODE_TRIES;
use serde_json::{Value, json};

const NEW_EMAIL: &str = "amy.chen@newmail.example";

async fn start(app: &TestApp, token: &str, email: &str, password: &str) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/me/email",
        Some(token),
        Some(json!({"new_email": email, "current_password": password})),
    )
    .await
}

async fn confirm(app: &TestApp, token: &str, code: &str) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/me/email/confirm",
        Some(token),
        Some(json!({"code": code})),
    )
    .await
}

async fn phone(app: &TestApp, token: &str, phone: Value) -> (StatusCode, Value) {
    app.call(
        Method::PUT,
        "/api/v1/me/phone",
        Some(token),
        Some(json!({"phone": phone})),
    )
    .await
}

/// The latest mail of `kind` to `to`, opened.
async fn mail(app: &TestApp, to: &str, kind: &str) -> Option<String> {
    let mails = app.store.outbox_to(to).await.unwrap();
    mails
        .iter()
        .rev()
        .find(|m| m.kind == kind)
        .map(|m| m.body.clone())
}

fn code_in(body: &str) -> String {
    body.lines()
        .map(str::trim)
        .find(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no code in {body}"))
        .to_owned()
}

fn code_of(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

async fn audit_outcomes(app: &TestApp, event: &str) -> Vec<String> {
    sqlx::query_scalar::<_, String>(
        "SELECT outcome FROM audit_log WHERE event = $1 AND actor = 'amy' ORDER BY id",
    )
    .bind(event)
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

/// The email changes only with the code sent to the new address, after the current
/// password (a wrong one counts toward the lockout); a wrong code changes nothing; the old
/// address and the office manager are told; the code works once.
async fn my_email_changes_only_with_the_code_sent_to_it(app: TestApp) {
    let token = app.token("amy", PASSWORD).await;
    let (status, body) = start(&app, &token, NEW_EMAIL, "not my password").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "wrong_password"),
        "{body}"
    );
    assert_eq!(
        app.user("amy").await.failed_attempts,
        1,
        "counted like a sign-in"
    );
    let (status, body) = start(&app, &token, "not an address", PASSWORD).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "invalid_form"),
        "{body}"
    );
    assert_eq!(body["fields"][0]["field"], "new_email");
    let (status, body) = start(&app, &token, " AMY@example.com ", PASSWORD).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "email_unchanged"),
        "{body}"
    );
    assert!(
        mail(&app, NEW_EMAIL, "email_change_code").await.is_none(),
        "nothing sent yet"
    );

    let (status, body) = start(&app, &token, "Amy.Chen@NewMail.example", PASSWORD).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["email"], NEW_EMAIL);
    assert!(body.get("code").is_none(), "the code goes by mail only");
    let code = code_in(
        &mail(&app, NEW_EMAIL, "email_change_code")
            .await
            .expect("mailed"),
    );
    assert_eq!(
        app.user("amy").await.email,
        "amy@example.com",
        "nothing changed yet"
    );

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = confirm(&app, &token, wrong).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "wrong_code"),
        "{body}"
    );
    assert_eq!(app.user("amy").await.email, "amy@example.com");

    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let (status, me) = confirm(&app, &token, &spaced).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["email"], NEW_EMAIL);
    assert_eq!(app.user("amy").await.email, NEW_EMAIL);
    let told = mail(&app, "amy@example.com", "email_changed")
        .await
        .expect("the old address is told");
    assert!(told.contains(NEW_EMAIL), "{told}");
    let manager = mail(&app, "maria@example.com", "contact_changed")
        .await
        .expect("the office manager is told");
    assert!(
        manager.contains("Amy Chen (user ID amy)") && manager.contains(NEW_EMAIL),
        "{manager}"
    );
    assert!(
        mail(&app, "dana@example.com", "contact_changed")
            .await
            .is_none(),
        "another dealership's manager hears nothing"
    );
    let (status, _) = confirm(&app, &token, &code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the code works once");
    assert_eq!(
        audit_outcomes(&app, "email_change").await,
        [
            "wrong_password",
            "code_sent",
            "wrong_code",
            "success",
            "wrong_code"
        ]
    );
}

/// Five tries per code: after them even the right code does nothing; asking again sends a
/// new code, and the old one no longer works.
async fn a_code_has_five_tries_and_a_new_one_replaces_it(app: TestApp) {
    let token = app.token("amy", PASSWORD).await;
    start(&app, &token, NEW_EMAIL, PASSWORD).await;
    let first = code_in(&mail(&app, NEW_EMAIL, "email_change_code").await.unwrap());
    let wrong = if first == "000000" {
        "111111"
    } else {
        "000000"
    };
    for _ in 0..CODE_TRIES {
        assert_eq!(
            confirm(&app, &token, wrong).await.0,
            StatusCode::BAD_REQUEST
        );
    }
    assert_eq!(
        confirm(&app, &token, &first).await.0,
        StatusCode::BAD_REQUEST,
        "tries used up"
    );
    app.clock.advance(chrono::Duration::seconds(1));
    start(&app, &token, NEW_EMAIL, PASSWORD).await;
    let second = code_in(&mail(&app, NEW_EMAIL, "email_change_code").await.unwrap());
    if second != first {
        assert_eq!(
            confirm(&app, &token, &first).await.0,
            StatusCode::BAD_REQUEST,
            "replaced"
        );
    }
    assert_eq!(confirm(&app, &token, &second).await.0, StatusCode::OK);
    app.clock.advance(chrono::Duration::minutes(11));
    start(&app, &token, "amy.third@example.com", PASSWORD).await;
    let late = code_in(
        &mail(&app, "amy.third@example.com", "email_change_code")
            .await
            .unwrap(),
    );
    app.clock.advance(chrono::Duration::minutes(11));
    assert_eq!(
        confirm(&app, &token, &late).await.0,
        StatusCode::BAD_REQUEST,
        "ten minutes only"
    );
    assert_eq!(app.user("amy").await.email, NEW_EMAIL);
}

/// The business phone changes at once, stored in E.164; a number that is not one is refused
/// on its field; blank removes it. The owner and the office manager are told each time.
async fn my_business_phone_changes_and_the_office_manager_is_told(app: TestApp) {
    let token = app.token("amy", PASSWORD).await;
    let (status, body) = phone(&app, &token, json!("12345")).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "invalid_form"),
        "{body}"
    );
    assert_eq!(body["fields"][0]["field"], "phone");
    let (status, me) = phone(&app, &token, json!("(313) 555-0123 ext. 12")).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["phone"], "+13135550123 x12");
    assert_eq!(
        app.user("amy").await.phone.as_deref(),
        Some("+13135550123 x12")
    );
    let (_, me) = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(me["phone"], "+13135550123 x12", "me shows it");
    assert!(
        mail(&app, "amy@example.com", "phone_changed")
            .await
            .is_some()
    );
    let told = mail(&app, "maria@example.com", "contact_changed")
        .await
        .unwrap();
    assert!(told.contains("+13135550123"), "{told}");
    let (status, me) = phone(&app, &token, json!("  ")).await;
    assert_eq!(
        (status, &me["phone"]),
        (StatusCode::OK, &Value::Null),
        "blank removes it"
    );
    assert_eq!(
        audit_outcomes(&app, "phone_change").await,
        ["success", "success"]
    );
}

/// Only a signed-in person changes their own details: no token or a forged one is 401,
/// and nothing in a body can name someone else (unknown fields are refused).
async fn only_the_signed_in_person_changes_their_own_details(app: TestApp) {
    for (method, path, body) in [
        (
            Method::POST,
            "/api/v1/me/email",
            json!({"new_email": NEW_EMAIL, "current_password": PASSWORD}),
        ),
        (
            Method::POST,
            "/api/v1/me/email/confirm",
            json!({"code": "123456"}),
        ),
        (
            Method::PUT,
            "/api/v1/me/phone",
            json!({"phone": "3135550123"}),
        ),
    ] {
        for token in [None, Some("forged-token")] {
            let (status, reply) = app
                .call(method.clone(), path, token, Some(body.clone()))
                .await;
            assert_eq!(
                (status, code_of(&reply)),
                (StatusCode::UNAUTHORIZED, "unauthenticated"),
                "{method} {path} with {token:?}"
            );
        }
    }
    let token = app.token("amy", PASSWORD).await;
    let (status, body) = app
        .call(
            Method::PUT,
            "/api/v1/me/phone",
            Some(&token),
            Some(json!({"phone": "3135550123", "user_id": "maria"})),
        )
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "{body}"
    );
    assert_eq!(app.user("maria").await.phone, None);
}

/// The code is a secret until used: not in the outbox (sealed), not in `email_changes`
/// (a keyed hash), not in the audit log, not in any answer.
async fn the_code_is_never_kept_in_clear(app: TestApp) {
    let token = app.token("amy", PASSWORD).await;
    let (_, started) = start(&app, &token, NEW_EMAIL, PASSWORD).await;
    let code = code_in(&mail(&app, NEW_EMAIL, "email_change_code").await.unwrap());
    let (_, wrong) = confirm(&app, &token, "999999").await;
    let mut haystack = String::new();
    for table in ["outbox", "email_changes", "audit_log", "users"] {
        haystack.push_str(&app.dump_table(table).await);
    }
    haystack.push_str(&started.to_string());
    haystack.push_str(&wrong.to_string());
    assert!(haystack.contains("email_change"), "the scan saw the rows");
    assert!(
        !haystack.contains(&code),
        "the code {code} is never stored or answered in clear"
    );
}

dealer_testkit::on_both_backends!(
    dealerships;
    my_email_changes_only_with_the_code_sent_to_it,
    a_code_has_five_tries_and_a_new_one_replaces_it,
    my_business_phone_changes_and_the_office_manager_is_told,
    only_the_signed_in_person_changes_their_own_details,
    the_code_is_never_kept_in_clear,
);
