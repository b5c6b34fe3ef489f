//! Online password reset by challenge questions over the real router and a real SQLite
//! store. DESIGN.md's Security section is the spec: the same two questions until answered,
//! stable decoys that never reveal whether an account exists, answers normalized, wrong
//! answers counted toward the one lockout, single-use tokens that expire.

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use axum::http::{Method, StatusCode};
use chrono::Duration;
use dealer_api::{AuditDetail, AuditEvent, AuditOutcome, ErrorCode};
use dealer_core::access::AccessRole;
use dealer_core::lockout::AttemptKind;
use dealer_core::questions::QuestionId;
use dealer_portal::rate_limit::{Limits, RateLimiter};
use serde_json::{Value, json};

use crate::support::app::TestApp;

const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "velvet tractor mango whisper";

const CAR: &str = "Blue Honda Civic";
const PET: &str = "Rex the Dog";
const SCHOOL: &str = "Lincoln Elementary";

async fn app_with_pat() -> TestApp {
    let app = TestApp::new().await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    app.set_questions(
        "pat",
        [
            (QuestionId::FirstCarModel, CAR),
            (QuestionId::FirstPetName, PET),
            (QuestionId::ElementarySchool, SCHOOL),
        ],
    )
    .await;
    app
}

async fn start(app: &TestApp, user_id: &str) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/password-resets",
        None,
        Some(json!({ "user_id": user_id })),
    )
    .await
}

async fn answer(app: &TestApp, user_id: &str, answers: [&str; 2]) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/password-resets/answers",
        None,
        Some(json!({ "user_id": user_id, "answers": answers })),
    )
    .await
}

async fn complete(app: &TestApp, token: &str, password: &str) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/password-resets/complete",
        None,
        Some(json!({ "reset_token": token, "new_password": password })),
    )
    .await
}

