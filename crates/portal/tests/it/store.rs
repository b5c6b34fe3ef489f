//! The store conformance suite: every test runs on SQLite and on PostgreSQL.
//!
//! `cargo test` runs the SQLite half; the PostgreSQL half is `#[ignore]`d unless asked for
//! (`cargo xtask test` starts a throwaway PostgreSQL on loopback, sets
//! `DEALER_TEST_POSTGRES_URL` and runs them with `--ignored`).

use dealer_api::{AuditDetail, AuditEvent, AuditOutcome};
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::ids::{DealershipName, Pdn, UserId};
use dealer_core::lockout::{AttemptKind, LockoutPolicy};
use dealer_portal::store::audit::Entry;
use dealer_portal::store::outbox::{self, OutgoingMail};
use dealer_portal::store::sessions::{self, Timeouts};
use dealer_portal::store::users::NewUser;
use dealer_portal::store::{Store, StoreError};
use dealer_testkit::db::TestStore;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 15, 0, 0).unwrap()
}

fn pdn(s: &str) -> Pdn {
    Pdn::parse(s).unwrap()
}

fn staff(user_id: &str, dealer: &str) -> NewUser {
    NewUser {
        user_id: UserId::parse(user_id).unwrap(),
        pdn: Some(pdn(dealer)),
        role: AccessRole::Staff,
        first_name: "Pat".into(),
        last_name: "Lee".into(),
        email: format!("{user_id}@example.com"),
        phone: None,
        job_role: Some("salesperson".into()),
        state: AccountState::Active,
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into()),
        must_change_password: false,
    }
}

async fn with_dealers(store: &Store) {
    for (p, name) in [("01234", "Lakeside Motors"), ("56789", "Hilltop Auto")] {
        store
            .create_dealer(&pdn(p), &DealershipName::parse(name).unwrap(), t0())
            .await
            .unwrap();
    }
}

async fn migrations_run_and_the_database_answers(store: TestStore) {
    store.ping().await.expect("a migrated store answers");
}

async fn a_pdn_is_registered_once_with_its_name(store: TestStore) {
    with_dealers(&store).await;
    let dealer = store
        .dealer(&pdn("01234"))
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(dealer.name.as_str(), "Lakeside Motors");
    assert!(dealer.active);
    assert!(store.dealer(&pdn("00000")).await.unwrap().is_none());
    let again = store
        .create_dealer(
            &pdn("01234"),
            &DealershipName::parse("Other").unwrap(),
            t0(),
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict)),
        "one PDN is one dealership"
    );
}

async fn user_ids_are_unique_whatever_their_case(store: TestStore) {
    with_dealers(&store).await;
    store
        .create_user(&staff("pat.lee", "01234"), t0())
        .await
        .unwrap();
    let twin = store.create_user(&staff("PAT.LEE", "56789"), t0()).await;
    assert!(
        matches!(twin, Err(StoreError::Conflict)),
        "user IDs are unique across the portal, case-insensitively"
    );
    let found = store
        .user_by_id(&UserId::parse("Pat.Lee").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.user_id.as_str(), "pat.lee");
    assert_eq!(found.state(), AccountState::Active);
}

async fn a_dealership_sees_only_its_own_users(store: TestStore) {
    with_dealers(&store).await;
    store
        .create_user(&staff("lake.one", "01234"), t0())
        .await
        .unwrap();
    store
        .create_user(&staff("lake.two", "01234"), t0())
        .await
        .unwrap();
    store
        .create_user(&staff("hill.one", "56789"), t0())
        .await
        .unwrap();
    let lake: Vec<_> = store
        .users_of_dealer(&pdn("01234"))
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.user_id.to_string())
        .collect();
    assert_eq!(
        lake,
        ["lake.one", "lake.two"],
        "tenant isolation: no user of another PDN"
    );
}

