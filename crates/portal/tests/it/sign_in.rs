//! Sign-in, lockout and sessions over the real router and a real SQLite store. DESIGN.md's
//! Security section is the spec: each test names the rule it proves.

use dealer_api::AuditDetail;
use dealer_api::AuditEvent;
use dealer_api::ErrorCode;
use dealer_core::lockout::AttemptKind;
use std::time::Duration as StdDuration;

use crate::support::app::TestApp;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::Duration;
use dealer_core::access::AccessRole;
use dealer_portal::rate_limit::{Limits, RateLimiter};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";

async fn app_with_pat() -> TestApp {
    let app = TestApp::new().await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    app
}

#[tokio::test]
async fn sign_in_returns_a_token_that_opens_me() {
    let app = app_with_pat().await;
    let (status, body) = app.sign_in("PAT", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        body["user"]["user_id"], "pat",
        "user IDs are case-insensitive"
    );
    assert_eq!(body["user"]["dealership_name"], "Lakeside Motors");
    let token = body["token"].as_str().unwrap();
    assert_eq!(token.len(), 64, "256-bit token");
    let (status, me) = app.call(Method::GET, "/api/v1/me", Some(token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["role"], "staff");
    assert_eq!(me["pdn"], "01234");
}

#[tokio::test]
async fn unknown_user_wrong_password_and_locked_account_answer_identically() {
    let app = app_with_pat().await;
    app.account("locked", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    for _ in 0..5 {
        app.sign_in("locked", "wrong password attempt").await;
    }
    let unknown = app.sign_in("nobody", PASSWORD).await;
    let wrong = app.sign_in("pat", "wrong password attempt").await;
    let locked_right = app.sign_in("locked", PASSWORD).await;
    let locked_wrong = app.sign_in("locked", "wrong password attempt").await;
    let malformed = app.sign_in("x", PASSWORD).await;
    assert_eq!(unknown.0, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.1["code"], ErrorCode::InvalidCredentials.as_str());
    for (what, answer) in [
        ("wrong password", &wrong),
        ("locked, right password", &locked_right),
        ("locked, wrong password", &locked_wrong),
        ("malformed user ID", &malformed),
    ] {
        assert_eq!(
            answer, &unknown,
            "{what} must look exactly like an unknown user: nothing leaks to strangers"
        );
    }
    let message = unknown.1["message"].as_str().unwrap();
    assert!(
        message.contains("After 5 failed attempts online access is locked"),
        "{message}"
    );
    assert!(
        message.contains("1-800-555-0142") && message.contains("Open now until 8 pm ET"),
        "says how to reach the help desk and whether it is open: {message}"
    );
}

#[tokio::test]
async fn the_fifth_wrong_password_locks_ends_sessions_and_emails_the_owner_once() {
    let app = app_with_pat().await;
    let token = app.token("pat", PASSWORD).await;
    for _ in 0..7 {
        let (status, _) = app.sign_in("pat", "not the password at all").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::UNAUTHORIZED,
            Some(ErrorCode::Unauthenticated.as_str())
        ),
        "a lock ends the sessions"
    );
    let mails = app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(
        mails.len(),
        1,
        "one lock, one email, however many attempts after it"
    );
    assert_eq!(mails[0].kind, "account_locked");
    assert!(
        mails[0].body.contains("1-800-555-0142"),
        "the email says how to reach the help desk"
    );
    let (status, _) = app.sign_in("pat", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "only the help desk unlocks"
    );
    let log = app.store.audit_log(Some("01234"), None, 50).await.unwrap();
    let outcomes: Vec<&str> = log
        .iter()
        .rev()
        .filter(|r| r.event == AuditEvent::SignIn)
        .map(|r| r.outcome.as_str())
        .collect();
    assert_eq!(
        outcomes,
        [
            "success",
            "wrong_password",
            "wrong_password",
            "wrong_password",
            "wrong_password",
            "locked",
            "locked",
            "locked"
        ],
        "the real reason of each failure is in the audit log"
    );
    assert_eq!(
        log.iter()
            .filter(|r| r.event == AuditEvent::AccountLocked)
            .count(),
        1
    );
}

#[tokio::test]
async fn hundred_concurrent_wrong_passwords_lock_at_exactly_the_threshold() {
    let app = std::sync::Arc::new(app_with_pat().await);
    let attempts: Vec<_> = (0..100)
        .map(|_| {
            let app = std::sync::Arc::clone(&app);
            tokio::spawn(async move { app.sign_in("pat", "wrong wrong wrong wrong").await.0 })
        })
        .collect();
    for attempt in attempts {
        assert_eq!(attempt.await.unwrap(), StatusCode::UNAUTHORIZED);
    }
    let mails = app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(mails.len(), 1, "exactly one lock event");
    let log = app.store.audit_log(Some("01234"), None, 500).await.unwrap();
    let locks: Vec<_> = log
        .iter()
        .filter(|r| r.event == AuditEvent::AccountLocked)
        .collect();
    assert_eq!(locks.len(), 1, "exactly one lock event");
    assert_eq!(
        locks[0].detail.as_ref(),
        Some(&AuditDetail::FailedAttempts {
            failures: 5,
            attempt_kind: AttemptKind::Password
        }),
        "the lock fell at the threshold, not later"
    );
    let user_id = dealer_core::ids::UserId::parse("pat").unwrap();
    let pat = app.store.user_by_id(&user_id).await.unwrap().unwrap();
    assert_eq!(
        pat.failed_attempts, 100,
        "every attempt was counted: no lost update"
    );
}

#[tokio::test]
async fn an_inactive_account_says_so_only_after_a_correct_password() {
    let app = app_with_pat().await;
    app.clock.advance(Duration::days(61));
    let (status, body) = app.sign_in("pat", "a wrong password here").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::UNAUTHORIZED,
            Some(ErrorCode::InvalidCredentials.as_str())
        ),
        "a stranger learns nothing"
    );
    let (status, body) = app.sign_in("pat", PASSWORD).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], ErrorCode::Inactive.as_str());
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Ask to be reactivated"),
        "it says what to do next"
    );
}