/// Right answers, asserting success; the reset token.
async fn reset_token(app: &TestApp, user_id: &str) -> String {
    let (status, body) = answer(app, user_id, [CAR, PET]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["reset_token"].as_str().unwrap().to_owned()
}

fn question_ids(body: &Value) -> Vec<String> {
    body["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Two questions, each `{id, text}` of a catalogue entry, different from each other.
fn assert_question_shape(body: &Value) {
    let object = body.as_object().unwrap();
    assert_eq!(
        object.keys().collect::<Vec<_>>(),
        ["questions", "wrong_answers_lock_after"],
        "nothing but the questions and the portal's lock setting: {body}"
    );
    let questions = body["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 2);
    for q in questions {
        let id = QuestionId::from_key(q["id"].as_str().unwrap()).unwrap();
        assert_eq!(q["text"], id.text());
        assert_eq!(q.as_object().unwrap().len(), 2, "{q}");
    }
    assert_ne!(questions[0]["id"], questions[1]["id"]);
}

#[tokio::test]
async fn reset_shows_the_users_two_challenge_questions_the_same_every_time() {
    let app = app_with_pat().await;
    let (status, first) = start(&app, "pat").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_question_shape(&first);
    assert_eq!(
        question_ids(&first),
        ["first_car_model", "first_pet_name"],
        "slots 1 and 2, never the help-desk secret question"
    );
    for user_id in ["pat", "PAT", "  Pat "] {
        assert_eq!(
            start(&app, user_id).await,
            (StatusCode::OK, first.clone()),
            "the same questions on every try"
        );
    }
}

#[tokio::test]
async fn unknown_user_ids_get_stable_decoys_that_look_like_real_questions() {
    let app = app_with_pat().await;
    let (_, real) = start(&app, "pat").await;
    let mut seen = HashSet::new();
    for i in 0..12 {
        let user_id = format!("ghost{i}");
        let (status, decoy) = start(&app, &user_id).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "an unknown ID answers like a real one"
        );
        assert_question_shape(&decoy);
        assert_eq!(
            start(&app, &user_id).await.1,
            decoy,
            "a decoy is stable, or asking twice would reveal it"
        );
        assert_eq!(
            start(&app, &format!(" GHOST{i} ")).await.1,
            decoy,
            "like user IDs, decoys ignore case and surrounding spaces"
        );
        seen.insert(question_ids(&decoy));
    }
    assert!(
        seen.len() > 3,
        "decoys differ between user IDs, like real users' questions: {seen:?}"
    );
    assert_eq!(
        real.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["questions", "wrong_answers_lock_after"]
    );
    for malformed in ["x", "not a user id!", ""] {
        let (status, body) = start(&app, malformed).await;
        assert_eq!(status, StatusCode::OK, "{malformed:?}: {body}");
        assert_question_shape(&body);
    }
    let starts: HashSet<AuditOutcome> = app
        .store
        .audit_log(None, None, 500)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.event == AuditEvent::PasswordResetStart)
        .map(|r| r.outcome)
        .collect();
    assert_eq!(
        starts,
        HashSet::from([AuditOutcome::QuestionsShown]),
        "the audit log says the same for a real and a decoy start, so reading it tells no \
         more about which user IDs exist than the answer did"
    );
}

#[tokio::test]
async fn a_user_without_questions_gets_decoys_and_a_locked_user_keeps_its_real_questions() {
    let app = app_with_pat().await;
    let kim = app
        .account("kim", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    assert_eq!(kim.questions.len(), 3);
    sqlx::query("DELETE FROM user_questions WHERE user_pk = $1")
        .bind(app.user("kim").await.pk)
        .execute(app.store.pool())
        .await
        .unwrap();
    let (status, body) = start(&app, "kim").await;
    assert_eq!(status, StatusCode::OK);
    assert_question_shape(&body);
    assert_eq!(start(&app, "kim").await.1, body, "stable decoys");

    let (_, before) = start(&app, "pat").await;
    for _ in 0..5 {
        app.sign_in("pat", "not the password at all").await;
    }
    assert!(app.user("pat").await.is_locked());
    assert_eq!(
        start(&app, "pat").await.1,
        before,
        "switching a locked account to decoys would prove it exists"
    );
}

#[tokio::test]
async fn both_right_answers_give_a_single_use_token_for_a_new_password() {
    let app = app_with_pat().await;
    let session = app.token("pat", PASSWORD).await;
    let (status, body) = answer(&app, "pat", [CAR, PET]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["expires_in_minutes"], 15);
    let token = body["reset_token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 64, "256-bit token");

    assert_eq!(
        complete(&app, &token, NEW_PASSWORD).await,
        (StatusCode::NO_CONTENT, Value::Null)
    );
    assert_eq!(
        app.sign_in("pat", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED,
        "the old password is gone"
    );
    app.token("pat", NEW_PASSWORD).await;
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&session), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "a password reset ends every session"
    );

    let (status, body) = complete(&app, &token, "another fine passphrase here").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some(ErrorCode::InvalidResetToken.as_str())
        ),
        "a token works once"
    );
    app.token("pat", NEW_PASSWORD).await;

    let mails = app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(
        mails.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(),
        ["password_changed"],
        "the owner hears of the change"
    );
    let log = app.store.audit_log(Some("01234"), None, 50).await.unwrap();
    assert!(
        log.iter()
            .any(|r| r.event == AuditEvent::PasswordReset && r.outcome == AuditOutcome::Success),
        "the reset is audited"
    );
}

#[tokio::test]
async fn a_reset_token_expires_after_fifteen_minutes() {
    let app = app_with_pat().await;
    let token = reset_token(&app, "pat").await;
    app.clock
        .advance(Duration::minutes(14) + Duration::seconds(59));
    assert_eq!(
        complete(&app, &token, NEW_PASSWORD).await.0,
        StatusCode::NO_CONTENT,
        "still valid just before 15 minutes"
    );

    app.set_questions(
        "pat",
        [
            (QuestionId::FirstCarModel, CAR),
            (QuestionId::FirstPetName, PET),
            (QuestionId::ElementarySchool, SCHOOL),
        ],
    )
    .await;
    let token = reset_token(&app, "pat").await;
    app.clock.advance(Duration::minutes(15));
    let (status, body) = complete(&app, &token, "another fine passphrase here").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some(ErrorCode::InvalidResetToken.as_str())
        ),
        "15 minutes is the limit"
    );
    app.token("pat", NEW_PASSWORD).await;
}

