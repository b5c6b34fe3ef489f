//! My account: changing my password and my security questions, and the question
//! catalogue, over the real router and a real SQLite store.

use crate::support::app::TestApp;
use axum::http::{Method, StatusCode};
use dealer_api::AuditDetail;
use dealer_api::AuditEvent;
use dealer_api::ErrorCode;
use dealer_core::access::AccessRole;
use dealer_core::lockout::AttemptKind;
use dealer_core::questions::{QuestionId, catalogue};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "velvet tractor mango whisper";

async fn app_with_pat() -> TestApp {
    let app = TestApp::new().await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    app
}

async fn change_password(
    app: &TestApp,
    token: &str,
    current: &str,
    new: &str,
) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/me/password",
        Some(token),
        Some(json!({ "current_password": current, "new_password": new })),
    )
    .await
}

fn questions_body(current: &str, items: [(&str, &str); 3]) -> Value {
    let qa = |(question, answer): (&str, &str)| json!({ "question": question, "answer": answer });
    json!({
        "current_password": current,
        "challenge": [qa(items[0]), qa(items[1])],
        "secret": qa(items[2]),
    })
}

async fn set_questions(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    app.call(Method::PUT, "/api/v1/me/questions", Some(token), Some(body))
        .await
}

const GOOD_QUESTIONS: [(&str, &str); 3] = [
    ("first_concert", "The Rolling Stones"),
    ("oldest_cousin", "Margarethe"),
    ("childhood_street", "Elm Street"),
];

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = app_with_pat().await;
    let here = app.token("pat", PASSWORD).await;
    let elsewhere = app.token("pat", PASSWORD).await;

    let (status, body) =
        change_password(&app, &here, "not the password at all", NEW_PASSWORD).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some(ErrorCode::WrongPassword.as_str())
        ),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("4 more failed attempts"),
        "{body}"
    );
    assert_eq!(
        app.user("pat").await.failed_attempts,
        1,
        "counted like a sign-in"
    );

    assert_eq!(
        change_password(&app, &here, PASSWORD, NEW_PASSWORD).await,
        (StatusCode::NO_CONTENT, Value::Null)
    );
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&here), None)
            .await
            .0,
        StatusCode::OK,
        "the session that changed the password goes on"
    );
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&elsewhere), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "every other session ends"
    );
    assert_eq!(
        app.sign_in("pat", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED,
        "the old password is gone"
    );
    app.token("pat", NEW_PASSWORD).await;
    assert_eq!(app.user("pat").await.failed_attempts, 0);

    let mails = app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(
        mails.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(),
        ["password_changed"]
    );
    let log = app.store.audit_log(Some("01234"), None, 50).await.unwrap();
    let outcomes: Vec<&str> = log
        .iter()
        .rev()
        .filter(|r| r.event == AuditEvent::PasswordChange)
        .map(|r| r.outcome.as_str())
        .collect();
    assert_eq!(outcomes, ["wrong_password", "success"]);
}

#[tokio::test]
async fn five_wrong_current_passwords_lock_like_sign_in() {
    let app = app_with_pat().await;
    let token = app.token("pat", PASSWORD).await;
    for _ in 0..4 {
        let (status, _) =
            change_password(&app, &token, "not the password at all", NEW_PASSWORD).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    let (status, body) =
        change_password(&app, &token, "not the password at all", NEW_PASSWORD).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some(ErrorCode::Locked.as_str())),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("1-800-555-0142"),
        "says how to reach the help desk: {body}"
    );
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "a lock ends the sessions"
    );
    let mails = app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(
        mails.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(),
        ["account_locked"]
    );
    let log = app.store.audit_log(Some("01234"), None, 50).await.unwrap();
    let locks: Vec<_> = log
        .iter()
        .filter(|r| r.event == AuditEvent::AccountLocked)
        .collect();
    assert_eq!(locks.len(), 1);
    assert_eq!(
        locks[0].detail.as_ref(),
        Some(&AuditDetail::FailedAttempts {
            failures: 5,
            attempt_kind: AttemptKind::Password
        })
    );
    assert_eq!(
        app.sign_in("pat", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_weak_new_password_is_rejected_with_a_reason() {
    let app = app_with_pat().await;
    let token = app.token("pat", PASSWORD).await;
    for (weak, says) in [
        ("short one", "too short"),
        ("Lakeside Motors 01234", "dealership name"),
        ("patlee patlee patlee", "your name"),
        ("passwordpassword", "too easy to guess"),
    ] {
        let (status, body) = change_password(&app, &token, PASSWORD, weak).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (
                StatusCode::BAD_REQUEST,
                Some(ErrorCode::WeakPassword.as_str())
            ),
            "{weak}: {body}"
        );
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(says), "{weak}: {message}");
    }
    let (status, body) = change_password(&app, &token, PASSWORD, PASSWORD).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some(ErrorCode::PasswordUnchanged.as_str())
        )
    );
    app.token("pat", PASSWORD).await;
    assert_eq!(
        app.user("pat").await.failed_attempts,
        0,
        "refusals are not failures"
    );
}