#[tokio::test]
async fn a_sign_in_restarts_the_sixty_day_clock() {
    let app = app_with_pat().await;
    app.clock.advance(Duration::days(59));
    app.token("pat", PASSWORD).await;
    app.clock.advance(Duration::days(59));
    let (status, _) = app.sign_in("pat", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "118 days since creation, 59 since the last sign-in"
    );
}

#[tokio::test]
async fn sign_out_ends_only_this_session_and_sessions_can_be_listed_and_revoked() {
    let app = app_with_pat().await;
    let first = app.token("pat", PASSWORD).await;
    let second = app.token("pat", PASSWORD).await;
    let (status, list) = app
        .call(Method::GET, "/api/v1/sessions", Some(&first), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 2);
    assert!(
        list.iter().all(|s| s.get("token").is_none()),
        "a listing never shows tokens"
    );
    let other = list.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/sessions/{other}"),
            Some(&first),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .call(Method::GET, "/api/v1/me", Some(&second), None)
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the revoked session is over"
    );

    let (status, _) = app
        .call(
            Method::DELETE,
            "/api/v1/sessions/current",
            Some(&first),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .call(Method::GET, "/api/v1/me", Some(&first), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "signed out");
}

#[tokio::test]
async fn nobody_revokes_someone_elses_session() {
    let app = app_with_pat().await;
    app.account("kim", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    let pat = app.token("pat", PASSWORD).await;
    let kim = app.token("kim", PASSWORD).await;
    let (_, list) = app
        .call(Method::GET, "/api/v1/sessions", Some(&kim), None)
        .await;
    let kims = list[0]["id"].as_str().unwrap().to_owned();
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/sessions/{kims}"),
            Some(&pat),
            None,
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some(ErrorCode::NotFound.as_str()))
    );
    let (status, _) = app.call(Method::GET, "/api/v1/me", Some(&kim), None).await;
    assert_eq!(status, StatusCode::OK, "kim is still signed in");
}