#[tokio::test]
async fn a_new_token_replaces_an_unused_one() {
    let app = app_with_pat().await;
    let first = reset_token(&app, "pat").await;
    let second = reset_token(&app, "pat").await;
    assert_eq!(
        complete(&app, &first, NEW_PASSWORD).await.0,
        StatusCode::BAD_REQUEST,
        "one live token per user"
    );
    assert_eq!(
        complete(&app, &second, NEW_PASSWORD).await.0,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn a_weak_new_password_is_refused_with_a_reason_and_the_token_survives() {
    let app = app_with_pat().await;
    let token = reset_token(&app, "pat").await;
    for (weak, says) in [
        ("short one", "too short"),
        ("lakeside motors pat lee", "contains your"),
        ("passwordpassword", "too easy to guess"),
    ] {
        let (status, body) = complete(&app, &token, weak).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (
                StatusCode::BAD_REQUEST,
                Some(ErrorCode::WeakPassword.as_str())
            ),
            "{weak}"
        );
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(says), "{weak}: {message}");
    }
    assert_eq!(
        complete(&app, &token, NEW_PASSWORD).await.0,
        StatusCode::NO_CONTENT,
        "a refused password does not use the token up"
    );
}

#[tokio::test]
async fn answers_are_normalized_for_case_spaces_and_width() {
    let app = app_with_pat().await;
    for answers in [
        ["  BLUE   honda civic ", "rex THE dog"],
        ["Ｂｌｕｅ Ｈｏｎｄａ Ｃｉｖｉｃ", "ＲＥＸ\u{3000}the\tDog"],
    ] {
        let (status, body) = answer(&app, "pat", answers).await;
        assert_eq!(status, StatusCode::OK, "{answers:?}: {body}");
    }
    let (status, _) = answer(&app, "pat", [PET, CAR]).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "each answer belongs to its question"
    );
}

#[tokio::test]
async fn a_wrong_answer_locks_at_once_and_answers_like_every_other_failure() {
    let app = app_with_pat().await;
    let session = app.token("pat", PASSWORD).await;
    let unknown_before = answer(&app, "nobody", [CAR, "Not my pet"]).await;
    let mut replies = Vec::new();
    for _ in 0..3 {
        replies.push(answer(&app, "pat", [CAR, "Not my pet"]).await);
    }
    let unknown = answer(&app, "nobody", [CAR, "Not my pet"]).await;
    assert_eq!(unknown, unknown_before);
    assert_eq!(unknown.0, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.1["code"], ErrorCode::WrongAnswers.as_str());
    for (i, reply) in replies.iter().enumerate() {
        assert_eq!(
            reply,
            &unknown,
            "wrong answer {} answers exactly like an unknown user ID, the lock included",
            i + 1
        );
    }
    let message = unknown.1["message"].as_str().unwrap();
    assert!(
        message.contains("A wrong answer locks online access")
            && message.contains("1-800-555-0142"),
        "says what happens and how to reach the help desk: {message}"
    );

    let pat = app.user("pat").await;
    assert!(pat.is_locked(), "the help center: a wrong answer locks");
    assert_eq!(pat.lock_kind, Some(AttemptKind::ChallengeAnswer));
    assert_eq!(pat.failed_attempts, 0, "the password count is apart");
    let mails = app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(
        mails.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(),
        ["account_locked"],
        "one lock, one email"
    );
    assert!(
        mails[0]
            .body
            .contains("a wrong answer to the challenge questions"),
        "{}",
        mails[0].body
    );
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&session), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "a lock ends the sessions"
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
            failures: 1,
            attempt_kind: AttemptKind::ChallengeAnswer
        })
    );

    assert_eq!(
        answer(&app, "pat", [CAR, PET]).await,
        unknown,
        "right answers do not open a locked account"
    );
    assert_eq!(
        app.sign_in("pat", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED,
        "only the help desk unlocks"
    );
}

