//! Two-step sign-in's store (issue 16, migration 0008): the secret sealed at rest, a code's
//! step and a recovery code each usable once however many requests race, and a reset that
//! leaves nothing behind. Every test runs on SQLite and on PostgreSQL.

use crate::support::app::TestApp;
use crate::support::requests::{PASSWORD, dealerships_with};
use axum::http::{Method, StatusCode};
use dealer_core::two_step::{CodeError, RECOVERY_CODES, RecoveryCode, TotpSecret};
use dealer_portal::store::two_step;
use dealer_portal::store::{StoreError, UserKey};
use dealer_portal::workflow::two_step::{self as workflow, CodeCheck};
use serde_json::{Value, json};

/// Run `tasks` at once (spawned on the runtime) and collect what each returned.
async fn all<T: Send + 'static>(
    tasks: impl IntoIterator<Item = impl std::future::Future<Output = T> + Send + 'static>,
) -> Vec<T> {
    let handles: Vec<_> = tasks.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

fn secret() -> TotpSecret {
    TotpSecret::from_random(*b"12345678901234567890")
}

fn recovery_codes() -> Vec<RecoveryCode> {
    (0..RECOVERY_CODES as u8)
        .map(|i| RecoveryCode::from_random([6, 5, 4, 3, 2, 1, i]))
        .collect()
}

/// The two dealerships and the provider's people, on a portal with the real policy: two-step
/// sign-in required for office managers and the provider's people, optional for staff.
async fn dealerships(store: dealer_testkit::db::TestStore) -> TestApp {
    dealerships_with(store, dealer_portal::Settings::default()).await
}

async fn maria(app: &TestApp) -> UserKey {
    app.user("maria").await.pk
}

async fn set_up(app: &TestApp, user: UserKey) {
    let mut conn = app.store.pool().acquire().await.unwrap();
    two_step::begin(&mut conn, user, &secret(), app.clock_now())
        .await
        .unwrap();
    assert!(
        two_step::confirm(&mut conn, user, 100, &recovery_codes(), app.clock_now())
            .await
            .unwrap()
    );
}

/// The secret is in the database only sealed: neither its bytes, nor its base 32 (what
/// the authenticator app is given), nor the bytes in hex appear in the row; and it reads
/// back as the same secret. Set-up is unconfirmed until a code proves it was copied.
async fn the_secret_is_sealed_at_rest_and_confirmed_by_a_code(app: TestApp) {
    let user = maria(&app).await;
    let mut conn = app.store.pool().acquire().await.unwrap();
    two_step::begin(&mut conn, user, &secret(), app.clock_now())
        .await
        .unwrap();
    let stored: String = sqlx::query_scalar("SELECT secret_sealed FROM two_step")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    for clear in [
        "12345678901234567890".to_owned(),
        secret().base32().to_string(),
        hex::encode(secret().as_bytes()),
    ] {
        assert!(!stored.contains(&clear), "the secret in clear: {clear}");
    }
    assert!(stored.starts_with("sealed:v1:"), "{stored}");
    let read = app
        .store
        .two_step_of(user, app.clock_now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        read.secret.as_bytes(),
        secret().as_bytes(),
        "unseals to itself"
    );
    assert_eq!(
        read.confirmed_at, None,
        "not asked for at sign-in until confirmed"
    );

    assert!(
        two_step::confirm(&mut conn, user, 100, &recovery_codes(), app.clock_now())
            .await
            .unwrap()
    );
    let read = app
        .store
        .two_step_of(user, app.clock_now())
        .await
        .unwrap()
        .unwrap();
    assert!(read.confirmed_at.is_some());
    assert_eq!(read.last_step, Some(100), "the confirming code is used up");
    assert!(
        !two_step::confirm(&mut conn, user, 101, &recovery_codes(), app.clock_now())
            .await
            .unwrap(),
        "confirmed once"
    );
    assert!(
        matches!(
            two_step::begin(&mut conn, user, &secret(), app.clock_now()).await,
            Err(StoreError::Conflict)
        ),
        "a confirmed secret is not replaced by starting over: it is reset first"
    );
    assert_eq!(
        two_step::unused_recovery_codes(&mut conn, user)
            .await
            .unwrap(),
        RECOVERY_CODES as u32
    );
}

/// Twenty requests with the same code at once: one is accepted, and neither that step nor
/// an earlier one ever again; a later step is.
async fn a_step_is_used_once_however_many_race_for_it(app: TestApp) {
    let user = maria(&app).await;
    set_up(&app, user).await;
    let uses = (0..20).map(|_| {
        let pool = app.store.pool().clone();
        async move {
            let mut conn = pool.acquire().await.unwrap();
            two_step::use_step(&mut conn, user, 200).await.unwrap()
        }
    });
    let accepted = all(uses).await.into_iter().filter(|ok| *ok).count();
    assert_eq!(accepted, 1, "one of twenty uses of one code");
    let mut conn = app.store.pool().acquire().await.unwrap();
    assert!(
        !two_step::use_step(&mut conn, user, 199).await.unwrap(),
        "an older step"
    );
    assert!(
        two_step::use_step(&mut conn, user, 201).await.unwrap(),
        "the next step"
    );
}

/// A recovery code works once and says how many are left; of ten concurrent uses of one
/// code exactly one gets through; a code of someone else, or a made-up one, never does.
async fn a_recovery_code_works_once_and_counts_down(app: TestApp) {
    let user = maria(&app).await;
    let other = app.user("sam").await.pk;
    set_up(&app, user).await;
    let codes = recovery_codes();
    let now = app.clock_now();
    let secret = app
        .store
        .server_secret(two_step::RECOVERY_SECRET, now)
        .await
        .unwrap();
    let uses = (0..10).map(|_| {
        let pool = app.store.pool().clone();
        let code = codes[0].clone();
        async move {
            let mut conn = pool.acquire().await.unwrap();
            two_step::use_recovery_code(&mut conn, user, &code, &secret, now)
                .await
                .unwrap()
        }
    });
    let left: Vec<u32> = all(uses).await.into_iter().flatten().collect();
    assert_eq!(left, [RECOVERY_CODES as u32 - 1], "one use, nine left");
    let mut conn = app.store.pool().acquire().await.unwrap();
    assert_eq!(
        two_step::use_recovery_code(&mut conn, user, &codes[1], &secret, now)
            .await
            .unwrap(),
        Some(RECOVERY_CODES as u32 - 2)
    );
    assert_eq!(
        two_step::use_recovery_code(&mut conn, other, &codes[2], &secret, now)
            .await
            .unwrap(),
        None,
        "maria's code is not sam's"
    );
    let made_up = RecoveryCode::parse("aaaaa-aaaaa").unwrap();
    assert_eq!(
        two_step::use_recovery_code(&mut conn, user, &made_up, &secret, now)
            .await
            .unwrap(),
        None
    );
    let stored: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes")
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    for code in &codes {
        assert!(
            stored.iter().all(|h| !h.contains(code.expose())),
            "recovery codes are stored hashed"
        );
    }
}

/// A reset removes the secret and every recovery code; setting up starts afresh.
async fn a_reset_leaves_nothing_and_set_up_starts_again(app: TestApp) {
    let user = maria(&app).await;
    set_up(&app, user).await;
    let mut conn = app.store.pool().acquire().await.unwrap();
    assert!(two_step::remove(&mut conn, user).await.unwrap());
    assert!(
        app.store
            .two_step_of(user, app.clock_now())
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        two_step::unused_recovery_codes(&mut conn, user)
            .await
            .unwrap(),
        0
    );
    assert!(
        !two_step::remove(&mut conn, user).await.unwrap(),
        "nothing left to remove"
    );
    two_step::begin(&mut conn, user, &secret(), app.clock_now())
        .await
        .unwrap();
    assert_eq!(
        app.store
            .two_step_of(user, app.clock_now())
            .await
            .unwrap()
            .unwrap()
            .last_step,
        None,
        "a new set-up has used no step"
    );
}

/// Set-up is confirmed only by a code of the new secret, and yields ten recovery codes,
/// shown once; a confirmed set-up is not started over.
async fn set_up_is_confirmed_by_the_first_code_and_yields_ten_recovery_codes(app: TestApp) {
    let user = maria(&app).await;
    let secret = workflow::begin(&app.state, user).await.unwrap();
    let now = unix(&app);
    let wrong = secret.code_at(now - 120);
    assert_eq!(
        workflow::confirm(&app.state, user, &wrong, None)
            .await
            .unwrap(),
        Err(CodeError::Wrong),
        "a code two minutes old does not confirm"
    );
    let codes = workflow::confirm(&app.state, user, &secret.code_at(now), None)
        .await
        .unwrap()
        .expect("the code for now confirms");
    assert_eq!(codes.len(), RECOVERY_CODES);
    let distinct: std::collections::HashSet<String> =
        codes.iter().map(|c| c.expose().to_owned()).collect();
    assert_eq!(distinct.len(), RECOVERY_CODES, "ten different codes");
    assert!(
        workflow::begin(&app.state, user).await.is_err(),
        "on already: the help desk resets it before a new phone"
    );
}

/// The second step's check as the sign-in runs it: what it uses up is committed.
async fn check_code(
    state: &dealer_portal::AppState,
    user: dealer_portal::store::UserKey,
    typed: &str,
) -> CodeCheck {
    let stored = workflow::stored(state, user).await.unwrap();
    let mut tx = state.store().pool().begin().await.unwrap();
    let checked = workflow::check(state, &mut tx, user, &stored, typed)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    checked
}

/// At the second step a code works once: the one that confirmed set-up, or any code again,
/// is a replay; the next step's code works; two steps away does not; a recovery code works
/// once and says how many are left; someone without two-step sign-in is told apart.
async fn the_second_step_takes_each_code_once(app: TestApp) {
    let user = maria(&app).await;
    let secret = workflow::begin(&app.state, user).await.unwrap();
    let codes = workflow::confirm(&app.state, user, &secret.code_at(unix(&app)), None)
        .await
        .unwrap()
        .unwrap();
    let check = |typed: String| {
        let state = app.state.clone();
        async move { check_code(&state, user, &typed).await }
    };
    assert_eq!(
        check(secret.code_at(unix(&app))).await,
        CodeCheck::Refused(CodeError::Replayed),
        "the confirming code is used up"
    );
    app.clock.advance(chrono::Duration::seconds(30));
    assert_eq!(check(secret.code_at(unix(&app))).await, CodeCheck::Accepted);
    assert_eq!(
        check(secret.code_at(unix(&app))).await,
        CodeCheck::Refused(CodeError::Replayed)
    );
    app.clock.advance(chrono::Duration::seconds(90));
    assert_eq!(
        check(secret.code_at(unix(&app) - 60)).await,
        CodeCheck::Refused(CodeError::Wrong),
        "two steps old"
    );
    assert_eq!(
        check(codes[3].shown().to_string()).await,
        CodeCheck::Recovery {
            left: RECOVERY_CODES as u32 - 1
        }
    );
    assert_eq!(
        check(codes[3].shown().to_string()).await,
        CodeCheck::Refused(CodeError::Wrong),
        "a recovery code works once"
    );
    assert_eq!(
        check("not a code".into()).await,
        CodeCheck::Refused(CodeError::Malformed)
    );
    let sam = app.user("sam").await.pk;
    assert_eq!(
        check_code(&app.state, sam, "123456").await,
        CodeCheck::NotSetUp
    );
}

/// Between the two steps: a token stands for the right password for five minutes, with
/// the hash it was checked against; it is used up once (of ten racing uses, one), and is
/// worth nothing after five minutes. Only its hash is stored.
async fn a_pending_sign_in_lasts_five_minutes_and_is_used_once(app: TestApp) {
    let user = maria(&app).await;
    let now = app.clock_now();
    let mut conn = app.store.pool().acquire().await.unwrap();
    let (token, expires_at) = two_step::start_pending(&mut conn, user, "$argon2id$hash", now)
        .await
        .unwrap();
    assert_eq!(expires_at, now + chrono::Duration::minutes(5));
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM two_step_pending")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_ne!(stored, token.expose(), "only the token's hash is stored");
    let pending = two_step::pending(&mut conn, token.expose(), now)
        .await
        .unwrap()
        .expect("live");
    assert_eq!(pending.user_pk, user);
    assert_eq!(pending.password_hash, "$argon2id$hash");
    assert_eq!(
        two_step::pending(&mut conn, token.expose(), expires_at)
            .await
            .unwrap(),
        None,
        "worth nothing once five minutes are up"
    );
    assert!(
        !two_step::finish_pending(&mut conn, token.expose(), expires_at)
            .await
            .unwrap(),
        "nor usable"
    );
    drop(conn);
    let token = token.expose().to_owned();
    let uses = (0..10).map(|_| {
        let pool = app.store.pool().clone();
        let token = token.clone();
        async move {
            let mut conn = pool.acquire().await.unwrap();
            two_step::finish_pending(&mut conn, &token, now)
                .await
                .unwrap()
        }
    });
    let finished = all(uses).await.into_iter().filter(|ok| *ok).count();
    assert_eq!(finished, 1, "one of ten racing uses");
    let mut conn = app.store.pool().acquire().await.unwrap();
    assert_eq!(
        two_step::pending(&mut conn, &token, now).await.unwrap(),
        None,
        "used"
    );
}

/// Maria with two-step sign-in on (the secret and her recovery codes), a minute later.
async fn with_two_step(app: &TestApp) -> (TotpSecret, Vec<RecoveryCode>) {
    let user = maria(app).await;
    let secret = workflow::begin(&app.state, user).await.unwrap();
    let codes = workflow::confirm(&app.state, user, &secret.code_at(unix(app)), None)
        .await
        .unwrap()
        .unwrap();
    app.clock.advance(chrono::Duration::minutes(1));
    (secret, codes)
}

async fn second_step(app: &TestApp, token: &str, code: &str) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/sessions/two-step",
        None,
        Some(json!({"two_step_token": token, "code": code})),
    )
    .await
}

