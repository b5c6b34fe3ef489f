//! Identity journeys: a person signs in and out through dealer-client against the real
//! portal; a guesser locks an account, the owner's email arrives over SMTP.

#![allow(clippy::unwrap_used)]

use dealer_api::ErrorCode;
use dealer_api::MailState;
use dealer_testkit::Portal;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_office_manager_signs_in_sees_their_dealership_and_signs_out() {
    let portal = Portal::start().await.unwrap();
    let manager = portal.account("mgarcia");
    let signed_in = portal
        .client
        .sign_in("MGarcia", &manager.password)
        .await
        .unwrap();
    assert_eq!(
        signed_in.user.dealership_name.as_deref(),
        Some("Lakeside Motors")
    );
    let me = portal.client.me(&signed_in.token).await.unwrap();
    assert_eq!(me.user_id, "mgarcia");
    let sessions = portal.client.sessions(&signed_in.token).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].current);
    assert_eq!(
        sessions[0].client_addr.as_deref(),
        Some("127.0.0.1"),
        "the real socket's address is recorded"
    );

    portal.client.sign_out(&signed_in.token).await.unwrap();
    let err = portal.client.me(&signed_in.token).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Unauthenticated,
        "a signed-out token opens nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_wrong_passwords_lock_the_account_and_the_owner_gets_an_email() {
    let portal = Portal::start().await.unwrap();
    let staff = portal.account("jchen");
    let stranger = portal
        .client
        .sign_in("nobody.here", "some guess or other")
        .await
        .unwrap_err();
    for _ in 0..5 {
        let err = portal
            .client
            .sign_in("jchen", "some guess or other")
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            stranger.to_string(),
            "a guesser learns nothing about jchen"
        );
    }
    let err = portal
        .client
        .sign_in("jchen", &staff.password)
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::InvalidCredentials,
        "locked: even the right password is refused"
    );

    let desk = portal.account("helpdesk.kim");
    let desk = portal
        .client
        .sign_in("helpdesk.kim", &desk.password)
        .await
        .unwrap()
        .token;
    let queued = portal
        .client
        .outbox(&desk, Some(MailState::Queued))
        .await
        .unwrap();
    assert_eq!(
        queued.len(),
        1,
        "before delivery the lock email waits in the outbox, visible to staff"
    );
    assert_eq!(queued[0].kind, "account_locked");

    assert_eq!(
        portal.deliver_mail().await.unwrap(),
        1,
        "one lock, one email"
    );
    let sent = portal
        .client
        .outbox(&desk, Some(MailState::Sent))
        .await
        .unwrap();
    assert_eq!(sent.len(), 1);
    let mail = portal
        .next_mail()
        .await
        .expect("the lock email reaches the SMTP server");
    assert_eq!(mail.to, std::slice::from_ref(&staff.email));
    assert_eq!(mail.subject(), "Your Dealer Access user ID is locked");
    assert!(
        mail.body_text()
            .contains("user ID jchen was locked after 5 failed attempts"),
        "{}",
        mail.body_text()
    );
    assert!(
        !mail.raw.contains(&staff.password),
        "no secret in the email"
    );
    assert_eq!(
        portal.deliver_mail().await.unwrap(),
        0,
        "sent once, never again"
    );
}

/// Two-step sign-in through dealer-client over a real socket: the office manager turns it
/// on with a code computed from the secret the portal gave, then a sign-in asks for a code
/// and opens a session only with one; a recovery code works once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_office_manager_turns_on_two_step_sign_in_and_signs_in_with_a_code() {
    use dealer_client::SignInStep;
    use dealer_core::two_step::TotpSecret;
    use dealer_portal::clock::Clock;

    let portal = Portal::start().await.unwrap();
    let manager = portal.account("mgarcia");
    let unix = || u64::try_from(portal.clock.now().timestamp()).unwrap();
    let signed_in = portal
        .client
        .sign_in("mgarcia", &manager.password)
        .await
        .unwrap();
    let status = portal
        .client
        .two_step_status(&signed_in.token)
        .await
        .unwrap();
    assert!(!status.on);
    let setup = portal
        .client
        .two_step_begin(&signed_in.token)
        .await
        .unwrap();
    let secret = TotpSecret::from_base32(&setup.secret).expect("the secret as typed");
    let recovery = portal
        .client
        .two_step_confirm(&signed_in.token, &secret.code_at(unix()))
        .await
        .unwrap();
    assert_eq!(recovery.codes.len(), 10);

    portal.clock.advance(chrono::Duration::seconds(30));
    let step = match portal
        .client
        .sign_in_step("mgarcia", &manager.password)
        .await
        .unwrap()
    {
        SignInStep::CodeNeeded(step) => step,
        SignInStep::SignedIn(_) => panic!("two-step sign-in is on: a code first"),
    };
    let wrong = portal
        .client
        .second_step(&step.two_step_token, "000000")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::WrongCode);
    let session = portal
        .client
        .second_step(&step.two_step_token, &secret.code_at(unix()))
        .await
        .unwrap();
    assert_eq!(
        portal.client.me(&session.token).await.unwrap().user_id,
        "mgarcia"
    );

    let SignInStep::CodeNeeded(step) = portal
        .client
        .sign_in_step("mgarcia", &manager.password)
        .await
        .unwrap()
    else {
        panic!("a code first")
    };
    portal
        .client
        .second_step(&step.two_step_token, &recovery.codes[0])
        .await
        .unwrap();
    let left = portal.client.two_step_status(&session.token).await.unwrap();
    assert_eq!(left.recovery_codes_left, 9, "one recovery code used");
}