#[tokio::test]
async fn the_questions_say_before_answering_that_a_wrong_answer_locks() {
    let app = app_with_pat().await;
    for who in ["pat", "nobody"] {
        let (status, body) = start(&app, who).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body["wrong_answers_lock_after"], 1,
            "{who}: the same for everyone"
        );
    }
}

#[tokio::test]
async fn wrong_answers_count_apart_from_wrong_passwords_up_to_their_own_setting() {
    let app = TestApp::with_settings(dealer_portal::Settings {
        answer_lockout: dealer_core::lockout::LockoutPolicy::for_answers(3).unwrap(),
        ..crate::support::app::test_settings()
    })
    .await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    app.set_questions(
        "pat",
        [
            (QuestionId::FirstCarModel, CAR),
            (QuestionId::FirstPetName, PET),
            (QuestionId::ElementarySchool, SCHOOL),
        ],
    )
    .await;
    for _ in 0..4 {
        app.sign_in("pat", "not the password at all").await;
    }
    answer(&app, "pat", ["wrong car", PET]).await;
    answer(&app, "pat", [CAR, "wrong pet"]).await;
    let pat = app.user("pat").await;
    assert!(
        !pat.is_locked(),
        "4 wrong passwords and 2 wrong answers are two counts below their limits"
    );
    assert_eq!((pat.failed_attempts, pat.answer_failures), (4, 2));
    assert_eq!(
        reset_token_status(&app).await,
        StatusCode::OK,
        "right answers"
    );
    assert_eq!(
        app.user("pat").await.answer_failures,
        0,
        "right answers end the streak"
    );
    for _ in 0..3 {
        answer(&app, "pat", [CAR, "wrong pet"]).await;
    }
    let pat = app.user("pat").await;
    assert!(pat.is_locked(), "the third wrong answer in a row locks");
    assert_eq!(pat.lock_kind, Some(AttemptKind::ChallengeAnswer));
    let (_, body) = start(&app, "nobody").await;
    assert_eq!(body["wrong_answers_lock_after"], 3);
}

/// Right answers for pat: the status of the answers step.
async fn reset_token_status(app: &TestApp) -> StatusCode {
    answer(app, "pat", [CAR, PET]).await.0
}