/// With two-step sign-in on, the right password gives no session, only a token for the
/// second step (which is no bearer token); a wrong password answers exactly as without
/// two-step sign-in; the code opens the session; a code works once; a recovery code works
/// too, once.
async fn with_two_step_on_there_is_no_session_until_the_code(app: TestApp) {
    let (wrong_status, wrong_body) = app.sign_in("maria", "not her password").await;
    let (secret, codes) = with_two_step(&app).await;
    let (status, body) = app.sign_in("maria", PASSWORD).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert!(body.get("token").is_none(), "no session yet: {body}");
    let token = body["two_step_token"].as_str().unwrap().to_owned();
    let (status, _) = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the step's token opens nothing"
    );
    assert_eq!(
        app.sign_in("maria", "not her password").await,
        (wrong_status, wrong_body),
        "a wrong password answers as it does without two-step sign-in"
    );

    let (status, body) = second_step(&app, &token, &secret.code_at(unix(&app))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let session = body["token"].as_str().unwrap().to_owned();
    let (status, me) = app
        .call(Method::GET, "/api/v1/me", Some(&session), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let (status, _) = second_step(&app, &token, &secret.code_at(unix(&app))).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the step's token is used up"
    );

    let (_, body) = app.sign_in("maria", PASSWORD).await;
    let token = body["two_step_token"].as_str().unwrap().to_owned();
    let (status, body) = second_step(&app, &token, &secret.code_at(unix(&app))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("wrong_code")),
        "the same code again is a replay: {body}"
    );
    let (status, body) = second_step(&app, &token, &codes[0].shown()).await;
    assert_eq!(status, StatusCode::CREATED, "a recovery code: {body}");
    assert_eq!(
        body["recovery_codes_left"], 9,
        "and how many are left: {body}"
    );
    let (_, body) = app.sign_in("maria", PASSWORD).await;
    let token = body["two_step_token"].as_str().unwrap().to_owned();
    let (status, _) = second_step(&app, &token, &codes[0].shown()).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a recovery code works once"
    );
    let log = app.dump_table("audit_log").await;
    for outcome in ["code_asked", "wrong_code", "recovery_code_used"] {
        assert!(log.contains(outcome), "{outcome} is audited");
    }
}

