//! Mail that cannot go out stays queued and visible to the provider's staff.

use crate::support::app::TestApp;
use axum::http::{Method, StatusCode};
use dealer_api::ErrorCode;
use dealer_core::access::AccessRole;

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn with_no_smtp_mail_stays_queued_and_provider_staff_see_it_without_bodies() {
    let app = TestApp::new().await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    app.account("reviewer.sam", AccessRole::Reviewer, None, PASSWORD)
        .await;
    app.account("helpdesk.kim", AccessRole::HelpDesk, None, PASSWORD)
        .await;
    app.account("mgr", AccessRole::OfficeManager, Some("01234"), PASSWORD)
        .await;
    for _ in 0..5 {
        app.sign_in("pat", "wrong guess number one").await;
    }
    for who in ["reviewer.sam", "helpdesk.kim"] {
        let token = app.token(who, PASSWORD).await;
        let (status, list) = app
            .call(
                Method::GET,
                "/api/v1/outbox?state=queued",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{who}: {list}");
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 1, "the lock email waits: never lost");
        assert_eq!(list[0]["kind"], "account_locked");
        assert_eq!(list[0]["state"], "queued");
        assert!(
            list[0].get("body").is_none(),
            "bodies may carry single-use codes: never shown"
        );
    }
    let token = app.token("helpdesk.kim", PASSWORD).await;
    let (_, sent) = app
        .call(Method::GET, "/api/v1/outbox?state=sent", Some(&token), None)
        .await;
    assert_eq!(sent.as_array().unwrap().len(), 0);
    let (status, body) = app
        .call(Method::GET, "/api/v1/outbox?state=lost", Some(&token), None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some(ErrorCode::BadRequest.as_str())
        )
    );
    let (status, _) = app
        .call(Method::GET, "/api/v1/outbox?limit=0", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let manager = app.token("mgr", PASSWORD).await;
    let (status, _) = app
        .call(Method::GET, "/api/v1/outbox", Some(&manager), None)
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "dealership roles never see the provider's outbox"
    );
}

/// A code waits in the outbox sealed: the table never holds it in clear, the sender opens
/// it, and a body sealed under a key this portal does not have is given up on, not mailed.
#[tokio::test]
async fn secret_bearing_mail_waits_sealed_and_another_keys_mail_is_given_up_on() {
    use dealer_portal::store::outbox::{self, OutgoingMail, seal};
    let app = TestApp::new().await;
    let now = app.clock_now();
    let mut tx = app.store.pool().begin().await.unwrap();
    outbox::enqueue(
        &mut tx,
        &OutgoingMail {
            to: "new.person@example.com".into(),
            subject: "Your code".into(),
            body: "Your enrollment code: WXYZ-2345-ABCD-6789".into(),
            kind: "invitation",
        },
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let dump = app.dump_table("outbox").await;
    assert!(
        !dump.contains("WXYZ-2345"),
        "no code in the outbox table: {dump}"
    );
    assert!(dump.contains("sealed:v1:"), "{dump}");
    let mails = app.store.outbox_to("new.person@example.com").await.unwrap();
    assert_eq!(
        mails[0].body, "Your enrollment code: WXYZ-2345-ABCD-6789",
        "the portal opens it"
    );

    // Sealed by another portal's key (a restored database, a changed DEALER_OUTBOX_KEY).
    sqlx::query(
        "INSERT INTO outbox (created_at, to_addr, subject, body, kind, next_attempt_at) \
         VALUES ($1, 'other@example.com', 'Your code', $2, 'invitation', $1)",
    )
    .bind(now.timestamp_millis())
    .bind(seal(
        &[9u8; 32],
        "invitation",
        "Your enrollment code: QQQQ-RRRR-SSSS-TTTT",
    ))
    .execute(app.store.pool())
    .await
    .unwrap();
    let claimed = app
        .store
        .claim_due_mail(now, chrono::Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(
        claimed.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(),
        ["new.person@example.com"],
        "ciphertext is never mailed"
    );
    assert_eq!(claimed[0].body, "Your enrollment code: WXYZ-2345-ABCD-6789");
    let failed = app
        .store
        .outbox_list(Some(dealer_portal::store::outbox::MailFilter::Failed), 10)
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("DEALER_OUTBOX_KEY"),
        "{:?}",
        failed[0].last_error
    );
}