#[tokio::test]
async fn a_locked_account_stays_locked_after_a_reset() {
    let app = app_with_pat().await;
    let token = reset_token(&app, "pat").await;
    for _ in 0..5 {
        app.sign_in("pat", "not the password at all").await;
    }
    assert_eq!(
        complete(&app, &token, NEW_PASSWORD).await.0,
        StatusCode::NO_CONTENT
    );
    let pat = app.user("pat").await;
    assert!(pat.is_locked(), "only the help desk unlocks");
    assert_eq!(
        pat.failed_attempts, 5,
        "the count of a locked account stays"
    );
    assert_eq!(
        app.sign_in("pat", NEW_PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_reset_clears_failed_attempts_of_an_unlocked_account() {
    let app = app_with_pat().await;
    for _ in 0..4 {
        app.sign_in("pat", "not the password at all").await;
    }
    let token = reset_token(&app, "pat").await;
    complete(&app, &token, NEW_PASSWORD).await;
    assert_eq!(app.user("pat").await.failed_attempts, 0);
    app.sign_in("pat", "not the password at all").await;
    assert!(
        !app.user("pat").await.is_locked(),
        "one wrong password after a reset does not lock"
    );
}

#[tokio::test]
async fn deactivated_and_inactive_accounts_cannot_reset_online() {
    let app = app_with_pat().await;
    let unknown = answer(&app, "nobody", [CAR, PET]).await;
    app.clock.advance(Duration::days(61));
    let unknown_later = answer(&app, "nobody", [CAR, PET]).await;
    assert_eq!(
        answer(&app, "pat", [CAR, PET]).await,
        unknown_later,
        "an inactive account needs a reactivation request"
    );
    sqlx::query("UPDATE users SET state = 'deactivated', activity_since = $1")
        .bind(app.clock_now().timestamp_millis())
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(answer(&app, "pat", [CAR, PET]).await, unknown_later);
    assert_eq!(unknown.1["code"], ErrorCode::WrongAnswers.as_str());
    assert!(!app.user("pat").await.is_locked(), "not counted");
}

#[tokio::test]
async fn too_short_answers_are_refused_before_any_lookup() {
    let app = app_with_pat().await;
    let pat = answer(&app, "pat", ["ab", PET]).await;
    let nobody = answer(&app, "nobody", ["ab", PET]).await;
    assert_eq!(pat.0, StatusCode::BAD_REQUEST);
    assert_eq!(pat.1["code"], ErrorCode::AnswerTooShort.as_str());
    assert_eq!(pat, nobody, "the same for every user ID");
    assert_eq!(app.user("pat").await.failed_attempts, 0);
}

#[tokio::test]
async fn reset_requests_are_rate_limited_per_user_id_before_any_hashing() {
    let limits = Limits {
        by_ip: RateLimiter::new(1000, StdDuration::from_secs(60)),
        by_user: RateLimiter::new(3, StdDuration::from_secs(60)),
        public: RateLimiter::new(1000, StdDuration::from_secs(60)),
        ..Limits::default()
    };
    // Wrong answers counted up to 5 here, so the count shows where the limit cut in.
    let app = TestApp::with_parts(
        dealer_testkit::db::sqlite().await,
        limits,
        dealer_portal::hashing::Hasher::new(2, 512),
        dealer_portal::Settings {
            answer_lockout: dealer_core::lockout::LockoutPolicy::for_answers(5).unwrap(),
            ..crate::support::app::test_settings()
        },
    )
    .await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    start(&app, "pat").await;
    answer(&app, "pat", ["wrong car", "wrong pet"]).await;
    answer(&app, "pat", ["wrong car", "wrong pet"]).await;
    let (status, body) = answer(&app, "pat", ["wrong car", "wrong pet"]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::TOO_MANY_REQUESTS,
            Some(ErrorCode::RateLimited.as_str())
        )
    );
    assert_eq!(start(&app, "PAT").await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.user("pat").await.answer_failures,
        2,
        "the limited attempt never reached the answers"
    );
    assert_eq!(
        start(&app, "kim").await.0,
        StatusCode::OK,
        "other user IDs are not limited by pat's"
    );
}

#[tokio::test]
async fn reset_routes_are_public_and_refuse_malformed_bodies_with_400() {
    let app = app_with_pat().await;
    for (path, body) in [
        ("/api/v1/password-resets", json!({})),
        (
            "/api/v1/password-resets/answers",
            json!({"user_id": "pat", "answers": [CAR]}),
        ),
        (
            "/api/v1/password-resets/answers",
            json!({"user_id": "pat", "answers": [CAR, PET], "x": 1}),
        ),
        (
            "/api/v1/password-resets/complete",
            json!({"reset_token": "abc"}),
        ),
    ] {
        let (status, reply) = app.call(Method::POST, path, None, Some(body.clone())).await;
        assert_eq!(
            (status, reply["code"].as_str()),
            (
                StatusCode::BAD_REQUEST,
                Some(ErrorCode::BadRequest.as_str())
            ),
            "{path} {body}"
        );
    }
    let (status, body) = complete(&app, "not-a-token", NEW_PASSWORD).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some(ErrorCode::InvalidResetToken.as_str())
        )
    );
}