/// Wrong codes count toward the same lockout as wrong passwords: twenty at once with one
/// token lock the account once, with one mail to its owner; then even the right code gets
/// only `invalid_credentials`. A token is worth nothing after five minutes.
async fn wrong_codes_lock_like_wrong_passwords(app: TestApp) {
    let (secret, _) = with_two_step(&app).await;
    let (_, body) = app.sign_in("maria", PASSWORD).await;
    let token = body["two_step_token"].as_str().unwrap().to_owned();
    let app = std::sync::Arc::new(app);
    let tries = (0..20).map(|i| {
        let (app, token) = (std::sync::Arc::clone(&app), token.clone());
        async move {
            second_step(&app, &token, &format!("{:06}", 100_000 + i))
                .await
                .0
        }
    });
    let statuses = all(tries).await;
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::BAD_REQUEST || *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    assert!(
        app.user("maria").await.is_locked(),
        "locked at the threshold"
    );
    let threshold = app.state.settings().lockout.max_attempts();
    assert!(
        app.user("maria").await.failed_attempts >= threshold,
        "every attempt is counted, for the help desk's record"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::BAD_REQUEST)
            .count(),
        usize::try_from(threshold).unwrap() - 1,
        "every code before the locking one was told it was wrong; the rest got the one answer: {statuses:?}"
    );
    let locks = app
        .mail_kinds("maria@example.com")
        .await
        .iter()
        .filter(|k| *k == "account_locked")
        .count();
    assert_eq!(locks, 1, "one lock, one mail");
    let (status, body) = second_step(&app, &token, &secret.code_at(unix(&app))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_credentials")),
        "locked: the right code opens nothing"
    );
}

