use super::*;
use proptest::prelude::*;

fn lakeside() -> DealershipName {
    DealershipName::parse("Lakeside Motors").unwrap()
}

fn person_input() -> PersonInput {
    PersonInput {
        first_name: "Amara".into(),
        last_name: "Okafor".into(),
        email: "amara.okafor@lakeside-motors.example".into(),
        business_phone: "(555) 234-5678".into(),
        role: "salesperson".into(),
        role_other: None,
    }
}

fn answer(question: &str, answer: &str) -> AnswerInput {
    AnswerInput {
        question: question.into(),
        answer: answer.into(),
    }
}

fn registration() -> RegistrationInput {
    RegistrationInput {
        pdn: "01234".into(),
        person: person_input(),
        user_id: "aokafor".into(),
        password: "velvet trombone orbit picnic".into(),
        challenge: [
            answer("first_car_model", "Honda Civic"),
            answer("first_pet_name", "Biscuit"),
        ],
        secret: answer("elementary_school", "Maple Grove"),
        applications: vec!["smartcash".into(), "smartauction".into()],
    }
}

fn validate(input: &RegistrationInput) -> Result<Registration, FormErrors> {
    input.validate(
        &lakeside(),
        &ApplicationCatalogue::default(),
        &PasswordPolicy::default(),
    )
}

#[test]
fn a_complete_registration_is_valid_with_normalized_answers() {
    let valid = validate(&registration()).expect("every field is right");
    assert_eq!(valid.pdn.as_str(), "01234");
    assert_eq!(valid.user_id.as_str(), "aokafor");
    assert_eq!(
        valid.answers[0].expose_secret(),
        "honda civic",
        "answers are normalized before hashing"
    );
    assert_eq!(valid.person.business_phone.e164(), "+15552345678");
    assert_eq!(valid.applications.len(), 2);
    assert!(
        !format!("{valid:?}").contains("velvet"),
        "Debug never shows the password"
    );
    assert!(
        !format!("{:?}", registration()).contains("velvet"),
        "nor does the raw input's Debug"
    );
    assert!(
        !format!("{:?}", registration()).contains("Biscuit"),
        "nor an answer"
    );
}

#[test]
fn every_error_of_a_registration_is_listed_at_once_field_by_field() {
    let mut input = registration();
    input.pdn = "1234".into();
    input.person.email = "not an email".into();
    input.person.business_phone = "12".into();
    input.user_id = "a b".into();
    input.password = "xQ7!".into();
    input.challenge[1] = answer("first_car_model", "Accord");
    input.secret.answer = "x".into();
    input.applications = vec![];
    let errors = validate(&input).unwrap_err();
    let fields: Vec<&str> = errors.fields().collect();
    assert_eq!(
        fields,
        [
            "pdn",
            "email",
            "business_phone",
            "user_id",
            "password",
            "secret.answer",
            "questions",
            "applications"
        ],
        "all problems at once, in form order, so nothing is fixed one round trip at a time"
    );
    let pdn = &errors.0[0].message;
    assert_eq!(pdn, "PDN must be exactly five digits, for example 01234");
    assert!(
        !errors.to_string().contains("xQ7!"),
        "the password never appears in an error"
    );
}

#[test]
fn a_password_built_from_the_dealership_name_is_refused() {
    let mut input = registration();
    input.password = "LakesideMotors01234".into();
    let errors = validate(&input).unwrap_err();
    assert_eq!(errors.fields().collect::<Vec<_>>(), ["password"]);
}

#[test]
fn registration_questions_must_be_three_different_catalogue_entries() {
    let mut input = registration();
    input.secret.question = "first_pet_name".into();
    assert_eq!(
        validate(&input).unwrap_err().fields().collect::<Vec<_>>(),
        ["questions"]
    );
    input.secret.question = "favourite_colour".into();
    assert_eq!(
        validate(&input).unwrap_err().fields().collect::<Vec<_>>(),
        ["secret.question"]
    );
}

