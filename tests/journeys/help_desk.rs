//! Help-desk journeys: a locked-out person calls the help desk, who verifies them by their
//! secret question and unlocks them with a temporary password; the person must change it
//! before anything else. Everything through dealer-client against the real portal, the
//! emails over real SMTP.

#![allow(clippy::unwrap_used)]

use dealer_api::ErrorCode;
use dealer_core::access::AccountState;
use dealer_core::lockout::AttemptKind;
use dealer_testkit::Portal;

const NEW_PASSWORD: &str = "granite meadows under a cobalt evening sky";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_help_desk_verifies_a_locked_out_caller_and_unlocks_them_with_a_temporary_password() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let staff = portal.account("jchen");
    for _ in 0..5 {
        client
            .sign_in("jchen", "some guess or other")
            .await
            .unwrap_err();
    }
    assert_eq!(portal.deliver_mail().await.unwrap(), 1);
    let mail = portal.next_mail().await.expect("the lock email arrives");
    assert_eq!(mail.to, std::slice::from_ref(&staff.email));
    assert_eq!(mail.subject(), "Your Dealer Access user ID is locked");

    let kim = portal.account("helpdesk.kim");
    let desk = client.sign_in("helpdesk.kim", &kim.password).await.unwrap();
    let desk = desk.token.as_str();

    let caller = client.help_desk_find_user(desk, "JChen").await.unwrap();
    assert_eq!(caller.user_id, "jchen");
    assert_eq!(caller.dealership_name.as_deref(), Some("Lakeside Motors"));
    assert_eq!(caller.status, AccountState::Locked);
    let lock = caller.lock.as_ref().expect("the help desk sees the lock");
    assert_eq!(lock.kind, Some(AttemptKind::Password));
    assert_eq!(lock.failures, 5);
    let secret = portal.secret("jchen");
    assert_eq!(
        caller.secret_question.as_deref(),
        Some(secret.question),
        "the help desk reads the secret question to the caller"
    );
    let seen = format!("{caller:?}");
    for question in &staff.questions {
        assert!(
            !seen.contains(&question.answer),
            "the help desk never sees an answer: {seen}"
        );
    }

    let err = client.help_desk_unlock(desk, "jchen").await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::VerificationRequired,
        "no unlock without verifying the caller first"
    );
    let missed = client
        .help_desk_verify(desk, "jchen", "not the answer at all")
        .await
        .unwrap();
    assert!(!missed.matched);
    let spoken = format!("  {}  ", secret.answer.to_uppercase());
    let verified = client
        .help_desk_verify(desk, "jchen", &spoken)
        .await
        .unwrap();
    assert!(
        verified.matched,
        "an answer matches whatever its case and surrounding spaces"
    );
    let unlocked = client.help_desk_unlock(desk, "jchen").await.unwrap();
    let temporary = unlocked.temporary_password.as_str();
    let err = client.help_desk_unlock(desk, "jchen").await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::VerificationRequired,
        "one verification allows one unlock"
    );
    let caller = client.help_desk_find_user(desk, "jchen").await.unwrap();
    assert_eq!(caller.status, AccountState::Active);
    assert_eq!(caller.lock, None);

    assert_eq!(portal.deliver_mail().await.unwrap(), 1);
    let mail = portal.next_mail().await.expect("the unlock email arrives");
    assert_eq!(mail.to, std::slice::from_ref(&staff.email));
    assert_eq!(mail.subject(), "Your Dealer Access user ID was unlocked");
    assert!(
        !mail.raw.contains(temporary),
        "the temporary password is never mailed"
    );

    let signed_in = client.sign_in("jchen", temporary).await.unwrap();
    let token = signed_in.token.as_str();
    assert!(signed_in.user.must_change_password);
    assert!(client.me(token).await.unwrap().must_change_password);
    let err = client.sessions(token).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::PasswordChangeRequired,
        "a temporary password opens nothing but changing it"
    );
    client
        .change_password(token, temporary, NEW_PASSWORD)
        .await
        .unwrap();
    assert!(!client.me(token).await.unwrap().must_change_password);
    assert_eq!(
        client.sessions(token).await.unwrap().len(),
        1,
        "once changed, the session that changed it goes on"
    );

    let again = client.sign_in("jchen", NEW_PASSWORD).await.unwrap();
    assert!(!again.user.must_change_password);
    let err = client.sign_in("jchen", temporary).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::InvalidCredentials,
        "a temporary password ends once it is changed"
    );

    assert_eq!(portal.deliver_mail().await.unwrap(), 1);
    let mail = portal
        .next_mail()
        .await
        .expect("the password-changed email arrives");
    assert_eq!(mail.subject(), "Your Dealer Access password was changed");
    assert!(!mail.raw.contains(NEW_PASSWORD) && !mail.raw.contains(temporary));
}