async fn hundred_concurrent_failures_lock_at_exactly_the_threshold(store: TestStore) {
    with_dealers(&store).await;
    let pk = store
        .create_user(&staff("target", "01234"), t0())
        .await
        .unwrap();
    let store = Arc::new(store.store.clone());
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let mut conn = store.pool().acquire().await.unwrap();
                store
                    .record_failure(
                        &mut conn,
                        pk,
                        AttemptKind::Password,
                        LockoutPolicy::default(),
                        t0(),
                    )
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut counts = Vec::new();
    for task in tasks {
        counts.push(task.await.unwrap());
    }
    let mut failures: Vec<u32> = counts.iter().map(|c| c.failures).collect();
    failures.sort_unstable();
    assert_eq!(
        failures,
        (1..=100).collect::<Vec<_>>(),
        "every attempt got its own count: no lost update"
    );
    assert_eq!(
        counts.iter().filter(|c| c.locked_now).count(),
        1,
        "exactly one attempt locks: one email, one audit row"
    );
    assert_eq!(
        counts.iter().find(|c| c.locked_now).unwrap().failures,
        5,
        "the lock falls at the threshold"
    );
    let user = store.user_by_pk(pk).await.unwrap().unwrap();
    assert_eq!(user.state(), AccountState::Locked);
    assert_eq!(user.lock_kind, Some(AttemptKind::Password));
}

async fn a_sign_in_resets_failures_but_never_opens_a_lock(store: TestStore) {
    with_dealers(&store).await;
    let pk = store
        .create_user(&staff("pat", "01234"), t0())
        .await
        .unwrap();
    let mut conn = store.pool().acquire().await.unwrap();
    for _ in 0..3 {
        store
            .record_failure(
                &mut conn,
                pk,
                AttemptKind::Password,
                LockoutPolicy::default(),
                t0(),
            )
            .await
            .unwrap();
    }
    let hash = store
        .user_by_pk(pk)
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap();
    assert!(
        !store
            .record_sign_in(
                &mut conn,
                pk,
                "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXI$b3RoZXI",
                t0()
            )
            .await
            .unwrap(),
        "a password checked against another hash than the stored one signs nobody in"
    );
    assert!(
        store
            .record_sign_in(&mut conn, pk, &hash, t0())
            .await
            .unwrap()
    );
    let user = store.user_by_pk(pk).await.unwrap().unwrap();
    assert_eq!(
        user.failed_attempts, 0,
        "a successful sign-in clears earlier failures"
    );
    assert_eq!(user.last_sign_in_at, Some(t0()));
    for _ in 0..5 {
        store
            .record_failure(
                &mut conn,
                pk,
                AttemptKind::ChallengeAnswer,
                LockoutPolicy::default(),
                t0(),
            )
            .await
            .unwrap();
    }
    assert!(
        !store
            .record_sign_in(&mut conn, pk, &hash, t0())
            .await
            .unwrap(),
        "only the help desk unlocks"
    );
    let user = store.user_by_pk(pk).await.unwrap().unwrap();
    assert_eq!(
        user.lock_kind,
        Some(AttemptKind::ChallengeAnswer),
        "the manager sees which kind of attempt locked it"
    );
}

