//! Registration reveals no user IDs to strangers (issue 14): a registrant proves their
//! email with a 6-digit code by mail (10 minutes, 5 tries) before the portal says whether
//! a user ID is free, and then only a limited number of times. Every failure of a code
//! reads the same. On SQLite and PostgreSQL.

use std::time::Duration as StdDuration;

use crate::support::app::TestApp;
use crate::support::requests::{PASSWORD, dealerships, registration};
use axum::http::StatusCode;
use chrono::Duration;
use dealer_api::ErrorCode;
use dealer_core::access::AccessRole;
use dealer_portal::rate_limit::{Limits, RateLimiter};
use dealer_portal::store::email_codes::{CHECKS_PER_PROOF, CODE_TRIES};
use dealer_testkit::db::TestStore;
use serde_json::{Value, json};

const EMAIL: &str = "jrivera@lakeside.example";

fn code_of(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

async fn without_a_proven_email_nobody_learns_whether_a_user_id_exists(app: TestApp) {
    // A taken ID (zed) and a free one, registered and checked without a proof, with a token
    // whose code was never confirmed, and with a made-up token: one answer for all.
    let (_, sent) = app.send_email_code("01234", EMAIL).await;
    let unconfirmed = sent["token"].as_str().unwrap().to_owned();
    let mut answers = Vec::new();
    for proof in [None, Some(unconfirmed.as_str()), Some("made-up-token")] {
        for user_id in ["zed", "brand.new"] {
            let mut form = registration(user_id);
            form["email"] = json!(EMAIL);
            answers.push(app.register_with(proof, form).await);
            answers.push(app.check_user_id(proof, user_id).await);
        }
    }
    for (status, body) in &answers {
        assert_eq!(
            *status,
            StatusCode::BAD_REQUEST,
            "refused without a proof: {body}"
        );
        assert_eq!(
            code_of(body),
            ErrorCode::EmailNotConfirmed.as_str(),
            "{body}"
        );
    }
    let first = &answers[0].1;
    assert!(
        answers.iter().all(|(_, body)| body == first),
        "taken or free, registered or checked: the same words, so nothing tells them apart: \
         {answers:?}"
    );
    assert!(!first.to_string().contains("zed"), "{first}");
    assert_eq!(
        app.store.user_count().await.unwrap(),
        8,
        "nothing was created"
    );
}

async fn a_mailed_code_proves_the_email_then_user_ids_can_be_checked_and_registered(app: TestApp) {
    let (status, sent) = app.send_email_code("01234", EMAIL).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    let token = sent["token"].as_str().unwrap().to_owned();
    assert!(token.len() >= 64, "the token is a long random secret");
    let code = app.mailed_email_code(EMAIL).await;
    let dump = app.dump_table("outbox").await + &app.dump_table("email_verifications").await;
    assert!(
        !dump.contains(&code) && !dump.contains(&token),
        "neither the code nor its token is kept in clear while the mail waits"
    );

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = app.confirm_email_code(&token, wrong).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "wrong_code")
    );
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let (status, body) = app.confirm_email_code(&token, &spaced).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the right code, however spaced: {body}"
    );
    assert_eq!(body["email"], EMAIL);

    let (status, zed) = app.check_user_id(Some(&token), "zed").await;
    assert_eq!(status, StatusCode::OK, "{zed}");
    assert_eq!(zed["available"], false);
    assert_eq!(
        zed["suggestions"],
        json!(["jrivera", "jo.rivera", "zed2"]),
        "free IDs from the name and the one asked for"
    );
    let (_, free) = app.check_user_id(Some(&token), "jrivera").await;
    assert_eq!(free["available"], true);
    assert_eq!(free["suggestions"], json!([]));
    assert_eq!(free["checks_left"], CHECKS_PER_PROOF - 2);

    let mut elsewhere = registration("jrivera");
    elsewhere["email"] = json!("someone.else@lakeside.example");
    let (status, body) = app.register_with(Some(&token), elsewhere).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "email_not_confirmed"),
        "a proof is for its own address only: {body}"
    );
    let mut other_dealer = registration("jrivera");
    other_dealer["pdn"] = json!("56789");
    let (_, body) = app.register_with(Some(&token), other_dealer).await;
    assert_eq!(
        code_of(&body),
        "email_not_confirmed",
        "and its own dealership"
    );

    let mut form = registration("jrivera");
    form["email"] = json!("  JRivera@Lakeside.Example ");
    let (status, receipt) = app.register_with(Some(&token), form).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the address, however capitalised: {receipt}"
    );
    let mut second = registration("jrivera2");
    second["email"] = json!(EMAIL);
    let (status, body) = app.register_with(Some(&token), second).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "email_not_confirmed"),
        "a proof registers once"
    );
}

async fn five_tries_end_a_code_and_every_failure_reads_the_same(app: TestApp) {
    let (_, sent) = app.send_email_code("01234", EMAIL).await;
    let token = sent["token"].as_str().unwrap().to_owned();
    let code = app.mailed_email_code(EMAIL).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let mut failures = Vec::new();
    for _ in 0..CODE_TRIES {
        failures.push(app.confirm_email_code(&token, wrong).await);
    }
    failures.push(app.confirm_email_code(&token, &code).await);
    failures.push(app.confirm_email_code("no-such-token", &code).await);

    let (_, later) = app.send_email_code("01234", EMAIL).await;
    let later_token = later["token"].as_str().unwrap().to_owned();
    let later_code = app.mailed_email_code(EMAIL).await;
    app.clock.advance(Duration::minutes(11));
    failures.push(app.confirm_email_code(&later_token, &later_code).await);

    let first = &failures[0];
    assert_eq!(first.0, StatusCode::BAD_REQUEST);
    assert_eq!(code_of(&first.1), ErrorCode::WrongCode.as_str());
    assert!(
        failures.iter().all(|f| f == first),
        "wrong, used up after five tries, unknown or expired: one answer: {failures:?}"
    );
}