#[tokio::test]
async fn sessions_end_after_thirty_idle_minutes_and_twelve_hours() {
    let app = app_with_pat().await;
    let token = app.token("pat", PASSWORD).await;
    app.clock.advance(Duration::minutes(29));
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .0,
        StatusCode::OK
    );
    app.clock.advance(Duration::minutes(31));
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "idle timeout"
    );

    let token = app.token("pat", PASSWORD).await;
    for _ in 0..(12 * 3 - 1) {
        app.clock.advance(Duration::minutes(20));
        assert_eq!(
            app.call(Method::GET, "/api/v1/me", Some(&token), None)
                .await
                .0,
            StatusCode::OK
        );
    }
    app.clock.advance(Duration::minutes(20));
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "absolute timeout"
    );
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after_before_any_hashing() {
    let limits = Limits {
        by_ip: RateLimiter::new(1000, StdDuration::from_secs(60)),
        by_user: RateLimiter::new(3, StdDuration::from_secs(60)),
        public: RateLimiter::new(1000, StdDuration::from_secs(60)),
        ..Limits::default()
    };
    let app = TestApp::with(dealer_testkit::db::sqlite().await, limits).await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    for _ in 0..3 {
        assert_eq!(
            app.sign_in("pat", "wrong one here").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let req = Request::post("/api/v1/sessions")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"user_id": "pat", "password": PASSWORD}).to_string(),
        ))
        .unwrap();
    let (status, body) = app.raw(req).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], ErrorCode::RateLimited.as_str());
    let log = app.store.audit_log(Some("01234"), None, 50).await.unwrap();
    assert_eq!(
        log.iter().filter(|r| r.event == AuditEvent::SignIn).count(),
        3,
        "the limited attempt never reached the password check"
    );
    assert_eq!(
        app.sign_in("kim", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED,
        "other user IDs are not limited by pat's"
    );
}

#[tokio::test]
async fn bad_input_gets_400_or_413_with_a_code_never_a_500() {
    let app = app_with_pat().await;
    let post = |body: String, content_type: &str| {
        Request::post("/api/v1/sessions")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    };
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (
            post("{not json".into(), "application/json"),
            StatusCode::BAD_REQUEST,
            "Malformed JSON",
        ),
        (
            post(json!({"user_id": "pat"}).to_string(), "application/json"),
            StatusCode::BAD_REQUEST,
            "password",
        ),
        (
            post(
                json!({"user_id": 5, "password": "x"}).to_string(),
                "application/json",
            ),
            StatusCode::BAD_REQUEST,
            "user_id",
        ),
        (
            post(
                json!({"user_id": "pat", "password": "x", "admin": true}).to_string(),
                "application/json",
            ),
            StatusCode::BAD_REQUEST,
            "admin",
        ),
        (
            post(
                json!({"user_id": "pat", "password": PASSWORD}).to_string(),
                "text/plain",
            ),
            StatusCode::BAD_REQUEST,
            "JSON",
        ),
        (
            post(
                format!(
                    "{{\"user_id\": \"pat\", \"password\": \"{}\"}}",
                    "x".repeat(70 * 1024)
                ),
                "application/json",
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "64 KiB",
        ),
    ];
    for (req, expected, mentions) in cases {
        let (status, body) = app.raw(req).await;
        assert_eq!(status, expected, "{body}");
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains(mentions),
            "the message names the problem ({mentions}): {message}"
        );
        assert!(body["code"].is_string());
    }
}

