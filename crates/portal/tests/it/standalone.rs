//! The first run of a built-in portal: "Set up this dealership" makes the dealership and
//! its owner's accounts (office manager, and on this computer their reviewer and help-desk
//! IDs) with the password and questions they chose, once, and nothing on bad input.

use axum::http::StatusCode;
use dealer_api::{
    AccessRole, DealershipInput, ErrorCode, InvitationInput, QuestionAnswer, StandaloneSetup,
};
use dealer_core::password::PasswordPolicy;
use dealer_core::questions::QuestionId;
use dealer_portal::error::ApiError;
use dealer_portal::onboarding::set_up_standalone;

use crate::support::app::TestApp;

const PASSWORD: &str = "harbor lantern violet meadow";

fn setup(pdn: &str, user_id: &str, password: &str) -> StandaloneSetup {
    let answer = |key: &str, text: &str| QuestionAnswer {
        question: QuestionId::from_key(key).unwrap(),
        answer: text.into(),
    };
    StandaloneSetup {
        dealership: DealershipInput {
            pdn: pdn.into(),
            name: "Maple Street Motors".into(),
            ..Default::default()
        },
        owner: InvitationInput {
            first_name: "Owen".into(),
            last_name: "Marsh".into(),
            email: "owen@maple.example".into(),
            user_id: user_id.into(),
        },
        password: password.into(),
        challenge: [
            answer("first_car_model", "Civic"),
            answer("first_pet_name", "Rex"),
        ],
        secret: answer("elementary_school", "Oak Hill"),
    }
}

async fn run(
    app: &TestApp,
    input: &StandaloneSetup,
) -> Result<Vec<(String, AccessRole)>, ApiError> {
    set_up_standalone(
        &app.store,
        app.state.hasher(),
        &PasswordPolicy::default(),
        input,
        app.clock_now(),
    )
    .await
    .map(|made| {
        made.into_iter()
            .map(|(id, role)| (id.to_string(), role))
            .collect()
    })
}

#[tokio::test]
async fn the_owner_sets_up_their_dealership_once_and_runs_every_side_of_it() {
    let app = TestApp::new().await;
    let made = run(&app, &setup("70707", "omarsh", PASSWORD))
        .await
        .unwrap();
    assert_eq!(
        made,
        [
            ("omarsh".to_owned(), AccessRole::OfficeManager),
            ("omarsh.reviewer".to_owned(), AccessRole::Reviewer),
            ("omarsh.helpdesk".to_owned(), AccessRole::HelpDesk),
        ],
        "the owner manages, and on this computer also reviews and unlocks"
    );
    for (user_id, role) in &made {
        let (status, body) = app.sign_in(user_id, PASSWORD).await;
        assert_eq!(status, StatusCode::CREATED, "{user_id}: {body}");
        assert_eq!(body["user"]["role"], role.as_str());
    }
    let (_, body) = app.sign_in("omarsh", PASSWORD).await;
    assert_eq!(body["user"]["pdn"], "70707");
    assert_eq!(body["user"]["dealership_name"], "Maple Street Motors");

    let again = run(&app, &setup("80808", "someone", PASSWORD))
        .await
        .unwrap_err();
    assert!(
        matches!(again, ApiError::Conflict(_)),
        "a portal with accounts is never set up again: {again:?}"
    );
    assert_eq!(app.store.user_count().await.unwrap(), 3);
}

#[tokio::test]
async fn bad_input_is_refused_with_every_problem_and_nothing_is_made() {
    let app = TestApp::new().await;
    let mut bad = setup("7070", "omarsh", PASSWORD);
    bad.owner.first_name = " ".into();
    match run(&app, &bad).await.unwrap_err() {
        ApiError::InvalidForm(form) => assert_eq!(
            form.fields().collect::<Vec<_>>(),
            ["pdn", "first_name"],
            "both forms' problems at once"
        ),
        other => panic!("{other:?}"),
    }
    let long = run(
        &app,
        &setup("70707", "a-very-long-user-id-of-28-chr", PASSWORD),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&long, ApiError::InvalidForm(f) if f.fields().eq(["user_id"])),
        "the derived .helpdesk ID must fit: {long:?}"
    );
    let weak = run(&app, &setup("70707", "omarsh", "password"))
        .await
        .unwrap_err();
    assert_eq!(weak.code(), ErrorCode::WeakPassword);
    assert_eq!(
        app.store.user_count().await.unwrap(),
        0,
        "nothing is made from a refused form"
    );
    assert!(
        app.store
            .dealer(&dealer_core::ids::Pdn::parse("70707").unwrap())
            .await
            .unwrap()
            .is_none()
    );
}