async fn a_second_step_after_five_minutes_is_refused(app: TestApp) {
    let (secret, _) = with_two_step(&app).await;
    let (_, body) = app.sign_in("maria", PASSWORD).await;
    let token = body["two_step_token"].as_str().unwrap().to_owned();
    app.clock.advance(chrono::Duration::minutes(5));
    let (status, body) = second_step(&app, &token, &secret.code_at(unix(&app))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_credentials")),
        "{body}"
    );
}

/// Set-up through the API: my status says off and whether my role must use it; set-up gives
/// the QR code's URI and the secret to type; only a right code turns it on, with ten
/// recovery codes shown once; then sign-in asks for a code, my status says on with ten left
/// (and never shows the secret again), and starting over is refused.
async fn i_set_up_two_step_sign_in_from_my_account(app: TestApp) {
    let token = app.token("maria", PASSWORD).await;
    let (status, body) = app
        .call(Method::GET, "/api/v1/me/two-step", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"on": false, "requirement": "required", "recovery_codes_left": 0}),
        "an office manager must use it, by default"
    );
    let zed = app.token("zed", PASSWORD).await;
    let (_, body) = app
        .call(Method::GET, "/api/v1/me/two-step", Some(&zed), None)
        .await;
    assert_eq!(body["requirement"], "optional", "staff may");

    let (status, setup) = app
        .call(Method::POST, "/api/v1/me/two-step", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{setup}");
    let uri = setup["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/Dealer%20Access:maria%20%28"),
        "labelled with the user ID and dealership: {uri}"
    );
    let secret = app
        .store
        .two_step_of(maria(&app).await, app.clock_now())
        .await
        .unwrap()
        .unwrap()
        .secret;
    assert_eq!(setup["secret"], secret.grouped().as_str());
    assert!(uri.contains(secret.base32().as_str()));

    let confirm = |code: String| {
        let (app, token) = (&app, token.clone());
        async move {
            app.call(
                Method::POST,
                "/api/v1/me/two-step/confirm",
                Some(&token),
                Some(json!({ "code": code })),
            )
            .await
        }
    };
    let (status, body) = confirm(secret.code_at(unix(&app) - 90)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("wrong_code")),
        "{body}"
    );
    let (status, body) = confirm(secret.code_at(unix(&app))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let codes = body["codes"].as_array().unwrap();
    assert_eq!(codes.len(), RECOVERY_CODES);
    assert!(
        codes
            .iter()
            .all(|c| RecoveryCode::parse(c.as_str().unwrap()).is_some())
    );

    let (_, body) = app
        .call(Method::GET, "/api/v1/me/two-step", Some(&token), None)
        .await;
    assert_eq!(
        body,
        json!({"on": true, "requirement": "required", "recovery_codes_left": 10})
    );
    let (status, _) = app
        .call(Method::POST, "/api/v1/me/two-step", Some(&token), None)
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "on already: a new phone needs a reset"
    );
    let (status, _) = app.sign_in("maria", PASSWORD).await;
    assert_eq!(status, StatusCode::ACCEPTED, "sign-in now asks for a code");
    assert!(
        app.dump_table("audit_log")
            .await
            .contains("two_step_enabled")
    );
}