#[tokio::test]
async fn anonymous_callers_get_401_on_every_non_public_route() {
    let app = app_with_pat().await;
    for (method, path) in [
        (Method::GET, "/api/v1/me"),
        (Method::GET, "/api/v1/sessions"),
        (Method::DELETE, "/api/v1/sessions/current"),
        (Method::DELETE, "/api/v1/sessions/abc"),
    ] {
        let (status, body) = app.call(method.clone(), path, None, None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (
                StatusCode::UNAUTHORIZED,
                Some(ErrorCode::Unauthenticated.as_str())
            ),
            "{method} {path}"
        );
        let (status, _) = app
            .call(method.clone(), path, Some("not-a-real-token"), None)
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{method} {path} with a forged token"
        );
    }
    for path in ["/api/v1/health", "/api/v1/ready", "/api/v1/help-desk/info"] {
        let (status, _): (StatusCode, Value) = app.call(Method::GET, path, None, None).await;
        assert_eq!(status, StatusCode::OK, "{path} is public");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_saturated_hashing_pool_answers_503_with_retry_after_never_queues_without_bound() {
    // One worker, nobody waiting: a second sign-in while one hashes is refused at once.
    let hasher = dealer_portal::hashing::Hasher::new(1, 0);
    let app = std::sync::Arc::new(
        TestApp::with_hasher(
            dealer_testkit::db::sqlite().await,
            crate::support::app::generous_limits(),
            hasher,
        )
        .await,
    );
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    let attempts: Vec<_> = (0..16)
        .map(|_| {
            let app = std::sync::Arc::clone(&app);
            tokio::spawn(async move {
                let req = Request::post("/api/v1/sessions")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(
                        json!({"user_id": "pat", "password": PASSWORD}).to_string(),
                    ))
                    .unwrap();
                let response = app.response(req).await;
                let retry = response.headers().get(header::RETRY_AFTER).cloned();
                (response.status(), retry)
            })
        })
        .collect();
    let mut busy = 0;
    for attempt in attempts {
        let (status, retry) = attempt.await.unwrap();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            busy += 1;
            assert_eq!(
                retry.unwrap(),
                "1",
                "a refused caller is told when to retry"
            );
        } else {
            assert_eq!(status, StatusCode::CREATED);
        }
    }
    assert!(
        busy > 0,
        "16 concurrent sign-ins on one worker with no queue: some must be refused"
    );
}

#[tokio::test]
async fn a_hash_below_policy_is_upgraded_at_the_next_sign_in() {
    use argon2::password_hash::PasswordHasher;
    let app = app_with_pat().await;
    // A hash made with weaker parameters than policy (m = 4 MiB, t = 1), as an older
    // deployment might have stored.
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(4096, 1, 1, None).unwrap(),
    )
    .hash_password(PASSWORD.as_bytes())
    .unwrap()
    .to_string();
    assert!(weak.starts_with("$argon2id$v=19$m=4096,t=1,p=1$"));
    let pat = app.user("pat").await;
    let mut conn = app.store.pool().acquire().await.unwrap();
    app.store
        .set_password_hash(&mut conn, pat.pk, &weak, None)
        .await
        .unwrap();
    drop(conn);

    assert_eq!(
        app.sign_in("pat", PASSWORD).await.0,
        StatusCode::CREATED,
        "the old hash still verifies"
    );
    let stored = app.user("pat").await.password_hash.unwrap();
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "rehashed at policy on sign-in: {stored}"
    );
    assert_eq!(
        app.sign_in("pat", PASSWORD).await.0,
        StatusCode::CREATED,
        "and the new hash verifies"
    );
}

