//! Forgot-password journeys: a person answers their two challenge questions through
//! dealer-client against the real portal, sets a new password and is told by email; a
//! stranger asking about an unknown user ID sees nothing different.

#![allow(clippy::unwrap_used)]

use dealer_api::ErrorCode;
use dealer_testkit::Portal;

const NEW_PASSWORD: &str = "copper lanterns drift past the quiet harbor";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_reset_by_answering_both_challenge_questions() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let staff = portal.account("jchen");
    let elsewhere = client.sign_in("jchen", &staff.password).await.unwrap();

    let shown = client.start_password_reset("jchen").await.unwrap();
    assert_eq!(
        client.start_password_reset("JChen").await.unwrap(),
        shown,
        "the same two questions every time until they are answered"
    );
    for question in &shown.questions {
        let seeded = staff
            .questions
            .iter()
            .find(|q| q.question == question.text)
            .expect("a reset shows jchen's own questions");
        assert_eq!(
            seeded.kind, "challenge",
            "a reset never asks the help-desk secret question"
        );
    }
    assert_ne!(shown.questions[0], shown.questions[1]);

    let answers = shown
        .questions
        .each_ref()
        .map(|q| portal.answer("jchen", &q.text));
    let token = client
        .answer_password_reset("jchen", answers)
        .await
        .unwrap();
    assert_eq!(token.expires_in_minutes, 15);
    client
        .complete_password_reset(&token.reset_token, NEW_PASSWORD)
        .await
        .unwrap();

    let signed_in = client.sign_in("jchen", NEW_PASSWORD).await.unwrap();
    assert!(!signed_in.user.must_change_password);
    let err = client.sign_in("jchen", &staff.password).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::InvalidCredentials,
        "the forgotten password stops working"
    );
    let err = client.me(&elsewhere.token).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Unauthenticated,
        "a reset ends every session, in case someone else holds one"
    );
    let err = client
        .complete_password_reset(&token.reset_token, "another long passphrase for jchen")
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::InvalidResetToken,
        "a reset token is used up by the reset"
    );

    assert_eq!(
        portal.deliver_mail().await.unwrap(),
        1,
        "one reset, one email"
    );
    let mail = portal
        .next_mail()
        .await
        .expect("the password-changed email reaches the SMTP server");
    assert_eq!(mail.to, std::slice::from_ref(&staff.email));
    assert_eq!(mail.subject(), "Your Dealer Access password was changed");
    assert!(
        mail.body_text().contains("Your password was changed"),
        "{}",
        mail.body_text()
    );
    for secret in [NEW_PASSWORD, &staff.password, &token.reset_token] {
        assert!(!mail.raw.contains(secret), "no secret in the email");
    }
    for answer in answers {
        assert!(!mail.raw.contains(answer), "no answer in the email");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_user_id_gets_questions_of_the_same_shape_and_the_same_refusal() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let catalogue = client.questions_catalogue().await.unwrap();

    let decoy = client.start_password_reset("nobody.here").await.unwrap();
    assert_eq!(
        client.start_password_reset("nobody.here").await.unwrap(),
        decoy,
        "an unknown user ID gets the same questions every time too, like a real one"
    );
    assert_ne!(
        decoy.questions[0], decoy.questions[1],
        "two different questions, like a real account's"
    );
    for question in &decoy.questions {
        assert!(
            catalogue.contains(question),
            "decoys come from the catalogue people pick from: {question:?}"
        );
    }

    let unknown = client
        .answer_password_reset("nobody.here", ["not my answer", "nor this one"])
        .await
        .unwrap_err();
    let known = client
        .answer_password_reset("jchen", ["not my answer", "nor this one"])
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::WrongAnswers);
    assert_eq!(
        unknown.to_string(),
        known.to_string(),
        "wrong answers read the same whether or not the account exists"
    );
}
