//! Request journeys, through dealer-client against the real portal on a real socket, with
//! mail read from a real SMTP server: a registrant is approved and signs in; a manager's
//! new user enrolls with the emailed code; a leaver's session ends the moment the
//! deactivation is filed.

#![allow(clippy::unwrap_used)]

use dealer_api::{
    Action, AnswerInput, Decision, EmailCodeRequest, Enroll, PersonInput, QuestionAnswer,
    RegistrationInput, RequestForm, RequestState, UserIdCheck,
};
use dealer_api::{ErrorCode, RequestId};
use dealer_core::questions::QuestionId;
use dealer_testkit::Portal;

const REVIEWER: &str = "reviewer.sam";

async fn sign_in(portal: &Portal, user_id: &str) -> String {
    let password = &portal.account(user_id).password;
    portal
        .client
        .sign_in(user_id, password)
        .await
        .unwrap()
        .token
}

async fn decide(portal: &Portal, token: &str, id: RequestId, actions: &[Action]) {
    for &action in actions {
        portal
            .client
            .decide(token, id, &Decision { action, note: None })
            .await
            .unwrap_or_else(|e| panic!("{action:?}: {e}"));
    }
}

/// Deliver the outbox and read `n` messages from the SMTP server.
async fn mails(portal: &Portal, n: usize) -> Vec<String> {
    portal.deliver_mail().await.unwrap();
    let mut out = Vec::new();
    for _ in 0..n {
        let mail = portal.next_mail().await.expect("a message arrives");
        out.push(format!("To: {}\n{}", mail.to.join(","), mail.raw));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registrant_is_approved_gets_the_confirmation_email_and_signs_in() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let dealer = client.dealer_name("01234").await.unwrap();
    assert_eq!(
        dealer.name, "Lakeside Motors",
        "the registrant confirms the dealership"
    );
    let unknown = client.dealer_name("99999").await.unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::UnknownPdn);

    let form = RegistrationInput {
        pdn: "01234".into(),
        person: PersonInput {
            first_name: "Jo".into(),
            last_name: "Rivera".into(),
            email: "jo.rivera@lakeside.example".into(),
            business_phone: "(555) 234-5678".into(),
            role: "salesperson".into(),
            role_other: None,
        },
        user_id: "jrivera".into(),
        password: "velvet trombone orbit picnic".into(),
        challenge: [
            AnswerInput {
                question: "first_car_model".into(),
                answer: "Honda Civic".into(),
            },
            AnswerInput {
                question: "first_pet_name".into(),
                answer: "Biscuit".into(),
            },
        ],
        secret: AnswerInput {
            question: "elementary_school".into(),
            answer: "Maple Grove".into(),
        },
        applications: vec!["smartcash".into()],
    };
    // The email first: a code by mail, and only then may the registrant register.
    let refused = client.register("no-proof", &form).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::EmailNotConfirmed);
    let issued = client
        .send_email_code(&EmailCodeRequest {
            pdn: "01234".into(),
            email: "jo.rivera@lakeside.example".into(),
        })
        .await
        .unwrap();
    let code_mail = mails(&portal, 1).await.remove(0);
    assert!(
        code_mail.starts_with("To: jo.rivera@lakeside.example"),
        "{code_mail}"
    );
    let code = code_mail
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| panic!("a six-digit code in {code_mail}"));
    client
        .confirm_email_code(&issued.token, code)
        .await
        .unwrap();
    let check = UserIdCheck {
        user_id: "mgarcia".into(),
        first_name: "Jo".into(),
        last_name: "Rivera".into(),
    };
    let taken = client.check_user_id(&issued.token, &check).await.unwrap();
    assert!(
        !taken.available && !taken.suggestions.is_empty(),
        "{taken:?}"
    );
    let receipt = client.register(&issued.token, &form).await.unwrap();
    let received = mails(&portal, 2).await;
    assert!(
        received
            .iter()
            .any(|m| m.starts_with("To: jo.rivera@lakeside.example") && m.contains("received")),
        "the registrant's receipt arrives: {received:?}"
    );
    assert!(
        received
            .iter()
            .any(|m| m.starts_with("To: maria.garcia@lakeside.example")
                && m.contains("New Dealer Access registration")),
        "the office manager hears of it: {received:?}"
    );
    let err = client
        .sign_in("jrivera", "velvet trombone orbit picnic")
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::PendingApproval,
        "no sign-in before approval"
    );

    let sam = sign_in(&portal, REVIEWER).await;
    decide(
        &portal,
        &sam,
        receipt.request_id,
        &[Action::StartReview, Action::Approve],
    )
    .await;
    let confirmation = mails(&portal, 1).await.remove(0);
    assert!(
        confirmation.starts_with("To: jo.rivera@lakeside.example")
            && confirmation.contains("registration is approved"),
        "the confirmation email arrives over SMTP: {confirmation}"
    );
    for secret in [
        "velvet trombone",
        "Biscuit",
        "Maple Grove",
        &receipt.status_token,
    ] {
        assert!(!confirmation.contains(secret), "no secret in the email");
    }
    client
        .sign_in("jrivera", "velvet trombone orbit picnic")
        .await
        .expect("approved: the registrant signs in");
    let status = client
        .registration_status(receipt.request_id, &receipt.status_token)
        .await
        .unwrap();
    assert_eq!(status.state, RequestState::Approved);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_managers_new_user_enrolls_with_the_emailed_code_and_signs_in() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let manager = sign_in(&portal, "mgarcia").await;
    let form = RequestForm::NewUser {
        person: PersonInput {
            first_name: "Lee".into(),
            last_name: "Park".into(),
            email: "lee.park@lakeside.example".into(),
            business_phone: "(555) 234-9999".into(),
            role: "title_clerk".into(),
            role_other: None,
        },
        user_id: "lpark".into(),
        applications: vec!["smartcash".into(), "intellirater".into()],
    };
    let filed = client.submit_request(&manager, &form).await.unwrap();
    assert_eq!(filed.request.state, RequestState::Submitted);
    let sam = sign_in(&portal, REVIEWER).await;
    decide(
        &portal,
        &sam,
        filed.request.id,
        &[Action::StartReview, Action::Approve, Action::Complete],
    )
    .await;
    let received = mails(&portal, 3).await;
    let enrollment = received
        .iter()
        .find(|m| m.starts_with("To: lee.park@lakeside.example"))
        .expect("the new user is emailed");
    let code = enrollment
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 19 && l.matches('-').count() == 3)
        .expect("the email carries the code")
        .to_owned();
    assert!(
        received
            .iter()
            .filter(|m| !m.starts_with("To: lee.park"))
            .all(|m| !m.contains(&code)),
        "the manager never sees the code"
    );

    let enroll = Enroll {
        user_id: "lpark".into(),
        code,
        password: "plum lantern gravel sonnet".into(),
        challenge: [
            QuestionAnswer {
                question: QuestionId::from_key("first_car_model").unwrap(),
                answer: "Civic".into(),
            },
            QuestionAnswer {
                question: QuestionId::from_key("first_pet_name").unwrap(),
                answer: "Rex".into(),
            },
        ],
        secret: QuestionAnswer {
            question: QuestionId::from_key("elementary_school").unwrap(),
            answer: "Oak Hill".into(),
        },
    };
    client.enroll(&enroll).await.unwrap();
    let signed_in = client
        .sign_in("lpark", "plum lantern gravel sonnet")
        .await
        .expect("the new user signs in with the password they chose");
    assert_eq!(
        signed_in.user.dealership_name.as_deref(),
        Some("Lakeside Motors")
    );
    let again = client.enroll(&enroll).await.unwrap_err();
    assert_eq!(
        again.code(),
        ErrorCode::InvalidEnrollment,
        "the code works once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filing_a_deactivation_ends_the_leavers_session_at_once() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let leaver = sign_in(&portal, "jchen").await;
    client.me(&leaver).await.unwrap();
    let manager = sign_in(&portal, "mgarcia").await;
    let filed = client
        .submit_request(
            &manager,
            &RequestForm::Deactivation {
                user_id: "jchen".into(),
                reason: "Left the dealership".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        client.me(&leaver).await.unwrap_err().code(),
        ErrorCode::Unauthenticated,
        "the leaver's session ended when the request was filed, not when it was reviewed"
    );
    let password = &portal.account("jchen").password;
    assert!(client.sign_in("jchen", password).await.is_err());
    let detail = client.request(&manager, filed.request.id).await.unwrap();
    assert_eq!(detail.reason.as_deref(), Some("Left the dealership"));
    assert_eq!(detail.history.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_has_requests_to_look_at() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let sam = sign_in(&portal, REVIEWER).await;
    let queue = client
        .review_queue(&sam, &dealer_api::RequestFilter::default())
        .await
        .unwrap();
    assert_eq!(
        queue.total, 3,
        "three open requests across both dealerships"
    );
    assert_eq!(queue.requests[0].user_id, "lnguyen", "oldest due first");
    assert!(queue.requests[0].overdue, "filed three days ago: overdue");
    let manager = sign_in(&portal, "mgarcia").await;
    let mine = client
        .dealer_requests(&manager, "01234", &dealer_api::RequestFilter::default())
        .await
        .unwrap();
    assert_eq!(
        mine.total, 2,
        "Lakeside's two; Hilltop's registration is not hers"
    );
}

/// An inactive user gets back without anyone filing for them: the sign-in says inactive
/// after the right password, the same password asks for the reactivation, the office
/// manager hears of it by mail, a reviewer completes it, and the user signs in again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inactive_user_asks_to_be_reactivated_and_signs_in_once_it_is_completed() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    // The manager and the reviewer keep signing in; jchen does not.
    for days in [30, 29, 2] {
        sign_in(&portal, "mgarcia").await;
        sign_in(&portal, REVIEWER).await;
        portal.clock.advance(chrono::Duration::days(days));
    }
    let password = portal.account("jchen").password.clone();

    let refused = client.sign_in("jchen", &password).await.unwrap_err();
    assert_eq!(
        refused.code(),
        ErrorCode::Inactive,
        "61 days without a sign-in"
    );
    let asked = client.ask_reactivation("jchen", &password).await.unwrap();
    assert_eq!(asked.office_managers, ["Maria Garcia"]);
    let again = client
        .ask_reactivation("jchen", &password)
        .await
        .unwrap_err();
    assert_eq!(
        again.code(),
        ErrorCode::Conflict,
        "one open request at a time"
    );
    let wrong = client
        .ask_reactivation("jchen", "not the password at all")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::InvalidCredentials);

    let sent = mails(&portal, 2).await;
    assert!(
        sent.iter()
            .any(|m| m.contains("To: maria") && m.contains("asked to be reactivated")),
        "the office manager is told: {sent:?}"
    );
    assert!(
        sent.iter()
            .any(|m| m.contains("To: james") && m.contains("We received your reactivation")),
        "the person gets a receipt: {sent:?}"
    );
    let manager = sign_in(&portal, "mgarcia").await;
    let sam = sign_in(&portal, REVIEWER).await;
    let mine = client
        .dealer_requests(
            &manager,
            "01234",
            &dealer_api::RequestFilter {
                user_id: Some("jchen".into()),
                ..dealer_api::RequestFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(mine.requests[0].id, asked.request_id, "tracked in her list");
    assert_eq!(mine.requests[0].submitted_by.as_deref(), Some("jchen"));

    decide(
        &portal,
        &sam,
        asked.request_id,
        &[Action::StartReview, Action::Approve, Action::Complete],
    )
    .await;
    client
        .sign_in("jchen", &password)
        .await
        .expect("completed: active again");
}