/// Sixteen sign-ins with the old password, queued behind one hashing worker (so, however
/// busy the machine, some still wait when the first is through), while the password is
/// changed and every session ended (what a reset, an unlock or a change does): a sign-in
/// whose password was checked against the old hash must not create a session after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ins_racing_a_password_change_create_no_session_that_outlives_it() {
    use std::sync::Arc;
    let app = Arc::new(
        TestApp::with_hasher(
            dealer_testkit::db::sqlite().await,
            crate::support::app::generous_limits(),
            dealer_portal::hashing::Hasher::new(1, 64),
        )
        .await,
    );
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    let pat = app.user("pat").await;
    let new_hash = app
        .state
        .hasher()
        .hash("a new password nobody typed")
        .await
        .unwrap();

    let sign_ins: Vec<_> = (0..16)
        .map(|_| {
            let app = Arc::clone(&app);
            tokio::spawn(async move { app.sign_in("pat", PASSWORD).await.0 })
        })
        .collect();
    // Once the first of them is through, the others have read the old hash and wait for
    // the one worker: the password changes under them.
    while app
        .store
        .sessions_of(
            pat.pk,
            app.state.settings().session_timeouts,
            app.clock_now(),
        )
        .await
        .unwrap()
        .is_empty()
    {
        tokio::time::sleep(StdDuration::from_millis(5)).await;
    }
    let mut tx = app.store.pool().begin().await.unwrap();
    app.store
        .set_password_hash(&mut tx, pat.pk, &new_hash, None)
        .await
        .unwrap();
    dealer_portal::store::sessions::revoke_all(&mut tx, pat.pk, app.clock_now())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut refused = 0;
    for sign_in in sign_ins {
        if sign_in.await.unwrap() == StatusCode::UNAUTHORIZED {
            refused += 1;
        }
    }
    let live = app
        .store
        .sessions_of(
            pat.pk,
            app.state.settings().session_timeouts,
            app.clock_now(),
        )
        .await
        .unwrap();
    assert!(
        live.is_empty(),
        "{} session(s) opened with the old password after it was changed ({refused} refused)",
        live.len()
    );
    assert!(refused > 0, "some sign-ins ran into the change");
}

/// A weak (below policy) hash is upgraded at sign-in; a password set meanwhile must win
/// over that upgrade, and the sign-in that checked the old one opens no session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rehash_never_overwrites_a_password_set_meanwhile() {
    let app = app_with_pat().await;
    let pat = app.user("pat").await;
    let old = pat.password_hash.clone().unwrap();
    let newer = app
        .state
        .hasher()
        .hash("a password set meanwhile")
        .await
        .unwrap();
    let fresh = app.state.hasher().hash(PASSWORD).await.unwrap();
    let mut conn = app.store.pool().acquire().await.unwrap();
    app.store
        .set_password_hash(&mut conn, pat.pk, &newer, None)
        .await
        .unwrap();
    assert!(
        !app.store
            .rehash_password(&mut conn, pat.pk, &old, &fresh)
            .await
            .unwrap(),
        "the upgrade of the old hash is refused"
    );
    assert_eq!(
        app.user("pat").await.password_hash.as_deref(),
        Some(newer.as_str()),
        "the password set meanwhile stays"
    );
    assert!(
        !app.store
            .record_sign_in(&mut conn, pat.pk, &old, app.clock_now())
            .await
            .unwrap(),
        "a sign-in checked against the old hash opens no session"
    );
    assert!(
        app.store
            .rehash_password(&mut conn, pat.pk, &newer, &fresh)
            .await
            .unwrap(),
        "the current hash may be upgraded"
    );
}

/// What is typed into the user-ID box may be a password: an ID that matches no account is
/// recorded by a keyed name, never as typed, in the audit log.
#[tokio::test]
async fn a_typed_user_id_that_is_no_account_is_never_audited_as_typed() {
    let app = app_with_pat().await;
    for typed in [
        "lantern orchard velvet",
        "Lantern Orchard Velvet ",
        "nobody.here",
    ] {
        app.sign_in(typed, "whatever was typed next").await;
    }
    app.sign_in("PAT", "a wrong password").await;
    let log = app.store.audit_log(None, None, 50).await.unwrap();
    let actors: Vec<String> = log
        .iter()
        .filter(|r| r.event == AuditEvent::SignIn)
        .map(|r| r.actor.clone().unwrap())
        .collect();
    assert_eq!(actors.len(), 4, "{actors:?}");
    assert!(
        actors.contains(&"pat".to_owned()),
        "an account by its own user ID: {actors:?}"
    );
    let unknown: Vec<_> = actors
        .iter()
        .filter(|a| a.starts_with("unknown:"))
        .collect();
    assert_eq!(unknown.len(), 3, "{actors:?}");
    let distinct: std::collections::HashSet<_> = unknown.iter().collect();
    assert_eq!(
        distinct.len(),
        2,
        "the same typing (case and spaces aside) gets the same name, so repeats show: {unknown:?}"
    );
    let dump = app.dump_table("audit_log").await.to_lowercase();
    assert!(
        !dump.contains("lantern") && !dump.contains("nobody.here"),
        "{dump}"
    );
}

