//! The secrets canary sweep: one person goes through every path that handles a secret —
//! sign-in (right and wrong), setting questions, the online reset, a lock, the help desk's
//! verification and unlock, the forced password change — with recognizable canary
//! passwords, answers and tokens. Then everything the portal left behind is searched for
//! them: every log line at TRACE level, every error body, every table of the database and
//! the raw bytes of the SQLite files (database, WAL). The journey also registers (password,
//! three answers, status token) and enrolls a manager's new user with the code from a
//! really delivered email: a delivered code must not stay in the outbox. A reviewer turns
//! on two-step sign-in and signs in with a wrong code, a right one and a recovery code
//! (remembering the computer), then on the remembered computer without a code. Only the one
//! response meant to carry a secret (a token, a reset token, the temporary password, a
//! remembered computer's token) may contain it.

use dealer_api::ErrorCode;
use std::cell::RefCell;
use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::support::app::TestApp;
use axum::http::{Method, StatusCode};
use dealer_core::access::AccessRole;
use dealer_core::two_step::RecoveryCode;
use dealer_portal::jobs::mail::send_due;
use dealer_portal::mail::SmtpMailer;
use dealer_portal::workflow::two_step;
use dealer_testkit::smtp::TestSmtp;
use serde_json::{Value, json};

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
const P_REG: &str = "Canary-Pw-Reg quartz lagoon ember";
const A_REG1: &str = "Canary-Ans-Reg-Charlie";
const A_REG2: &str = "Canary-Ans-Reg-Delta";
const A_REG3: &str = "Canary-Ans-Reg-Echo";
const P_ENROLL: &str = "Canary-Pw-Enroll saffron canyon drift";
const A_ENR1: &str = "Canary-Ans-Enr-Foxtrot";
const A_ENR2: &str = "Canary-Ans-Enr-Golf";
const A_ENR3: &str = "Canary-Ans-Enr-Hotel";
/// The manager's and reviewer's own password (not under test).
const STAFF_PASSWORD: &str = "staff password that is long enough";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_a_log_an_error_the_audit_log_or_the_database() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    // A wrong answer is part of the sweep; with the default it would lock the account that
    // the rest of the journey uses.
    let app = TestApp::with_settings(dealer_portal::Settings {
        answer_lockout: dealer_core::lockout::LockoutPolicy::for_answers(3).unwrap(),
        ..crate::support::app::test_settings()
    })
    .await;
    app.account("canary.user", AccessRole::Staff, Some("01234"), P1)
        .await;
    app.account(
        "helpdesk.kim",
        AccessRole::HelpDesk,
        None,
        "helpdesk password that is long",
    )
    .await;
    app.account(
        "canary.mgr",
        AccessRole::OfficeManager,
        Some("01234"),
        STAFF_PASSWORD,
    )
    .await;
    app.account("canary.rev", AccessRole::Reviewer, None, STAFF_PASSWORD)
        .await;
    // (response, may it carry a secret?)
    let answers: RefCell<Vec<(String, Value, bool)>> = RefCell::default();
    let call = async |method: Method,
                      path: &str,
                      token: Option<&str>,
                      body: Option<Value>,
                      secret_ok: bool| {
        let (status, value) = app.call(method, path, token, body).await;
        answers
            .borrow_mut()
            .push((format!("{path} {status}"), value.clone(), secret_ok));
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
    assert_eq!(wrong["code"], ErrorCode::InvalidCredentials.as_str());
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

    // Self-registration: the email proven with a code that really travels by mail (the
    // token that names it comes back once), then a password and three answers; the status
    // token comes back once.
    let smtp = TestSmtp::start();
    let mailer = SmtpMailer::from_url(&smtp.url(), "Dealer Access <no-reply@dealer.test>").unwrap();
    app.state.set_mail_ready(true);
    let (status, sent) = call(
        Method::POST,
        "/api/v1/registrations/email-codes",
        None,
        Some(json!({"pdn": "01234", "email": "canary.reg@lakeside.example"})),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    let email_token = sent["token"].as_str().unwrap().to_owned();
    while send_due(&app.state, &mailer).await.unwrap() > 0 {}
    let email_code = smtp
        .messages()
        .into_iter()
        .find(|m| m.to == ["canary.reg@lakeside.example"])
        .expect("the registration code was delivered")
        .body_text()
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit()))
        .expect("the mail holds the code")
        .to_owned();
    let (status, confirmed) = app.confirm_email_code(&email_token, &email_code).await;
    answers
        .borrow_mut()
        .push(("email code confirmed".into(), confirmed.clone(), false));
    assert_eq!(status, StatusCode::OK, "{confirmed}");
    let (status, receipt) = app
        .register_with(
            Some(&email_token),
            json!({
                "pdn": "01234", "first_name": "Jo", "last_name": "Rivera",
                "email": "canary.reg@lakeside.example", "business_phone": "(555) 234-5678",
                "role": "salesperson", "user_id": "canary.reg", "password": P_REG,
                "challenge": [{"question": "first_car_model", "answer": A_REG1},
                              {"question": "first_pet_name", "answer": A_REG2}],
                "secret": {"question": "elementary_school", "answer": A_REG3},
                "applications": ["smartcash"]
            }),
        )
        .await;
    answers
        .borrow_mut()
        .push(("registration".into(), receipt.clone(), true));
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    let status_token = receipt["status_token"].as_str().unwrap().to_owned();

    // A manager's new user: the enrollment code travels by email (a real SMTP server),
    // the new user sets a password and answers with it.
    let manager = app.token("canary.mgr", STAFF_PASSWORD).await;
    let reviewer = app.token("canary.rev", STAFF_PASSWORD).await;
    let (status, filed) = call(
        Method::POST,
        "/api/v1/requests",
        Some(&manager),
        Some(json!({
            "kind": "new_user", "first_name": "Lee", "last_name": "Park",
            "email": "canary.new@lakeside.example", "business_phone": "(555) 234-9999",
            "role": "title_clerk", "user_id": "canary.new", "applications": ["smartcash"]
        })),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{filed}");
    let id = filed["request"]["id"].as_i64().unwrap();
    for action in ["start_review", "approve", "complete"] {
        let (status, body) = call(
            Method::POST,
            &format!("/api/v1/requests/{id}/decision"),
            Some(&reviewer),
            Some(json!({"action": action})),
            false,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
    }
    while send_due(&app.state, &mailer).await.unwrap() > 0 {}
    let enrollment = smtp
        .messages()
        .into_iter()
        .find(|m| m.to == ["canary.new@lakeside.example"])
        .expect("the enrollment email was delivered");
    let code = enrollment
        .body_text()
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 19 && l.matches('-').count() == 3)
        .expect("the email holds the code")
        .to_owned();
    let (status, body) = call(
        Method::POST,
        "/api/v1/enrollments",
        None,
        Some(json!({
            "user_id": "canary.new", "code": code, "password": P_ENROLL,
            "challenge": [{"question": "first_car_model", "answer": A_ENR1},
                          {"question": "first_pet_name", "answer": A_ENR2}],
            "secret": {"question": "elementary_school", "answer": A_ENR3}
        })),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let enrolled = app.token("canary.new", P_ENROLL).await;

    // Two-step sign-in: the reviewer turns it on, signs in with a wrong code, the right
    // one, then a recovery code.
    let rev = app.user("canary.rev").await.pk;
    let unix = || u64::try_from(app.clock_now().timestamp()).unwrap();
    let totp = two_step::begin(&app.state, rev).await.unwrap();
    let recovery = two_step::confirm(&app.state, rev, &totp.code_at(unix()), None)
        .await
        .unwrap()
        .unwrap();
    let mut step_tokens = Vec::new();
    let mut two_step_sessions = Vec::new();
    let mut device_tokens = Vec::new();
    for code in [
        None,
        Some(totp.code_at(unix() + 30)),
        Some(recovery[0].shown().to_string()),
    ] {
        let (status, asked) = call(
            Method::POST,
            "/api/v1/sessions",
            None,
            Some(json!({"user_id": "canary.rev", "password": STAFF_PASSWORD})),
            true,
        )
        .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{asked}");
        let step = asked["two_step_token"].as_str().unwrap().to_owned();
        let typed = code.unwrap_or_else(|| "000000".into());
        // The recovery code's sign-in remembers this computer too.
        let remember = RecoveryCode::parse(&typed).is_some();
        let (status, body) = call(
            Method::POST,
            "/api/v1/sessions/two-step",
            None,
            Some(json!({"two_step_token": step, "code": typed, "remember_device": remember})),
            status == StatusCode::ACCEPTED && typed != "000000",
        )
        .await;
        if typed == "000000" {
            assert_eq!(status, StatusCode::BAD_REQUEST, "a wrong code: {body}");
        } else {
            assert_eq!(status, StatusCode::CREATED, "{body}");
            two_step_sessions.push(body["token"].as_str().unwrap().to_owned());
            if let Some(device) = body["device_token"].as_str() {
                device_tokens.push(device.to_owned());
            }
        }
        step_tokens.push(step);
    }
    assert_eq!(device_tokens.len(), 1, "one computer remembered");
    // And the remembered computer's sign-in, without a code.
    let (status, body) = call(
        Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"user_id": "canary.rev", "password": STAFF_PASSWORD, "device_token": device_tokens[0]})),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    two_step_sessions.push(body["token"].as_str().unwrap().to_owned());

    let answers_given = [
        A1, A2, SECRET, A_WRONG, A_REG1, A_REG2, A_REG3, A_ENR1, A_ENR2, A_ENR3,
    ];
    let mut secrets: Vec<String> = [P1, P_WRONG, P2, P3, P_REG, P_ENROLL]
        .iter()
        .chain(answers_given.iter())
        .map(|s| s.to_string())
        .collect();
    // Answers are stored normalized: look for that form too.
    secrets.extend(answers_given.iter().map(|s| s.to_lowercase()));
    // The enrollment code as sent and in the other forms it is accepted in.
    secrets.extend([code.clone(), code.to_lowercase(), code.replace('-', "")]);
    secrets.extend([
        email_token.clone(),
        status_token.clone(),
        manager.clone(),
        reviewer.clone(),
        enrolled.clone(),
        token.clone(),
        desk_token.clone(),
        temp_token.clone(),
        reset_token.clone(),
        temporary.clone(),
    ]);
    // The two-step secret in every form it is given or kept in, the step tokens, the new
    // sessions and the recovery codes as shown and as typed. (Six-digit codes are left out:
    // any six digits turn up in timestamps; each is used up once typed.)
    secrets.extend([
        totp.base32().to_string(),
        totp.grouped().to_string(),
        hex::encode(totp.as_bytes()),
    ]);
    secrets.extend(step_tokens.iter().cloned());
    secrets.extend(two_step_sessions.iter().cloned());
    secrets.extend(device_tokens.iter().cloned());
    for code in &recovery {
        secrets.extend([code.shown().to_string(), code.expose().to_owned()]);
    }

    // Error bodies and every answer not meant to carry a secret.
    for (what, body, secret_ok) in answers.borrow().iter() {
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
        "requests",
        "request_events",
        "user_applications",
        "enrollments",
        "email_verifications",
        "two_step",
        "recovery_codes",
        "two_step_pending",
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
        !app.dump_table("outbox").await.contains(&email_code),
        "a delivered registration code is gone from the outbox"
    );
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