async fn sign_in_on(
    app: &TestApp,
    user_id: &str,
    password: &str,
    device: &str,
) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/sessions",
        None,
        Some(json!({"user_id": user_id, "password": password, "device_token": device})),
    )
    .await
}

/// A person's own computer, remembered at a right second step, skips the code for 30 days:
/// only with the right password, only for its owner, and until it is forgotten from My
/// account or the help desk resets two-step sign-in. The database keeps only its hash.
async fn a_remembered_computer_skips_the_code_for_30_days_until_forgotten(app: TestApp) {
    let (secret, _) = with_two_step(&app).await;
    let (_, body) = app.sign_in("maria", PASSWORD).await;
    let token = body["two_step_token"].as_str().unwrap().to_owned();
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/sessions/two-step",
            None,
            Some(json!({"two_step_token": token, "code": secret.code_at(unix(&app)), "remember_device": true})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let device = body["device_token"]
        .as_str()
        .expect("the computer's token, once")
        .to_owned();
    let session = body["token"].as_str().unwrap().to_owned();
    assert!(
        !app.dump_table("remembered_devices").await.contains(&device),
        "only its hash is stored"
    );

    let (status, body) = sign_in_on(&app, "maria", PASSWORD, &device).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "no code on this computer: {body}"
    );
    assert!(
        body.get("device_token").is_none(),
        "nothing new to keep: {body}"
    );
    let (status, _) = sign_in_on(&app, "maria", "not her password", &device).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "never instead of the password"
    );
    let (status, body) = sign_in_on(&app, "maria", "", &device).await;
    assert!(status.is_client_error(), "{body}");
    // Someone else with two-step sign-in on gets nothing from maria's computer token.
    let sam = app.user("sam").await.pk;
    set_up(&app, sam).await;
    let (status, _) = sign_in_on(&app, "sam", PASSWORD, &device).await;
    assert_eq!(status, StatusCode::ACCEPTED, "the code is asked of sam");
    let log = app.dump_table("audit_log").await;
    assert!(
        log.contains("device_remembered"),
        "the skipped code is audited"
    );

    let (status, list) = app
        .call(Method::GET, "/api/v1/me/devices", Some(&session), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 1, "{list:?}");
    assert!(!list[0].to_string().contains(&device), "never the token");
    let id = list[0]["id"].as_str().unwrap();
    let zed = app.token("zed", PASSWORD).await;
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/me/devices/{id}"),
            Some(&zed),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "someone else's computer is not mine to forget"
    );
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/v1/me/devices/{id}"),
            Some(&session),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = sign_in_on(&app, "maria", PASSWORD, &device).await;
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "forgotten: the code is asked again"
    );

    // Remembered again, it lasts 30 days; and a reset forgets it.
    let pk = maria(&app).await;
    let mut conn = app.store.pool().acquire().await.unwrap();
    let again = two_step::remember_device(&mut conn, pk, None, None, app.clock_now())
        .await
        .unwrap();
    drop(conn);
    app.clock.advance(chrono::Duration::days(29));
    let (status, _) = sign_in_on(&app, "maria", PASSWORD, again.expose()).await;
    assert_eq!(status, StatusCode::CREATED, "day 29");
    app.clock
        .advance(chrono::Duration::days(1) + chrono::Duration::minutes(1));
    let (status, _) = sign_in_on(&app, "maria", PASSWORD, again.expose()).await;
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "past 30 days the code is asked again"
    );
    let mut conn = app.store.pool().acquire().await.unwrap();
    let kept = two_step::remember_device(&mut conn, pk, None, None, app.clock_now())
        .await
        .unwrap();
    assert!(two_step::remove(&mut conn, pk).await.unwrap());
    assert!(
        !two_step::device_remembered(&mut conn, pk, kept.expose(), app.clock_now())
            .await
            .unwrap(),
        "a reset of two-step sign-in forgets every remembered computer"
    );
}