#[tokio::test]
async fn ending_another_of_my_sessions_is_audited() {
    let app = app_with_pat().await;
    let here = app.token("pat", PASSWORD).await;
    let (_, other) = app.sign_in("pat", PASSWORD).await;
    let other_token = other["token"].as_str().unwrap().to_owned();
    let (_, sessions) = app
        .call(Method::GET, "/api/v1/sessions", Some(&here), None)
        .await;
    let other_id = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/sessions/{other_id}"),
            Some(&here),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&other_token), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let log = app.store.audit_log(Some("01234"), None, 50).await.unwrap();
    let revoked: Vec<_> = log
        .iter()
        .filter(|r| r.event == AuditEvent::SessionRevoked)
        .collect();
    assert_eq!(revoked.len(), 1, "the owner's office manager can see it");
    assert_eq!(revoked[0].actor.as_deref(), Some("pat"));
}

/// A flood against a rate limit leaves one audit row a minute, not one per refusal.
#[tokio::test]
async fn rate_limit_refusals_are_audited_aggregated() {
    let limits = Limits {
        by_ip: RateLimiter::new(2, StdDuration::from_secs(60)),
        by_user: RateLimiter::new(1000, StdDuration::from_secs(60)),
        public: RateLimiter::new(1000, StdDuration::from_secs(60)),
        ..Limits::default()
    };
    let app = TestApp::with(dealer_testkit::db::sqlite().await, limits).await;
    let mut refused = 0;
    for i in 0..12 {
        if app.sign_in(&format!("guess{i}"), "wrong").await.0 == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert_eq!(refused, 10);
    let log = app.store.audit_log(None, None, 100).await.unwrap();
    let rows: Vec<_> = log
        .iter()
        .filter(|r| r.event == AuditEvent::RateLimited)
        .collect();
    assert_eq!(rows.len(), 1, "one row for the burst: {rows:?}");
    assert_eq!(rows[0].outcome, dealer_api::AuditOutcome::Refused);
    assert_eq!(
        rows[0].detail,
        Some(AuditDetail::RateLimited {
            route: "/api/v1/sessions".into(),
            refusals: 1
        }),
        "the first refusal; the rest are counted toward the next row"
    );
}

/// With `DEALER_PASSWORD_PEPPER` set, a password hashed before it keeps working and is
/// re-hashed with the pepper at its owner's sign-in; the key never reaches the database.
#[tokio::test]
async fn a_hash_from_before_the_pepper_is_upgraded_at_sign_in() {
    let key = "5c".repeat(32);
    let peppers = dealer_portal::pepper::Peppers::parse(&format!("p1:{key}")).unwrap();
    let app = TestApp::with_hasher(
        dealer_testkit::db::sqlite().await,
        crate::support::app::generous_limits(),
        dealer_portal::hashing::Hasher::with_peppers(2, 64, peppers),
    )
    .await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    let pat = app.user("pat").await;
    let before = dealer_portal::hashing::Hasher::new(1, 4)
        .hash(PASSWORD)
        .await
        .unwrap();
    let mut conn = app.store.pool().acquire().await.unwrap();
    app.store
        .set_password_hash(&mut conn, pat.pk, &before, None)
        .await
        .unwrap();
    drop(conn);

    assert_eq!(
        app.sign_in("pat", PASSWORD).await.0,
        StatusCode::CREATED,
        "the old hash works"
    );
    let stored = app.user("pat").await.password_hash.unwrap();
    assert!(
        stored.contains("keyid="),
        "re-hashed with the pepper: {stored}"
    );
    assert_eq!(app.sign_in("pat", PASSWORD).await.0, StatusCode::CREATED);
    for table in ["users", "user_questions", "server_secrets", "audit_log"] {
        assert!(
            !app.dump_table(table).await.contains(&key),
            "the pepper's key is never in {table}"
        );
    }
}
