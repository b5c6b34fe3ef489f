//! Office-manager journeys: the manager of a dealership sees who of her staff is locked and
//! why, reads her dealership's audit log, and cannot see another dealership at all.
//! Everything through dealer-client against the real portal.

#![allow(clippy::unwrap_used)]

use dealer_api::AuditDetail;
use dealer_api::ErrorCode;
use dealer_api::{AuditEvent, AuditOutcome};
use dealer_api::{AuditPageQuery, DealerUsersFilter};
use dealer_core::access::AccountState;
use dealer_core::lockout::AttemptKind;
use dealer_testkit::Portal;

/// Signs in the office manager of 01234 after 5 wrong passwords locked jchen.
async fn manager_after_jchen_was_locked(portal: &Portal) -> String {
    for _ in 0..5 {
        portal
            .client
            .sign_in("jchen", "some guess or other")
            .await
            .unwrap_err();
    }
    let manager = portal.account("mgarcia");
    portal
        .client
        .sign_in("mgarcia", &manager.password)
        .await
        .unwrap()
        .token
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_office_manager_sees_which_of_her_users_is_locked_and_why() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let token = manager_after_jchen_was_locked(&portal).await;

    let users = client
        .dealer_users(&token, "01234", &DealerUsersFilter::default())
        .await
        .unwrap();
    let mut ids: Vec<_> = users.iter().map(|u| u.user_id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["apatel", "jchen", "mgarcia", "rbrooks"],
        "every user of Lakeside Motors, and nobody else's"
    );
    let jchen = users.iter().find(|u| u.user_id == "jchen").unwrap();
    assert_eq!(jchen.status, AccountState::Locked);
    let lock = jchen.lock.as_ref().expect("the manager sees the lock");
    assert_eq!(
        lock.kind,
        Some(AttemptKind::Password),
        "locked by passwords"
    );
    assert_eq!(lock.failures, 5);
    assert_eq!(jchen.failed_attempts, 5);
    let apatel = users.iter().find(|u| u.user_id == "apatel").unwrap();
    assert_eq!(apatel.status, AccountState::Active);
    assert_eq!(apatel.lock, None);

    let locked = client
        .dealer_users(
            &token,
            "01234",
            &DealerUsersFilter {
                status: Some(AccountState::Locked),
                q: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        locked
            .iter()
            .map(|u| u.user_id.as_str())
            .collect::<Vec<_>>(),
        ["jchen"],
        "the locked filter shows who needs the help desk"
    );
    let found = client
        .dealer_users(
            &token,
            "01234",
            &DealerUsersFilter {
                status: None,
                q: Some("  ANITA ".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|u| u.user_id.as_str()).collect::<Vec<_>>(),
        ["apatel"],
        "the search finds a name ignoring case and spaces"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_office_manager_reads_the_lock_in_her_dealerships_audit_log_page_by_page() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let token = manager_after_jchen_was_locked(&portal).await;

    let page = client
        .dealer_audit(&token, "01234", AuditPageQuery::default())
        .await
        .unwrap();
    assert!(
        page.entries.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    let lock = page
        .entries
        .iter()
        .find(|e| e.event == AuditEvent::AccountLocked)
        .expect("the lock is in the audit log");
    assert_eq!(lock.outcome, AuditOutcome::Locked);
    assert_eq!(lock.target.as_deref(), Some("jchen"));
    assert_eq!(
        lock.detail,
        Some(AuditDetail::FailedAttempts {
            failures: 5,
            attempt_kind: AttemptKind::Password
        }),
        "the manager's screen gets the facts of the lock, not prose"
    );
    assert!(
        page.entries
            .iter()
            .all(|e| e.target.as_deref() != Some("dwright")),
        "another dealership's entries never show"
    );
    let password = &portal.account("jchen").password;
    assert!(
        page.entries
            .iter()
            .all(|e| !format!("{e:?}").contains(password.as_str())),
        "no secret in the audit log"
    );

    let jchens = client
        .dealer_audit(
            &token,
            "01234",
            AuditPageQuery {
                user_id: Some("JChen".into()),
                ..AuditPageQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(
        jchens.entries.contains(lock)
            && jchens
                .entries
                .iter()
                .all(|e| e.target.as_deref() == Some("jchen")),
        "one person's events, as the staff panel reads them: {jchens:?}"
    );

    let first = client
        .dealer_audit(
            &token,
            "01234",
            AuditPageQuery {
                limit: Some(2),
                ..AuditPageQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(first.entries, page.entries[..2]);
    let before = first.next_before.expect("more pages follow");
    let second = client
        .dealer_audit(
            &token,
            "01234",
            AuditPageQuery {
                before: Some(before),
                limit: Some(2),
                ..AuditPageQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        second.entries,
        page.entries[2..4],
        "the next page goes on where the first ended"
    );
    let err = client
        .dealer_audit(
            &token,
            "01234",
            AuditPageQuery {
                limit: Some(0),
                ..AuditPageQuery::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_dealership_does_not_exist_for_an_office_manager() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let manager = portal.account("mgarcia");
    let token = client
        .sign_in("mgarcia", &manager.password)
        .await
        .unwrap()
        .token;

    for pdn in ["56789", "99999"] {
        let users = client
            .dealer_users(&token, pdn, &DealerUsersFilter::default())
            .await
            .unwrap_err();
        assert_eq!(
            users.code(),
            ErrorCode::NotFound,
            "{pdn}: another PDN answers like one that does not exist, so PDNs cannot be probed"
        );
        let audit = client
            .dealer_audit(&token, pdn, AuditPageQuery::default())
            .await
            .unwrap_err();
        assert_eq!(audit.code(), ErrorCode::NotFound, "{pdn}");
    }

    let staff = portal.account("apatel");
    let staff_token = client
        .sign_in("apatel", &staff.password)
        .await
        .unwrap()
        .token;
    let err = client
        .dealer_users(&staff_token, "01234", &DealerUsersFilter::default())
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Forbidden,
        "only the office manager sees the dealership's users"
    );
}