async fn racing_tries_never_exceed_five(app: TestApp) {
    let (_, sent) = app.send_email_code("01234", EMAIL).await;
    let token = sent["token"].as_str().unwrap().to_owned();
    let code = app.mailed_email_code(EMAIL).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let app = std::sync::Arc::new(app);
    let tries: Vec<_> = (0..20)
        .map(|_| {
            let (app, token) = (std::sync::Arc::clone(&app), token.clone());
            tokio::spawn(async move { app.confirm_email_code(&token, wrong).await })
        })
        .collect();
    for task in tries {
        assert_eq!(task.await.unwrap().0, StatusCode::BAD_REQUEST);
    }
    let (status, body) = app.confirm_email_code(&token, &code).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "wrong_code"),
        "twenty racing wrong tries used up all five; the right code no longer works"
    );
    let attempts: i64 =
        sqlx::query_scalar("SELECT CAST(MAX(attempts) AS BIGINT) FROM email_verifications")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(
        attempts, CODE_TRIES,
        "the count stops at the limit, in one statement"
    );
}

async fn a_proof_checks_a_limited_number_of_user_ids_and_a_taken_registration_counts(app: TestApp) {
    let token = app.prove_email("01234", EMAIL).await;
    for n in 0..CHECKS_PER_PROOF - 1 {
        let (status, body) = app.check_user_id(Some(&token), &format!("probe{n}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let mut taken = registration("zed");
    taken["email"] = json!(EMAIL);
    let (status, body) = app.register_with(Some(&token), taken).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "user_id_taken"),
        "{body}"
    );
    let (status, body) = app.check_user_id(Some(&token), "one.more").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "email_not_confirmed"),
        "the registration that found its ID taken spent the last check: {body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("new code"),
        "{body}"
    );
    let mut again = registration("amy");
    again["email"] = json!(EMAIL);
    let (_, body) = app.register_with(Some(&token), again).await;
    assert_eq!(
        code_of(&body),
        "email_not_confirmed",
        "nor can registering go on probing once the checks are spent: {body}"
    );
}

dealer_testkit::on_both_backends!(
    dealerships;
    without_a_proven_email_nobody_learns_whether_a_user_id_exists,
    a_mailed_code_proves_the_email_then_user_ids_can_be_checked_and_registered,
    five_tries_end_a_code_and_every_failure_reads_the_same,
    racing_tries_never_exceed_five,
    a_proof_checks_a_limited_number_of_user_ids_and_a_taken_registration_counts,
);

/// The real per-email limits, with the per-address budget out of the way.
async fn limited(store: TestStore) -> TestApp {
    let limits = Limits {
        public: RateLimiter::new(10_000, StdDuration::from_secs(60)),
        ..Limits::default()
    };
    let app = TestApp::with(store, limits).await;
    app.named_account(
        "zed",
        ("Zed", "Okafor"),
        AccessRole::Staff,
        Some("01234"),
        PASSWORD,
    )
    .await;
    app
}

#[tokio::test]
async fn codes_to_one_address_and_checks_by_one_address_are_limited() {
    let app = limited(dealer_testkit::db::sqlite().await).await;
    for _ in 0..3 {
        let (status, body) = app.send_email_code("01234", EMAIL).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    }
    let (status, body) = app
        .send_email_code("01234", " JRIVERA@lakeside.example")
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        "three codes to one mailbox in half an hour, however the address is written: {body}"
    );
    let (status, _) = app
        .send_email_code("01234", "someone.else@lakeside.example")
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "another address has its own");

    let (status, sent) = app.send_email_code("01234", "third@lakeside.example").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let token = app.confirm_sent("third@lakeside.example", &sent).await;
    for n in 0..10 {
        let (status, body) = app.check_user_id(Some(&token), &format!("try{n}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = app.check_user_id(Some(&token), "zed").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        "ten user IDs in ten minutes per proven address: {body}"
    );
}

#[tokio::test]
async fn a_portal_that_sends_no_mail_takes_no_codes_and_says_why() {
    let app = limited(dealer_testkit::db::sqlite().await).await;
    app.state.set_mail_ready(false);
    let req = axum::http::Request::post("/api/v1/registrations/email-codes")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            json!({"pdn": "01234", "email": EMAIL}).to_string(),
        ))
        .unwrap();
    let (status, body) = app.raw(req).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::SERVICE_UNAVAILABLE, "mail_unavailable"),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Ask your office manager"),
        "{body}"
    );
    assert!(
        app.store.outbox_to(EMAIL).await.unwrap().is_empty(),
        "no code waits for mail that never goes"
    );
}

#[tokio::test]
async fn a_proof_lasts_an_hour() {
    let app = dealerships(dealer_testkit::db::sqlite().await).await;
    let token = app.prove_email("01234", EMAIL).await;
    app.clock.advance(Duration::minutes(61));
    let (status, body) = app
        .register_with(Some(&token), registration("jrivera"))
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "email_not_confirmed"),
        "{body}"
    );
}