/// A secret that no longer unseals (the sealing key changed) is no server error: the
/// person is told to use a recovery code, which still works, or to call the help desk; the
/// failure does not count toward the lockout.
async fn a_secret_that_no_longer_unseals_leaves_the_recovery_codes(app: TestApp) {
    let (secret, codes) = with_two_step(&app).await;
    sqlx::query("UPDATE two_step SET secret_sealed = 'sealed:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let (_, body) = app.sign_in("maria", PASSWORD).await;
    let token = body["two_step_token"].as_str().unwrap().to_owned();
    let (status, body) = second_step(&app, &token, &secret.code_at(unix(&app))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("two_step_unavailable")),
        "{body}"
    );
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("recovery codes") && message.contains("1-800-555-0142"),
        "says what still works and whom to call: {message}"
    );
    assert_eq!(
        app.user("maria").await.failed_attempts,
        0,
        "not the person's failure"
    );
    let (status, body) = second_step(&app, &token, &codes[0].shown()).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "a recovery code still signs in: {body}"
    );
}

/// Signed in with the password only, someone whose role must use two-step sign-in may see
/// themselves, set it up and sign out, and nothing else: every other request is `403
/// two_step_setup_required` until the first code confirms it. Staff are not held back;
/// and where office managers are relaxed to `optional`, only the provider's people are.
async fn a_role_that_must_use_it_sets_it_up_before_anything_else(app: TestApp) {
    let token = app.token("maria", PASSWORD).await;
    let (status, me) = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["two_step_setup_required"], true, "{me}");
    for (method, path) in [
        (Method::GET, "/api/v1/dealers/01234/users"),
        (Method::GET, "/api/v1/dealers/01234/requests"),
        (Method::GET, "/api/v1/sessions"),
    ] {
        let (status, body) = app.call(method, path, Some(&token), None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("two_step_setup_required")),
            "{path} waits for the set-up: {body}"
        );
    }
    let reviewer = app.token("sam", PASSWORD).await;
    let (status, body) = app
        .call(Method::GET, "/api/v1/review/queue", Some(&reviewer), None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("two_step_setup_required")),
        "a reviewer too: {body}"
    );
    let staff = app.token("zed", PASSWORD).await;
    let (status, me) = app
        .call(Method::GET, "/api/v1/me", Some(&staff), None)
        .await;
    assert_eq!(
        (status, &me["two_step_setup_required"]),
        (StatusCode::OK, &json!(false))
    );
    let (status, _) = app
        .call(Method::GET, "/api/v1/sessions", Some(&staff), None)
        .await;
    assert_eq!(status, StatusCode::OK, "staff may choose it");

    let (status, setup) = app
        .call(Method::POST, "/api/v1/me/two-step", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{setup}");
    let secret = TotpSecret::from_base32(setup["secret"].as_str().unwrap()).unwrap();
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/me/two-step/confirm",
            Some(&token),
            Some(json!({ "code": secret.code_at(unix(&app)) })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/users",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "set up: the same session goes on: {body}"
    );
    let (_, me) = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(me["two_step_setup_required"], false);

    let (status, _) = app
        .call(
            Method::DELETE,
            "/api/v1/sessions/current",
            Some(&reviewer),
            None,
        )
        .await;
    assert!(
        status.is_success(),
        "signing out is allowed before the set-up: {status}"
    );
}

