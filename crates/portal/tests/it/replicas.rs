//! Two portal processes on one PostgreSQL, as behind a load balancer (DESIGN.md "Scale":
//! sessions, counters and jobs all live in the database). The real `dealer-portal`
//! binary, twice, on two loopback ports.

use dealer_api::{AuditDetail, ErrorCode};
use dealer_core::lockout::AttemptKind;
use std::time::Duration;

use crate::support::process::{password, seed, start};
use chrono::Utc;
use dealer_portal::store::Store;

async fn count(store: &Store, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs DEALER_TEST_POSTGRES_URL; run with --ignored"]
async fn two_replicas_share_lockout_sessions_and_jobs() {
    let url = dealer_testkit::db::postgres_schema_url().await;
    let accounts = seed(&url);
    let store = Store::connect(&url).await.unwrap();
    // Two demo users have not signed in for 61 days: the inactivity job of both replicas,
    // which runs at start, finds them at the same moment.
    let long_ago = (Utc::now() - chrono::Duration::days(61)).timestamp_millis();
    sqlx::query("UPDATE users SET activity_since = $1 WHERE user_id IN ('apatel', 'dwright')")
        .bind(long_ago)
        .execute(store.pool())
        .await
        .unwrap();

    let (a, b) = tokio::join!(start(&url), start(&url));

    // 100 wrong passwords at once, half on each replica.
    let attempts: Vec<_> = (0..100)
        .map(|i| {
            let client = if i % 2 == 0 {
                a.client.clone()
            } else {
                b.client.clone()
            };
            tokio::spawn(async move { client.sign_in("jchen", "not the password at all").await })
        })
        .collect();
    let mut refused = 0;
    for attempt in attempts {
        let err = attempt.await.unwrap().unwrap_err();
        assert!(
            matches!(
                err.code(),
                ErrorCode::InvalidCredentials | ErrorCode::RateLimited | ErrorCode::Busy
            ),
            "a wrong password is refused: {err}"
        );
        refused += 1;
    }
    assert_eq!(refused, 100);
    let failures = count(
        &store,
        "SELECT failed_attempts FROM users WHERE user_id = 'jchen'",
    )
    .await;
    assert!(
        failures >= 5,
        "every wrong password that got past the rate limits counted"
    );
    let locks: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE event = 'account_locked' AND target = 'jchen'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let locks: Vec<AuditDetail> = locks
        .iter()
        .map(|json| serde_json::from_str(json).unwrap())
        .collect();
    assert_eq!(
        locks,
        [AuditDetail::FailedAttempts {
            failures: 5,
            attempt_kind: AttemptKind::Password,
        }],
        "exactly one attempt, the fifth, set the lock, though the attempts raced on two replicas"
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM outbox WHERE kind = 'account_locked'"
        )
        .await,
        1,
        "one lock, one email"
    );

    // A session made on one replica works on the other.
    // (The burst spent this address's sign-in budget: wait for it like a person would.)
    let mut signed_in = None;
    for _ in 0..30 {
        match a
            .client
            .sign_in("mgarcia", password(&accounts, "mgarcia"))
            .await
        {
            Ok(done) => {
                signed_in = Some(done);
                break;
            }
            Err(e) if e.code() == ErrorCode::RateLimited => {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => panic!("mgarcia could not sign in: {e}"),
        }
    }
    let signed_in = signed_in.expect("the rate limit refills");
    let me = b.client.me(&signed_in.token).await.unwrap();
    assert_eq!(me.user_id, "mgarcia");
    b.client.sign_out(&signed_in.token).await.unwrap();
    assert_eq!(
        a.client.me(&signed_in.token).await.unwrap_err().code(),
        ErrorCode::Unauthenticated,
        "signed out on one replica, out on both"
    );

    // Both jobs ran at start: each idle user was deactivated once and emailed once.
    for _ in 0..100 {
        if count(
            &store,
            "SELECT COUNT(*) FROM users WHERE state = 'inactive'",
        )
        .await
            == 2
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM users WHERE state = 'inactive'"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM outbox WHERE kind = 'inactivity_deactivated'"
        )
        .await,
        2,
        "one email per user, though two jobs ran"
    );
    drop((a, b));
    store.close().await;
}
