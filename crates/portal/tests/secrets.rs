//! The secrets canary sweep: one person goes through every path that handles a secret —
//! sign-in (right and wrong), setting questions, the online reset, a lock, the help desk's
//! verification and unlock, the forced password change — with recognizable canary
//! passwords, answers and tokens. Then everything the portal left behind is searched for
//! them: every log line at TRACE level, every error body, every table of the database and
//! the raw bytes of the SQLite files (database, WAL). Only the one response meant to carry
//! a secret (a token, a reset token, the temporary password) may contain it.

#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use dealer_core::access::AccessRole;
use serde_json::{Value, json};
use support::app::TestApp;

/// Every log line of this test binary, at every level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const P1: &str = "Canary-Pw-One velvet trombone orbit";
const P_WRONG: &str = "Canary-Pw-Wrong tuba lantern gravel";
const P2: &str = "Canary-Pw-Two harbor meadow glacier";
const P3: &str = "Canary-Pw-Three cobalt pebble summit";
const A1: &str = "Canary-Ans-Alpha";
const A2: &str = "Canary-Ans-Bravo";
const SECRET: &str = "Canary-Ans-Secret";
const A_WRONG: &str = "Canary-Ans-Wrongo";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_a_log_an_error_the_audit_log_or_the_database() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let app = TestApp::new().await;
    app.account("canary.user", AccessRole::Staff, Some("01234"), P1)
        .await;
    app.account(
        "helpdesk.kim",
        AccessRole::HelpDesk,
        None,
        "helpdesk password that is long",
    )
    .await;
    // (response, may it carry a secret?)
    let mut answers: Vec<(String, Value, bool)> = Vec::new();
    let mut call = async |method: Method,
                          path: &str,
                          token: Option<&str>,
                          body: Option<Value>,
                          secret_ok: bool| {
        let (status, value) = app.call(method, path, token, body).await;
        answers.push((format!("{path} {status}"), value.clone(), secret_ok));
        (status, value)
    };

    let (_, wrong) = call(
        Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"user_id": "canary.user", "password": P_WRONG})),
        false,
    )
    .await;
    assert_eq!(wrong["code"], "invalid_credentials");
    let (status, signed) = call(
        Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"user_id": "canary.user", "password": P1})),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let token = signed["token"].as_str().unwrap().to_owned();
    let questions = json!({
        "current_password": P1,
        "challenge": [{"question": "first_car_model", "answer": A1}, {"question": "first_pet_name", "answer": A2}],
        "secret": {"question": "elementary_school", "answer": SECRET},
    });
    let (status, _) = call(
        Method::PUT,
        "/api/v1/me/questions",
        Some(&token),
        Some(questions),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // The online reset: a wrong pair, then the right pair, then a new password.
    call(
        Method::POST,
        "/api/v1/password-resets",
        None,
        Some(json!({"user_id": "canary.user"})),
        false,
    )
    .await;
    let (status, _) = call(
        Method::POST,
        "/api/v1/password-resets/answers",
        None,
        Some(json!({"user_id": "canary.user", "answers": [A_WRONG, A2]})),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, reset) = call(
        Method::POST,
        "/api/v1/password-resets/answers",
        None,
        Some(json!({"user_id": "canary.user", "answers": [A1, A2]})),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reset}");
    let reset_token = reset["reset_token"].as_str().unwrap().to_owned();
    let (status, _) = call(
        Method::POST,
        "/api/v1/password-resets/complete",
        None,
        Some(json!({"reset_token": reset_token, "new_password": P2})),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // A lock, then the help desk: a wrong and a right secret answer, the unlock.
    for _ in 0..5 {
        call(
            Method::POST,
            "/api/v1/sessions",
            None,
            Some(json!({"user_id": "canary.user", "password": P_WRONG})),
            false,
        )
        .await;
    }
    let (_, desk) = call(
        Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"user_id": "helpdesk.kim", "password": "helpdesk password that is long"})),
        true,
    )
    .await;
    let desk_token = desk["token"].as_str().unwrap().to_owned();
    call(
        Method::GET,
        "/api/v1/help-desk/users/canary.user",
        Some(&desk_token),
        None,
        false,
    )
    .await;
    let (_, miss) = call(
        Method::POST,
        "/api/v1/help-desk/users/canary.user/verify",
        Some(&desk_token),
        Some(json!({"answer": A_WRONG})),
        false,
    )
    .await;
    assert_eq!(miss["matched"], false);
    let (_, hit) = call(
        Method::POST,
        "/api/v1/help-desk/users/canary.user/verify",
        Some(&desk_token),
        Some(json!({"answer": SECRET.to_uppercase()})),
        false,
    )
    .await;
    assert_eq!(hit["matched"], true);
    let (status, unlocked) = call(
        Method::POST,
        "/api/v1/help-desk/users/canary.user/unlock",
        Some(&desk_token),
        None,
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{unlocked}");
    let temporary = unlocked["temporary_password"].as_str().unwrap().to_owned();

    // The forced change.
    let (_, signed) = call(
        Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"user_id": "canary.user", "password": temporary})),
        true,
    )
    .await;
    let temp_token = signed["token"].as_str().unwrap().to_owned();
    let (status, _) = call(
        Method::POST,
        "/api/v1/me/password",
        Some(&temp_token),
        Some(json!({"current_password": temporary, "new_password": P3})),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, last) = call(
        Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"user_id": "canary.user", "password": P3})),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{last}");

    let mut secrets: Vec<String> = [P1, P_WRONG, P2, P3, A1, A2, SECRET, A_WRONG]
        .iter()
        .map(|s| s.to_string())
        .collect();
    // Answers are stored normalized: look for that form too.
    secrets.extend([A1, A2, SECRET, A_WRONG].iter().map(|s| s.to_lowercase()));
    secrets.extend([
        token.clone(),
        desk_token.clone(),
        temp_token.clone(),
        reset_token.clone(),
        temporary.clone(),
    ]);

    // Error bodies and every answer not meant to carry a secret.
    for (what, body, secret_ok) in &answers {
        if *secret_ok {
            continue;
        }
        let text = body.to_string();
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "a response ({what}) carries a secret: {text}"
            );
        }
    }

    // Every table, row by row.
    for table in [
        "dealers",
        "users",
        "user_questions",
        "sessions",
        "password_resets",
        "help_desk_verifications",
        "audit_log",
        "outbox",
    ] {
        let dump = app.dump_table(table).await;
        for secret in &secrets {
            assert!(
                !dump.contains(secret.as_str()),
                "table {table} holds a secret in clear"
            );
        }
    }
    assert!(
        app.dump_table("audit_log")
            .await
            .contains("help_desk_unlock"),
        "the sweep saw a full journey's audit rows"
    );

    // The raw bytes of the database files, whatever the tables say.
    let dir = app.store.dir().unwrap();
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        files += 1;
        for secret in &secrets {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{} holds a secret in clear", path.display());
        }
    }
    assert!(files >= 2, "the database and its WAL were scanned");

    // Every log line, at TRACE level.
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("/api/v1/password-resets/answers"),
        "the logs were captured: {} bytes",
        logs.len()
    );
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "a log line holds a secret");
    }
}