#[tokio::test]
async fn answers_passwords_and_tokens_never_reach_the_audit_log_outbox_store_or_errors() {
    let app = TestApp::new().await;
    let old_password = "CanaryOldPassword quartz lemur";
    let new_password = "CanaryNewPassword walrus fjord";
    let canary_answers = ["Canary Answer Zeppelin", "Canary Answer Marmalade"];
    app.account("pat", AccessRole::Staff, Some("01234"), old_password)
        .await;
    app.set_questions(
        "pat",
        [
            (QuestionId::FirstCarModel, canary_answers[0]),
            (QuestionId::FirstPetName, canary_answers[1]),
            (QuestionId::ElementarySchool, "Canary Answer Obelisk"),
        ],
    )
    .await;
    let mut bodies = Vec::new();
    bodies.push(start(&app, "pat").await.1);
    bodies.push(answer(&app, "nobody", canary_answers).await.1);
    let (_, ok) = answer(&app, "pat", canary_answers).await;
    let token = ok["reset_token"].as_str().unwrap().to_owned();
    bodies.push(complete(&app, &token, "CanaryWeak").await.1);
    bodies.push(complete(&app, &token, new_password).await.1);
    bodies.push(complete(&app, &token, new_password).await.1);
    for _ in 0..5 {
        bodies.push(
            answer(&app, "pat", ["Canary Wrong Guess", "Canary Wrong Again"])
                .await
                .1,
        );
    }
    assert!(app.user("pat").await.is_locked(), "the lock path ran too");

    let mut haystack = String::new();
    for table in [
        "audit_log",
        "outbox",
        "user_questions",
        "password_resets",
        "users",
    ] {
        haystack.push_str(&app.dump_table(table).await);
    }
    for body in &bodies {
        haystack.push_str(&body.to_string());
    }
    let haystack = haystack.to_lowercase();
    for secret in [
        "canaryoldpassword",
        "canarynewpassword",
        "canaryweak",
        "canary answer",
        "canary wrong",
        &token,
    ] {
        assert!(
            !haystack.contains(secret),
            "{secret:?} must never be stored, logged, mailed or sent back"
        );
    }
    assert!(
        !app.dump_table("password_resets").await.is_empty(),
        "the scan saw the reset rows"
    );
}

/// The whole journey (decoys, wrong answers to the lock, token, single use, new password)
/// on `store`: the reset SQL (server secrets, `ON CONFLICT`, `UPDATE … RETURNING`) must
/// hold on both backends.
async fn reset_journey(store: dealer_testkit::db::TestStore) {
    let app = TestApp::with(store, crate::support::app::generous_limits()).await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    app.set_questions(
        "pat",
        [
            (QuestionId::FirstCarModel, CAR),
            (QuestionId::FirstPetName, PET),
            (QuestionId::ElementarySchool, SCHOOL),
        ],
    )
    .await;
    let (_, decoy) = start(&app, "ghost").await;
    assert_question_shape(&decoy);
    assert_eq!(
        start(&app, "ghost").await.1,
        decoy,
        "one secret, stable decoys"
    );
    assert_eq!(
        question_ids(&start(&app, "pat").await.1),
        ["first_car_model", "first_pet_name"]
    );
    let token = reset_token(&app, "pat").await;
    assert_eq!(
        complete(&app, &token, NEW_PASSWORD).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        complete(&app, &token, NEW_PASSWORD).await.0,
        StatusCode::BAD_REQUEST
    );
    app.token("pat", NEW_PASSWORD).await;
    assert_eq!(app.user("pat").await.failed_attempts, 0);
    answer(&app, "pat", [CAR, "wrong pet"]).await;
    let pat = app.user("pat").await;
    assert!(pat.is_locked(), "a wrong answer locks");
    assert_eq!(pat.answer_failures, 1);
}

#[tokio::test]
async fn reset_journey_on_sqlite() {
    reset_journey(dealer_testkit::db::sqlite().await).await;
}

#[tokio::test]
#[ignore = "needs DEALER_TEST_POSTGRES_URL; cargo xtask test runs the store suite, run this with --ignored"]
async fn reset_journey_on_postgres() {
    reset_journey(dealer_testkit::db::postgres().await).await;
}