#[test]
fn the_form_has_four_kinds_each_with_its_fields() {
    let catalogue = ApplicationCatalogue::default();
    let new_user: RequestForm = serde_json::from_value(serde_json::json!({
        "kind": "new_user", "first_name": "James", "last_name": "Chen", "email": "james@x.example",
        "business_phone": "555-234-5678", "role": "finance_manager", "user_id": "jchen",
        "applications": ["smartcash"]
    }))
    .unwrap();
    let valid = new_user.validate(&catalogue).unwrap();
    assert_eq!(valid.kind(), RequestKind::NewUser);
    assert_eq!(valid.user_id().as_str(), "jchen");

    let remove = RequestForm::RemoveApplicationAccess {
        user_id: "jchen".into(),
        applications: vec!["intellirater".into()],
    };
    assert_eq!(
        remove.validate(&catalogue).unwrap().kind(),
        RequestKind::RemoveApplicationAccess
    );
    let reactivate = RequestForm::Reactivation {
        user_id: "JChen".into(),
    };
    assert_eq!(
        reactivate.validate(&catalogue).unwrap().user_id().as_str(),
        "jchen"
    );
    let deactivate = RequestForm::Deactivation {
        user_id: "jchen".into(),
        reason: "  left   the dealership ".into(),
    };
    assert_eq!(
        deactivate.validate(&catalogue).unwrap(),
        ValidRequest::Deactivation {
            user_id: UserId::parse("jchen").unwrap(),
            reason: "left the dealership".into()
        }
    );
}

#[test]
fn a_new_user_form_lists_every_missing_field() {
    let form = RequestForm::NewUser {
        person: PersonInput::default(),
        user_id: String::new(),
        applications: vec![],
    };
    let errors = form.validate(&ApplicationCatalogue::default()).unwrap_err();
    assert_eq!(
        errors.fields().collect::<Vec<_>>(),
        [
            "first_name",
            "last_name",
            "email",
            "business_phone",
            "role",
            "user_id",
            "applications"
        ]
    );
    assert_eq!(errors.0[0].message, "First name is required");
}

#[test]
fn unknown_form_fields_and_kinds_are_refused() {
    let extra = serde_json::json!({"kind": "reactivation", "user_id": "jchen", "pdn": "56789"});
    assert!(
        serde_json::from_value::<RequestForm>(extra).is_err(),
        "the PDN comes from the session, never the form"
    );
    let kind = serde_json::json!({"kind": "promote", "user_id": "jchen"});
    assert!(serde_json::from_value::<RequestForm>(kind).is_err());
}

#[test]
fn removing_access_needs_at_least_one_known_application() {
    let form = RequestForm::RemoveApplicationAccess {
        user_id: "jchen".into(),
        applications: vec!["dealertrack".into()],
    };
    let errors = form.validate(&ApplicationCatalogue::default()).unwrap_err();
    assert_eq!(errors.fields().collect::<Vec<_>>(), ["applications"]);
}

proptest! {
    #[test]
    fn validating_arbitrary_forms_never_panics(
        pdn in "\\PC{0,8}", name in "\\PC{0,20}", email in "\\PC{0,30}", phone in "\\PC{0,20}",
        user_id in "\\PC{0,34}", password in "\\PC{0,40}", a in "\\PC{0,10}", q in "[a-z_]{0,20}",
    ) {
        let input = RegistrationInput {
            pdn,
            person: PersonInput { first_name: name.clone(), last_name: name, email, business_phone: phone, role: q.clone(), role_other: None },
            user_id: user_id.clone(),
            password,
            challenge: [answer(&q, &a), answer("first_pet_name", &a)],
            secret: answer("elementary_school", &a),
            applications: vec![q],
        };
        let _ = validate(&input);
        let _ = RequestForm::Deactivation { user_id, reason: a }.validate(&ApplicationCatalogue::default());
    }
}