async fn sessions_end_on_idle_absolute_timeout_and_revocation(store: TestStore) {
    with_dealers(&store).await;
    let pk = store
        .create_user(&staff("pat", "01234"), t0())
        .await
        .unwrap();
    let timeouts = Timeouts {
        idle: Duration::minutes(30),
        absolute: Duration::hours(12),
    };
    let mut conn = store.pool().acquire().await.unwrap();
    let (token, session) = sessions::create(
        &mut conn,
        pk,
        timeouts,
        Some("127.0.0.1"),
        Some("test"),
        t0(),
    )
    .await
    .unwrap();
    drop(conn);

    let found = store
        .session_by_token(token.expose(), timeouts, t0() + Duration::minutes(29))
        .await
        .unwrap();
    assert_eq!(
        found.map(|s| s.id),
        Some(session.id.clone()),
        "active within the idle timeout"
    );
    // Used at +29 min, so idle time restarts from there.
    assert!(
        store
            .session_by_token(token.expose(), timeouts, t0() + Duration::minutes(58))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .session_by_token(token.expose(), timeouts, t0() + Duration::minutes(89))
            .await
            .unwrap()
            .is_none(),
        "31 idle minutes end the session"
    );

    let mut conn = store.pool().acquire().await.unwrap();
    let (token, session) = sessions::create(&mut conn, pk, timeouts, None, None, t0())
        .await
        .unwrap();
    drop(conn);
    let mut at = t0();
    while at < t0() + Duration::hours(12) - Duration::minutes(20) {
        at += Duration::minutes(20);
        assert!(
            store
                .session_by_token(token.expose(), timeouts, at)
                .await
                .unwrap()
                .is_some()
        );
    }
    assert!(
        store
            .session_by_token(token.expose(), timeouts, t0() + Duration::hours(12))
            .await
            .unwrap()
            .is_none(),
        "12 hours end a session however busy"
    );

    assert!(
        store
            .sessions_of(pk, timeouts, t0() + Duration::hours(12))
            .await
            .unwrap()
            .is_empty(),
        "{} ended",
        session.id
    );

    // Revocation, on a second person's sessions.
    let pk = store
        .create_user(&staff("kim", "01234"), t0())
        .await
        .unwrap();
    let mut conn = store.pool().acquire().await.unwrap();
    sessions::create(&mut conn, pk, timeouts, None, None, t0())
        .await
        .unwrap();
    let (token, session2) = sessions::create(&mut conn, pk, timeouts, None, None, t0())
        .await
        .unwrap();
    drop(conn);
    assert_eq!(
        store.sessions_of(pk, timeouts, t0()).await.unwrap().len(),
        2,
        "two live sessions"
    );
    assert!(
        !store
            .revoke_session(dealer_portal::store::UserKey(pk.0 + 1), &session2.id, t0())
            .await
            .unwrap(),
        "no one revokes another's session"
    );
    assert!(store.revoke_session(pk, &session2.id, t0()).await.unwrap());
    assert!(
        store
            .session_by_token(token.expose(), timeouts, t0())
            .await
            .unwrap()
            .is_none(),
        "revoked means gone"
    );
    assert_eq!(store.revoke_all_sessions(pk, t0()).await.unwrap(), 1);
    assert!(
        store
            .sessions_of(pk, timeouts, t0())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_session_is_marked_used_at_most_every_30_seconds(store: TestStore) {
    with_dealers(&store).await;
    let pk = store
        .create_user(&staff("pat", "01234"), t0())
        .await
        .unwrap();
    let timeouts = Timeouts {
        idle: Duration::minutes(30),
        absolute: Duration::hours(12),
    };
    let mut conn = store.pool().acquire().await.unwrap();
    let (token, _) = sessions::create(&mut conn, pk, timeouts, None, None, t0())
        .await
        .unwrap();
    drop(conn);
    let seen = |at: DateTime<Utc>| {
        let store = store.store.clone();
        let token = token.expose().to_owned();
        async move {
            store
                .session_by_token(&token, timeouts, at)
                .await
                .unwrap()
                .unwrap()
                .last_seen_at
        }
    };
    let stored = || {
        let store = store.store.clone();
        async move {
            let ms: i64 = sqlx::query_scalar("SELECT last_seen_at FROM sessions")
                .fetch_one(store.pool())
                .await
                .unwrap();
            Utc.timestamp_millis_opt(ms).unwrap()
        }
    };
    assert_eq!(seen(t0() + Duration::seconds(29)).await, t0());
    assert_eq!(
        stored().await,
        t0(),
        "a request within 30 s of the last mark only reads the session"
    );
    let later = t0() + Duration::seconds(30);
    assert_eq!(seen(later).await, later);
    assert_eq!(
        stored().await,
        later,
        "30 s after the last mark, a request writes it"
    );
    assert!(
        store
            .session_by_token(token.expose(), timeouts, later + Duration::minutes(30))
            .await
            .unwrap()
            .is_none(),
        "idle time counts from the last mark"
    );
}

async fn tokens_are_stored_only_as_hashes(store: TestStore) {
    with_dealers(&store).await;
    let pk = store
        .create_user(&staff("pat", "01234"), t0())
        .await
        .unwrap();
    let mut conn = store.pool().acquire().await.unwrap();
    let (token, _) = sessions::create(&mut conn, pk, Timeouts::default(), None, None, t0())
        .await
        .unwrap();
    let hits: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1 OR id = $1")
            .bind(token.expose())
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(hits, 0, "the bearer token itself is never stored");
}

async fn each_queued_mail_is_claimed_by_one_sender(store: TestStore) {
    let mut conn = store.pool().acquire().await.unwrap();
    for n in 0..10 {
        let mail = OutgoingMail {
            to: "pat@example.com".into(),
            subject: format!("Mail {n}"),
            body: "Hello".into(),
            kind: "test",
        };
        outbox::enqueue(&mut conn, &mail, t0()).await.unwrap();
    }
    drop(conn);
    let store = Arc::new(store.store.clone());
    let claimers: Vec<_> = (0..4)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                store
                    .claim_due_mail(t0(), Duration::minutes(5), 10)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut ids = Vec::new();
    for c in claimers {
        ids.extend(c.await.unwrap().into_iter().map(|m| m.id));
    }
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, 10, "every due mail claimed");
    assert_eq!(
        ids.len(),
        10,
        "no mail claimed twice: each is sent once across replicas"
    );
    assert!(
        store
            .claim_due_mail(t0() + Duration::minutes(1), Duration::minutes(5), 10)
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    store.mark_mail_sent(ids[0], t0()).await.unwrap();
    store
        .mark_mail_failed(ids[1], "550 no such mailbox", None, t0())
        .await
        .unwrap();
    store
        .mark_mail_failed(
            ids[2],
            "421 try later",
            Some(t0() + Duration::minutes(1)),
            t0(),
        )
        .await
        .unwrap();
    let again = store
        .claim_due_mail(t0() + Duration::minutes(6), Duration::minutes(5), 20)
        .await
        .unwrap();
    assert_eq!(
        again.len(),
        8,
        "after the lease: all but the sent and the permanently failed one"
    );
    let queued = store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(queued.len(), 10, "nothing is ever lost from the outbox");
    assert!(queued[0].sent_at.is_some());
}

async fn an_enrollment_code_leaves_the_outbox_once_delivered_or_given_up(store: TestStore) {
    let code = "QX7M-P2KD-9WTR-4HBN";
    let mut conn = store.pool().acquire().await.unwrap();
    let mut ids = Vec::new();
    for (kind, to) in [
        ("enrollment_code", "lee@example.com"),
        ("invitation", "kim@example.com"),
        ("enrollment_code", "ana@example.com"),
        ("request_decision", "maria@example.com"),
    ] {
        let mail = OutgoingMail {
            to: to.into(),
            subject: "Mail".into(),
            body: format!("Your code:\n\n    {code}\n"),
            kind,
        };
        ids.push(outbox::enqueue(&mut conn, &mail, t0()).await.unwrap());
    }
    drop(conn);
    let body = |to: &'static str| {
        let store = store.store.clone();
        async move { store.outbox_to(to).await.unwrap()[0].body.clone() }
    };
    assert!(
        body("lee@example.com").await.contains(code),
        "a queued message keeps its code until it is sent"
    );
    store.mark_mail_sent(ids[0], t0()).await.unwrap();
    store
        .mark_mail_failed(ids[1], "550 no such mailbox", None, t0())
        .await
        .unwrap();
    store
        .mark_mail_failed(ids[2], "421 try later", Some(t0()), t0())
        .await
        .unwrap();
    store.mark_mail_sent(ids[3], t0()).await.unwrap();
    for to in ["lee@example.com", "kim@example.com"] {
        let text = body(to).await;
        assert!(
            !text.contains(code) && text == outbox::REMOVED_SECRET,
            "once delivered or given up on, the database keeps no usable code, a new \
             user's or an invited person's ({to}): {text}"
        );
    }
    assert!(
        body("ana@example.com").await.contains(code),
        "a message that will be retried still needs its code"
    );
    assert!(
        body("maria@example.com").await.contains(code),
        "other mail is kept as sent"
    );
}

async fn audit_log_is_scoped_and_escaped(store: TestStore) {
    let detail = AuditDetail::FailedAttempts {
        failures: 5,
        attempt_kind: AttemptKind::Password,
    };
    let entry = |pdn: &str, target: &str| Entry {
        event: AuditEvent::AccountLocked,
        outcome: AuditOutcome::Locked,
        actor: None,
        target: Some(target.into()),
        pdn: Some(pdn.into()),
        client_addr: Some("127.0.0.1".into()),
        detail: Some(detail.clone()),
    };
    store
        .audit(&entry("01234", "pat\nFORGED"), t0())
        .await
        .unwrap();
    store.audit(&entry("56789", "kim"), t0()).await.unwrap();
    let lake = store.audit_log(Some("01234"), None, 50).await.unwrap();
    assert_eq!(lake.len(), 1, "a manager's audit view holds only their PDN");
    assert_eq!(
        lake[0].target.as_deref(),
        Some("pat\\u{a}FORGED"),
        "control characters are escaped"
    );
    assert_eq!(
        (lake[0].event, lake[0].outcome, lake[0].detail.as_ref()),
        (
            AuditEvent::AccountLocked,
            AuditOutcome::Locked,
            Some(&detail)
        ),
        "event, outcome and detail read back as the typed values that were written"
    );
    assert_eq!(store.audit_log(None, None, 50).await.unwrap().len(), 2);
}

async fn inactivity_claims_each_user_once_across_concurrent_jobs(store: TestStore) {
    with_dealers(&store).await;
    for n in 0..20 {
        store
            .create_user(&staff(&format!("idle{n}"), "01234"), t0())
            .await
            .unwrap();
    }
    let mut provider = staff("helpdesk.one", "01234");
    provider.pdn = None;
    provider.role = AccessRole::HelpDesk;
    store.create_user(&provider, t0()).await.unwrap();
    let store = Arc::new(store.store.clone());
    let reminded = claim_on_four_replicas(&store, false, t0() + Duration::days(54)).await;
    assert_eq!(
        reminded, 20,
        "each dealership user reminded exactly once; provider staff never"
    );
    let deactivated = claim_on_four_replicas(&store, true, t0() + Duration::days(60)).await;
    assert_eq!(deactivated, 20, "each deactivated exactly once");
}

/// Four jobs claiming at the same moment, as four replicas would; how many users they
/// claimed in all.
async fn claim_on_four_replicas(store: &Arc<Store>, deactivate: bool, at: DateTime<Utc>) -> usize {
    use dealer_core::inactivity::InactivityPolicy;
    use dealer_portal::store::inactivity::{claim_deactivations, claim_reminders};
    let policy = InactivityPolicy::default();
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let store = Arc::clone(store);
            tokio::spawn(async move {
                let mut tx = store.pool().begin().await.unwrap();
                let claimed = if deactivate {
                    claim_deactivations(&mut tx, &policy, at).await.unwrap()
                } else {
                    claim_reminders(&mut tx, &policy, at).await.unwrap()
                };
                tx.commit().await.unwrap();
                claimed.len()
            })
        })
        .collect();
    let mut total = 0;
    for run in runs {
        total += run.await.unwrap();
    }
    total
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(dealer_testkit::db::sqlite().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                #[ignore = "needs DEALER_TEST_POSTGRES_URL; cargo xtask test runs it"]
                async fn $name() {
                    super::$name(dealer_testkit::db::postgres().await).await;
                }
            )*
        }
    };
}