#[tokio::test]
async fn a_temporary_password_must_be_changed_before_anything_else() {
    let app = app_with_pat().await;
    let pat = app.user("pat").await;
    let phc = app
        .state
        .hasher()
        .hash("Temporary 12345 xyz")
        .await
        .unwrap();
    let mut conn = app.store.pool().acquire().await.unwrap();
    app.store
        .set_password_hash(
            &mut conn,
            pat.pk,
            &phc,
            Some(app.clock_now() + chrono::Duration::hours(24)),
        )
        .await
        .unwrap();
    drop(conn);
    let token = app.token("pat", "Temporary 12345 xyz").await;
    let (status, body) = set_questions(
        &app,
        &token,
        questions_body("Temporary 12345 xyz", GOOD_QUESTIONS),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::FORBIDDEN,
            Some(ErrorCode::PasswordChangeRequired.as_str())
        )
    );
    assert_eq!(
        change_password(&app, &token, "Temporary 12345 xyz", NEW_PASSWORD)
            .await
            .0,
        StatusCode::NO_CONTENT,
        "a temporary password may be changed"
    );
    let (_, me) = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(me["must_change_password"], false);
    assert_eq!(
        set_questions(&app, &token, questions_body(NEW_PASSWORD, GOOD_QUESTIONS))
            .await
            .0,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn set_questions_replaces_the_questions_a_reset_asks() {
    let app = app_with_pat().await;
    let token = app.token("pat", PASSWORD).await;
    assert_eq!(
        set_questions(&app, &token, questions_body(PASSWORD, GOOD_QUESTIONS)).await,
        (StatusCode::NO_CONTENT, Value::Null)
    );
    let (_, reset) = app
        .call(
            Method::POST,
            "/api/v1/password-resets",
            None,
            Some(json!({"user_id": "pat"})),
        )
        .await;
    assert_eq!(reset["questions"][0]["id"], "first_concert");
    assert_eq!(reset["questions"][1]["id"], "oldest_cousin");
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/password-resets/answers",
            None,
            Some(json!({"user_id": "pat", "answers": ["the rolling  STONES", "MARGARETHE"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "normalized answers match: {body}");
    let stored = app
        .store
        .questions_of(app.user("pat").await.pk)
        .await
        .unwrap();
    assert_eq!(
        stored
            .iter()
            .map(|(slot, id, _)| (*slot, id.as_str()))
            .collect::<Vec<_>>(),
        [
            (1, "first_concert"),
            (2, "oldest_cousin"),
            (3, "childhood_street")
        ]
    );
    assert!(
        stored
            .iter()
            .all(|(_, _, phc)| phc.starts_with("$argon2id$")),
        "answers are stored only as argon2id hashes"
    );
    let mails = app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(
        mails.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(),
        ["questions_changed"]
    );
}

#[tokio::test]
async fn set_questions_rejects_duplicates_unknown_questions_short_answers_and_a_wrong_password() {
    let app = app_with_pat().await;
    let token = app.token("pat", PASSWORD).await;
    let before = app
        .store
        .questions_of(app.user("pat").await.pk)
        .await
        .unwrap();
    let cases = [
        (
            questions_body(
                PASSWORD,
                [
                    ("first_concert", "abc def"),
                    ("first_concert", "ghi jkl"),
                    ("first_album", "mno"),
                ],
            ),
            ErrorCode::DuplicateQuestions,
            "two different challenge questions",
        ),
        (
            questions_body(
                PASSWORD,
                [
                    ("first_concert", "abc def"),
                    ("first_album", "ghi jkl"),
                    ("first_album", "mno"),
                ],
            ),
            ErrorCode::DuplicateQuestions,
            "different from both challenge questions",
        ),
        (
            questions_body(
                PASSWORD,
                [
                    ("favorite_color", "abc def"),
                    ("first_album", "ghi jkl"),
                    ("first_pet_name", "mno"),
                ],
            ),
            ErrorCode::BadRequest,
            "favorite_color",
        ),
        (
            questions_body(
                PASSWORD,
                [
                    ("first_concert", "  a "),
                    ("first_album", "ghi jkl"),
                    ("first_pet_name", "mno"),
                ],
            ),
            ErrorCode::AnswerTooShort,
            "first concert",
        ),
        (
            questions_body("not the password at all", GOOD_QUESTIONS),
            ErrorCode::WrongPassword,
            "not right",
        ),
    ];
    for (body, code, says) in cases {
        let (status, reply) = set_questions(&app, &token, body).await;
        assert_eq!(
            (status, reply["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some(code.as_str())),
            "{reply}"
        );
        let message = reply["message"].as_str().unwrap();
        assert!(message.contains(says), "{code}: {message}");
    }
    assert_eq!(
        app.store
            .questions_of(app.user("pat").await.pk)
            .await
            .unwrap(),
        before,
        "nothing changed"
    );
    assert_eq!(
        app.user("pat").await.failed_attempts,
        1,
        "only the wrong password counts toward the lockout"
    );
}

#[tokio::test]
async fn the_question_catalogue_is_public_and_complete() {
    let app = TestApp::new().await;
    let (status, body) = app
        .call(Method::GET, "/api/v1/questions/catalogue", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let list = body.as_array().unwrap();
    assert_eq!(list.len(), catalogue().len());
    for (item, question) in list.iter().zip(catalogue()) {
        assert_eq!(item["id"], question.id().key());
        assert_eq!(item["text"], question.text());
    }
    assert_eq!(list[0]["id"], QuestionId::FirstCarModel.key());
}

#[tokio::test]
async fn anonymous_callers_get_401_on_my_account_routes() {
    let app = app_with_pat().await;
    for (method, path, body) in [
        (
            Method::POST,
            "/api/v1/me/password",
            json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        ),
        (
            Method::PUT,
            "/api/v1/me/questions",
            questions_body(PASSWORD, GOOD_QUESTIONS),
        ),
    ] {
        let (status, reply) = app
            .call(method.clone(), path, None, Some(body.clone()))
            .await;
        assert_eq!(
            (status, reply["code"].as_str()),
            (
                StatusCode::UNAUTHORIZED,
                Some(ErrorCode::Unauthenticated.as_str())
            ),
            "{method} {path}"
        );
        let (status, _) = app
            .call(method.clone(), path, Some("not-a-real-token"), Some(body))
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{method} {path} with a forged token"
        );
    }
    for (path, body) in [
        ("/api/v1/password-resets", json!({"user_id": "pat"})),
        (
            "/api/v1/password-resets/answers",
            json!({"user_id": "pat", "answers": ["abc", "def"]}),
        ),
        (
            "/api/v1/password-resets/complete",
            json!({"reset_token": "abc", "new_password": NEW_PASSWORD}),
        ),
    ] {
        let (status, _) = app.call(Method::POST, path, None, Some(body)).await;
        assert_ne!(status, StatusCode::UNAUTHORIZED, "{path} is public");
    }
    let (status, _) = app
        .call(Method::GET, "/api/v1/questions/catalogue", None, None)
        .await;
    assert_eq!(status, StatusCode::OK, "the catalogue is public");
}

#[tokio::test]
async fn every_role_manages_its_own_password_and_questions() {
    let app = TestApp::new().await;
    for (user_id, role, pdn) in [
        ("staff.one", AccessRole::Staff, Some("01234")),
        ("manager.one", AccessRole::OfficeManager, Some("01234")),
        ("desk.one", AccessRole::HelpDesk, None),
        ("review.one", AccessRole::Reviewer, None),
    ] {
        app.account(user_id, role, pdn, PASSWORD).await;
        let token = app.token(user_id, PASSWORD).await;
        assert_eq!(
            set_questions(&app, &token, questions_body(PASSWORD, GOOD_QUESTIONS))
                .await
                .0,
            StatusCode::NO_CONTENT,
            "{role:?}"
        );
        assert_eq!(
            change_password(&app, &token, PASSWORD, NEW_PASSWORD)
                .await
                .0,
            StatusCode::NO_CONTENT,
            "{role:?}"
        );
        app.token(user_id, NEW_PASSWORD).await;
    }
}

#[tokio::test]
async fn passwords_and_answers_never_reach_the_audit_log_outbox_store_or_errors() {
    let app = TestApp::new().await;
    let old = "CanaryOldPassword quartz lemur";
    let new = "CanaryNewPassword walrus fjord";
    app.account("pat", AccessRole::Staff, Some("01234"), old)
        .await;
    let token = app.token("pat", old).await;
    let answers = [
        ("first_concert", "Canary Answer Zeppelin"),
        ("first_album", "Canary Answer Marmalade"),
        ("first_pet_name", "Canary Answer Obelisk"),
    ];
    let mut bodies = vec![
        set_questions(&app, &token, questions_body("CanaryWrongPassword", answers))
            .await
            .1,
        set_questions(
            &app,
            &token,
            questions_body(old, [answers[0], answers[0], answers[2]]),
        )
        .await
        .1,
        set_questions(&app, &token, questions_body(old, answers))
            .await
            .1,
        change_password(&app, &token, "CanaryWrongPassword", new)
            .await
            .1,
        change_password(&app, &token, old, "CanaryWeak").await.1,
        change_password(&app, &token, old, new).await.1,
    ];
    for _ in 0..5 {
        bodies.push(
            change_password(&app, &token, "CanaryWrongPassword", new)
                .await
                .1,
        );
    }
    assert!(app.user("pat").await.is_locked(), "the lock path ran too");

    let mut haystack = String::new();
    for table in ["audit_log", "outbox", "user_questions", "users", "sessions"] {
        haystack.push_str(&app.dump_table(table).await);
    }
    for body in &bodies {
        haystack.push_str(&body.to_string());
    }
    let haystack = haystack.to_lowercase();
    assert!(
        haystack.contains("questions_change"),
        "the scan saw the audit rows"
    );
    for secret in [
        "canaryoldpassword",
        "canarynewpassword",
        "canarywrongpassword",
        "canaryweak",
        "canary answer",
    ] {
        assert!(
            !haystack.contains(secret),
            "{secret:?} must never be stored, logged, mailed or sent back"
        );
    }
}

/// Change password and questions on `store`: the account SQL must hold on both backends.
async fn account_journey(store: dealer_testkit::db::TestStore) {
    let app = TestApp::with(store, crate::support::app::generous_limits()).await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    let here = app.token("pat", PASSWORD).await;
    let elsewhere = app.token("pat", PASSWORD).await;
    change_password(&app, &here, "not the password at all", NEW_PASSWORD).await;
    assert_eq!(app.user("pat").await.failed_attempts, 1);
    assert_eq!(
        change_password(&app, &here, PASSWORD, NEW_PASSWORD).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.user("pat").await.failed_attempts, 0);
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&elsewhere), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        set_questions(&app, &here, questions_body(NEW_PASSWORD, GOOD_QUESTIONS))
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    app.token("pat", NEW_PASSWORD).await;
}

#[tokio::test]
async fn account_journey_on_sqlite() {
    account_journey(dealer_testkit::db::sqlite().await).await;
}

#[tokio::test]
#[ignore = "needs DEALER_TEST_POSTGRES_URL; run with --ignored"]
async fn account_journey_on_postgres() {
    account_journey(dealer_testkit::db::postgres().await).await;
}

/// Every form shows the length rule before anyone types: the portal says what it asks, the
/// default or what its operator configured, to anyone (registration and the reset are
/// signed out), and refuses a password one character short of it.
#[tokio::test]
async fn the_password_rules_are_public_and_say_the_configured_length() {
    let app = TestApp::new().await;
    let (status, body) = app
        .call(Method::GET, "/api/v1/password-rules", None, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "min_chars": 15, "max_chars": 256 }));

    let app = TestApp::with_settings(dealer_portal::state::Settings {
        password: dealer_core::password::PasswordPolicy::new(20).unwrap(),
        ..crate::support::app::test_settings()
    })
    .await;
    let (_, body) = app
        .call(Method::GET, "/api/v1/password-rules", None, None)
        .await;
    assert_eq!(
        body["min_chars"], 20,
        "the operator's minimum, not the default"
    );
    app.account(
        "pat",
        AccessRole::Staff,
        Some("01234"),
        "an old and long enough pass",
    )
    .await;
    let pat = app.token("pat", "an old and long enough pass").await;
    let (status, body) = change_password(
        &app,
        &pat,
        "an old and long enough pass",
        "violet ferry 19388!",
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some(ErrorCode::WeakPassword.as_str())
        ),
        "19 characters are one short of what the rules said: {body}"
    );
}