/// A temporary password is changed first, then two-step sign-in is set up: the set-up
/// routes answer `password_change_required` until the password is the person's own.
async fn a_temporary_password_is_changed_before_the_set_up(app: TestApp) {
    let token = app.token("sam", PASSWORD).await;
    sqlx::query("UPDATE users SET must_change_password = 1 WHERE user_id = 'sam'")
        .execute(app.store.pool())
        .await
        .unwrap();
    for method in [Method::GET, Method::POST] {
        let (status, body) = app
            .call(method, "/api/v1/me/two-step", Some(&token), None)
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("password_change_required")),
            "{body}"
        );
    }
    let (_, me) = app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(
        (&me["must_change_password"], &me["two_step_setup_required"]),
        (&json!(true), &json!(true)),
        "both are ahead, the password first: {me}"
    );
}

/// Where a portal relaxes office managers to `optional`, they go straight in; the
/// provider's people still set it up first.
#[tokio::test]
async fn office_managers_may_be_relaxed_and_the_providers_people_may_not() {
    let settings = dealer_portal::Settings {
        two_step: dealer_core::two_step::TwoStepPolicy {
            office_managers: dealer_core::two_step::Requirement::Optional,
            ..Default::default()
        },
        ..Default::default()
    };
    let app = dealerships_with(dealer_testkit::db::sqlite().await, settings).await;
    let maria = app.token("maria", PASSWORD).await;
    let (status, body) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/users",
            Some(&maria),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let kim = app.token("kim", PASSWORD).await;
    let (status, body) = app
        .call(Method::GET, "/api/v1/help-desk/users/zed", Some(&kim), None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("two_step_setup_required")),
        "{body}"
    );
}