conformance!(
    migrations_run_and_the_database_answers,
    a_pdn_is_registered_once_with_its_name,
    user_ids_are_unique_whatever_their_case,
    a_dealership_sees_only_its_own_users,
    hundred_concurrent_failures_lock_at_exactly_the_threshold,
    a_sign_in_resets_failures_but_never_opens_a_lock,
    sessions_end_on_idle_absolute_timeout_and_revocation,
    a_session_is_marked_used_at_most_every_30_seconds,
    tokens_are_stored_only_as_hashes,
    each_queued_mail_is_claimed_by_one_sender,
    an_enrollment_code_leaves_the_outbox_once_delivered_or_given_up,
    audit_log_is_scoped_and_escaped,
    inactivity_claims_each_user_once_across_concurrent_jobs,
);

/// The pool pings only a connection that sat idle for `ALIVE_BYPASS` or more (not before
/// every use): one whose server process ended meanwhile (a restart, a proxy that dropped
/// it) is found dead by that ping and replaced, so the next query answers instead of
/// failing.
#[tokio::test]
#[ignore = "needs DEALER_TEST_POSTGRES_URL; run with --ignored"]
async fn a_connection_that_died_while_idle_is_replaced_not_an_error() {
    use sqlx::Connection;
    let store = dealer_testkit::db::postgres().await;
    let pid_of = || sqlx::query_scalar::<_, i32>("SELECT pg_backend_pid()");
    // As many connections as the pool may hold, all held at once so each is a different
    // one: every connection it has afterwards is one of these.
    let mut held = Vec::new();
    for _ in 0..store.pool().options().get_max_connections() {
        held.push(store.pool().acquire().await.unwrap());
    }
    let mut pids = Vec::new();
    for conn in &mut held {
        pids.push(pid_of().fetch_one(&mut **conn).await.unwrap());
    }
    drop(held);
    assert!(!pids.is_empty(), "the migrated pool holds a connection");

    let url = std::env::var("DEALER_TEST_POSTGRES_URL").unwrap();
    let mut other = sqlx::AnyConnection::connect(&url).await.unwrap();
    for pid in &pids {
        let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
            .bind(*pid)
            .fetch_one(&mut other)
            .await
            .unwrap();
        assert!(ended, "the pool's server process {pid} was ended");
    }

    tokio::time::sleep(dealer_portal::store::ALIVE_BYPASS + std::time::Duration::from_millis(100))
        .await;
    let mut conn = store.pool().acquire().await.unwrap();
    let after = pid_of()
        .fetch_one(&mut *conn)
        .await
        .expect("a dead idle connection is pinged, closed and replaced, not handed out");
    assert!(
        !pids.contains(&after),
        "a new connection, a new server process"
    );
}
