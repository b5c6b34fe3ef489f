//! Onboarding journeys (issue #13), through dealer-client against the real portal on a
//! real socket, with mail read from a real SMTP server: a provider admin made the way the
//! command line makes one brings dealership 40404 on, its office manager enrolls from the
//! invitation mail and files a new user, whom a reviewer completes and who enrolls in turn;
//! and a role moves to office manager and back, never leaving the dealership without one.

#![allow(clippy::unwrap_used)]

use dealer_api::{
    AccessRole, Action, DealershipInput, Decision, Enroll, ErrorCode, InvitationInput, PersonInput,
    QuestionAnswer, RequestForm,
};
use dealer_core::forms::InvitationInput as Invitation;
use dealer_core::questions::QuestionId;
use dealer_portal::onboarding::{self, Actor};
use dealer_testkit::Portal;

/// Deliver the outbox and read the next message to `to`; its enrollment code. Once
/// delivered, the code is gone from the portal's outbox.
async fn code_mailed_to(portal: &Portal, to: &str) -> String {
    portal.deliver_mail().await.unwrap();
    let code = loop {
        let mail = portal.next_mail().await.expect("the mail arrives");
        if mail.to.iter().any(|t| t.contains(to)) {
            break mail
                .raw
                .lines()
                .map(str::trim)
                .find(|l| l.len() == 19 && l.matches('-').count() == 3)
                .unwrap_or_else(|| panic!("no code in {}", mail.raw))
                .to_owned();
        }
    };
    for kept in portal.state.store().outbox_to(to).await.unwrap() {
        assert!(
            !kept.body.contains(&code),
            "a delivered {} keeps no usable code in the database",
            kept.kind
        );
    }
    code
}

fn answer(question: QuestionId, answer: &str) -> QuestionAnswer {
    QuestionAnswer {
        question,
        answer: answer.to_owned(),
    }
}

async fn enroll(portal: &Portal, user_id: &str, code: &str, password: &str) -> String {
    let questions = dealer_core::questions::catalogue();
    portal
        .client
        .enroll(&Enroll {
            user_id: user_id.to_owned(),
            code: code.to_owned(),
            password: password.to_owned(),
            challenge: [
                answer(questions[0].id(), "Maple Street"),
                answer(questions[1].id(), "Biscuit"),
            ],
            secret: answer(questions[2].id(), "Oak Hill"),
        })
        .await
        .unwrap_or_else(|e| panic!("{user_id} enrolls: {e}"));
    portal
        .client
        .sign_in(user_id, password)
        .await
        .unwrap_or_else(|e| panic!("{user_id} signs in: {e}"))
        .token
}

/// The first provider admin, invited as `dealer-portal create-staff-user` invites one.
async fn first_admin(portal: &Portal) -> String {
    let invitation = Invitation {
        first_name: "Ada".into(),
        last_name: "Byron".into(),
        email: "ada@provider.example".into(),
        user_id: "ada.admin".into(),
    }
    .validate()
    .unwrap();
    onboarding::invite(
        portal.state.store(),
        portal.state.help_desk(),
        &invitation,
        AccessRole::ProviderAdmin,
        None,
        &Actor::default(),
        portal.state.now(),
    )
    .await
    .unwrap();
    let code = code_mailed_to(portal, "ada@provider.example").await;
    enroll(portal, "ada.admin", &code, "granite harbor willow lantern").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_admin_brings_a_dealership_on_and_its_people_enroll_by_mail() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let ada = first_admin(&portal).await;

    let made = client
        .admin_create_dealership(
            &ada,
            &DealershipInput {
                pdn: "40404".into(),
                name: "Riverside Motors".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(made.office_managers, 0);
    let invited = client
        .admin_invite_office_manager(
            &ada,
            "40404",
            &InvitationInput {
                first_name: "Rita".into(),
                last_name: "Vance".into(),
                email: "rita@riverside.example".into(),
                user_id: "rvance".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(invited.role, AccessRole::OfficeManager);

    let code = code_mailed_to(&portal, "rita@riverside.example").await;
    let rita = enroll(&portal, "rvance", &code, "plum lantern gravel sonnet").await;
    let me = client.me(&rita).await.unwrap();
    assert_eq!(
        (me.role, me.pdn.as_deref(), me.dealership_name.as_deref()),
        (
            AccessRole::OfficeManager,
            Some("40404"),
            Some("Riverside Motors")
        )
    );

    let filed = client
        .submit_request(
            &rita,
            &RequestForm::NewUser {
                person: PersonInput {
                    first_name: "Noel".into(),
                    last_name: "Hart".into(),
                    email: "noel@riverside.example".into(),
                    business_phone: "(555) 404-1000".into(),
                    role: "salesperson".into(),
                    role_other: None,
                },
                user_id: "nhart".into(),
                applications: vec!["smartcash".into()],
            },
        )
        .await
        .unwrap();
    let sam = client
        .sign_in("reviewer.sam", &portal.account("reviewer.sam").password)
        .await
        .unwrap()
        .token;
    for action in [Action::StartReview, Action::Approve, Action::Complete] {
        client
            .decide(&sam, filed.request.id, &Decision { action, note: None })
            .await
            .unwrap();
    }
    let code = code_mailed_to(&portal, "noel@riverside.example").await;
    let noel = enroll(&portal, "nhart", &code, "copper meadow violin ember").await;
    assert_eq!(client.me(&noel).await.unwrap().role, AccessRole::Staff);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_moves_to_office_manager_and_back_but_never_leaves_a_dealership_without_one() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let ada = first_admin(&portal).await;

    let refused = client
        .admin_change_role(&ada, "mgarcia", AccessRole::Staff)
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        ErrorCode::LastOfficeManager,
        "mgarcia is Lakeside's only office manager"
    );
    let promoted = client
        .admin_change_role(&ada, "jchen", AccessRole::OfficeManager)
        .await
        .unwrap();
    assert_eq!(promoted.role, AccessRole::OfficeManager);
    portal.deliver_mail().await.unwrap();
    let told = portal
        .next_mail()
        .await
        .expect("the person is told by mail");
    assert!(
        told.raw.contains("is now an office manager"),
        "{}",
        told.raw
    );

    let jchen = client
        .sign_in("jchen", &portal.account("jchen").password)
        .await
        .unwrap()
        .token;
    assert!(
        !client
            .dealer_users(&jchen, "01234", &Default::default())
            .await
            .unwrap()
            .is_empty(),
        "as office manager jchen sees the dealership's people"
    );
    client
        .admin_change_role(&ada, "jchen", AccessRole::Staff)
        .await
        .unwrap();
    assert_eq!(
        client.me(&jchen).await.unwrap_err().code(),
        ErrorCode::Unauthenticated,
        "powers change with the role: the old session ends"
    );
    let jchen = client
        .sign_in("jchen", &portal.account("jchen").password)
        .await
        .unwrap()
        .token;
    assert_eq!(
        client
            .dealer_users(&jchen, "01234", &Default::default())
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden,
        "back to staff: the dealership's people are the manager's"
    );
}