/// The second step is all or nothing: when the session cannot be opened (the password was
/// changed between the two steps), the code's step, the step's token and the sign-in's
/// record are left as they were, and no session exists.
async fn a_second_step_that_cannot_open_a_session_uses_nothing(app: TestApp) {
    let (secret, _) = with_two_step(&app).await;
    let (_, body) = app.sign_in("maria", PASSWORD).await;
    let token = body["two_step_token"].as_str().unwrap().to_owned();
    let pool = app.store.pool();
    let last_step = || async {
        sqlx::query_scalar::<_, Option<i64>>("SELECT last_step FROM two_step")
            .fetch_one(pool)
            .await
            .unwrap()
    };
    let before = (
        last_step().await,
        count(&app, "SELECT COUNT(*) FROM sessions").await,
        count(
            &app,
            "SELECT COUNT(*) FROM two_step_pending WHERE used_at IS NOT NULL",
        )
        .await,
        count(&app, "SELECT COUNT(*) FROM audit_log").await,
    );
    sqlx::query("UPDATE users SET password_hash = 'changed meanwhile' WHERE user_id = 'maria'")
        .execute(pool)
        .await
        .unwrap();
    let (status, body) = second_step(&app, &token, &secret.code_at(unix(&app))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(
        (
            last_step().await,
            count(&app, "SELECT COUNT(*) FROM sessions").await,
            count(
                &app,
                "SELECT COUNT(*) FROM two_step_pending WHERE used_at IS NOT NULL"
            )
            .await,
            count(&app, "SELECT COUNT(*) FROM audit_log").await,
        ),
        before,
        "the code's step, the token, the sessions and the audit log are as they were"
    );
}

/// Four second steps at once with the one right code, two on each of two sign-ins (two
/// computers): one opens a session, and the code's step, one token and one success in
/// the audit log are all it used; the others are refused and open nothing: a replayed
/// code is a wrong code (counted toward the lockout, like a wrong password), a sign-in
/// already finished has expired.
async fn a_code_opens_one_session_however_many_second_steps_race(app: TestApp) {
    let (secret, _) = with_two_step(&app).await;
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let (_, body) = app.sign_in("maria", PASSWORD).await;
        tokens.push(body["two_step_token"].as_str().unwrap().to_owned());
    }
    let successes =
        "SELECT COUNT(*) FROM audit_log WHERE event = 'sign_in' AND outcome = 'success'";
    let before = (
        count(&app, "SELECT COUNT(*) FROM sessions").await,
        count(&app, successes).await,
    );
    let code = secret.code_at(unix(&app));
    let app = std::sync::Arc::new(app);
    let steps = [0, 1, 0, 1].map(|i| {
        let (app, token, code) = (std::sync::Arc::clone(&app), tokens[i].clone(), code.clone());
        async move { (i, second_step(&app, &token, &code).await.0) }
    });
    let statuses = all(steps).await;
    let won: Vec<_> = statuses
        .iter()
        .filter(|(_, status)| *status == StatusCode::CREATED)
        .collect();
    assert_eq!(
        won.len(),
        1,
        "a code's step is used once, so one of the racing second steps signs in: {statuses:?}"
    );
    let winner = won[0].0;
    assert!(
        statuses
            .iter()
            .filter(|(i, _)| *i != winner)
            .all(|(_, status)| *status == StatusCode::BAD_REQUEST),
        "on the other computer, whose sign-in is still open, the code is a replay: a wrong code \
         (400): {statuses:?}"
    );
    assert!(
        statuses.iter().all(|(_, status)| [
            StatusCode::CREATED,
            StatusCode::BAD_REQUEST,
            StatusCode::UNAUTHORIZED
        ]
        .contains(status)),
        "the winning sign-in's other request is refused as a replay or as expired: {statuses:?}"
    );
    assert_eq!(
        (
            count(&app, "SELECT COUNT(*) FROM sessions").await,
            count(&app, successes).await,
            count(
                &app,
                "SELECT COUNT(*) FROM two_step_pending WHERE used_at IS NOT NULL"
            )
            .await,
        ),
        (before.0 + 1, before.1 + 1, 1),
        "one session, one success audited, one of Maria's two sign-ins used up (hers are the \
         only ones here)"
    );
    let maria = maria(&app).await;
    let step: Option<i64> = sqlx::query_scalar("SELECT last_step FROM two_step WHERE user_pk = $1")
        .bind(maria)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(
        step,
        Some(i64::try_from(unix(&app) / 30).unwrap()),
        "the code's step is the last used"
    );
    let replays = statuses
        .iter()
        .filter(|(_, status)| *status == StatusCode::BAD_REQUEST)
        .count();
    assert_eq!(
        usize::try_from(app.user("maria").await.failed_attempts).unwrap(),
        replays,
        "each replay counts toward the lockout, after the sign-in that used the code: \
         {statuses:?}"
    );
}

/// The one number `sql` counts.
async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

fn unix(app: &TestApp) -> u64 {
    u64::try_from(app.clock_now().timestamp()).unwrap()
}

dealer_testkit::on_both_backends!(
    dealerships;
    the_secret_is_sealed_at_rest_and_confirmed_by_a_code,
    a_step_is_used_once_however_many_race_for_it,
    a_recovery_code_works_once_and_counts_down,
    a_reset_leaves_nothing_and_set_up_starts_again,
    set_up_is_confirmed_by_the_first_code_and_yields_ten_recovery_codes,
    the_second_step_takes_each_code_once,
    a_pending_sign_in_lasts_five_minutes_and_is_used_once,
    with_two_step_on_there_is_no_session_until_the_code,
    wrong_codes_lock_like_wrong_passwords,
    a_second_step_after_five_minutes_is_refused,
    i_set_up_two_step_sign_in_from_my_account,
    a_role_that_must_use_it_sets_it_up_before_anything_else,
    a_temporary_password_is_changed_before_the_set_up,
    a_secret_that_no_longer_unseals_leaves_the_recovery_codes,
    a_remembered_computer_skips_the_code_for_30_days_until_forgotten,
    a_second_step_that_cannot_open_a_session_uses_nothing,
    a_code_opens_one_session_however_many_second_steps_race,
);
