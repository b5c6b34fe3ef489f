//! Registration and User ID Requests: submit, review, track, notify. DESIGN.md ("Request
//! lifecycle", "How each kind takes effect", "Tenancy") is the spec; each test names the
//! rule it proves. Every test runs on SQLite and on PostgreSQL.

use crate::support::app::TestApp;
use crate::support::requests::{PASSWORD, dealerships, new_user, registration};
use axum::http::{Method, StatusCode};
use chrono::{Duration, TimeZone, Utc};
use dealer_api::ErrorCode;
use dealer_core::requests::{Action, Actor, Guards, RequestState, TransitionError, transition};
use serde_json::{Value, json};

fn fields(body: &Value) -> Vec<&str> {
    body["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields in {body}"))
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect()
}

async fn registration_makes_a_pending_account_and_a_request_due_next_business_day(app: TestApp) {
    let (status, receipt) = app.register(registration("jrivera")).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert_eq!(receipt["state"], "submitted");
    // Submitted Tuesday 10 am ET: due Wednesday 5 pm ET (EST, UTC-5).
    let due = Utc.with_ymd_and_hms(2026, 12, 2, 22, 0, 0).unwrap();
    assert_eq!(
        receipt["due_at"],
        json!(due),
        "one business day: close of business the next business day"
    );
    let token = receipt["status_token"].as_str().unwrap();
    assert!(
        token.len() >= 64,
        "the status token is a long random secret"
    );

    let (status, body) = app.sign_in("jrivera", "velvet trombone orbit picnic").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a pending account cannot sign in: {body}"
    );
    assert_eq!(body["code"], ErrorCode::PendingApproval.as_str());

    assert_eq!(
        app.mail_kinds("jrivera@lakeside.example").await,
        ["registration_code", "registration_received"],
        "the registrant got the code that proved their email, then a receipt"
    );
    assert_eq!(
        app.mail_kinds("maria@example.com").await,
        ["registration_awaits"],
        "the office manager of that PDN learns a registration waits"
    );
    assert!(
        app.mail_kinds("dana@example.com").await.is_empty(),
        "another dealership's manager hears nothing"
    );
    let dump = app.dump_table("users").await + &app.dump_table("requests").await;
    for secret in ["velvet trombone", "Biscuit", "biscuit", token] {
        assert!(
            !dump.contains(secret),
            "{secret:?} must never be stored in clear"
        );
    }
}

async fn registration_errors_are_listed_at_once_field_by_field(app: TestApp) {
    let mut form = registration("x");
    form["email"] = json!("not-an-email");
    form["password"] = json!("short");
    form["secret"] = json!({"question": "first_pet_name", "answer": "Rex"});
    form["applications"] = json!([]);
    let (status, body) = app.register(form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], ErrorCode::InvalidForm.as_str());
    let reported = fields(&body);
    for field in ["email", "user_id", "password", "questions", "applications"] {
        assert!(
            reported.contains(&field),
            "{field} is reported: {reported:?}"
        );
    }

    let mut form = registration("jrivera");
    form["pdn"] = json!("99999");
    let (status, unknown) = app.register(form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        fields(&unknown),
        ["pdn"],
        "an unknown PDN is a problem of its field"
    );
    assert_eq!(
        app.store.user_count().await.unwrap(),
        8,
        "nothing was created"
    );
}

async fn a_taken_user_id_is_409_with_free_suggestions(app: TestApp) {
    let mut form = registration("zed");
    form["first_name"] = json!("Zoe");
    form["last_name"] = json!("Diaz");
    let (status, body) = app.register(form).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], ErrorCode::UserIdTaken.as_str());
    let suggestions: Vec<&str> = body["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(suggestions, ["zdiaz", "zoe.diaz", "zed2"]);
}

async fn dealer_lookup_confirms_the_name_and_unknown_pdns_get_one_answer(app: TestApp) {
    let (status, body) = app
        .call(Method::GET, "/api/v1/dealers/01234/name", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"pdn": "01234", "name": "Lakeside Motors"}));
    sqlx::query("UPDATE dealers SET active = 0 WHERE pdn = '56789'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let mut answers = Vec::new();
    for pdn in ["99999", "56789", "1234", "abcde"] {
        let (status, body) = app
            .call(
                Method::GET,
                &format!("/api/v1/dealers/{pdn}/name"),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{pdn}");
        answers.push(body);
    }
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "unknown, inactive and malformed PDNs answer alike: {answers:?}"
    );
    assert_eq!(answers[0]["code"], ErrorCode::UnknownPdn.as_str());
}

async fn approval_activates_the_registration_and_emails_a_confirmation(app: TestApp) {
    let (_, receipt) = app.register(registration("jrivera")).await;
    let id = receipt["request_id"].as_i64().unwrap();
    let sam = app.token("sam", PASSWORD).await;
    app.approve(&sam, id, false).await;
    assert_eq!(
        app.mail_kinds("jrivera@lakeside.example").await,
        [
            "registration_code",
            "registration_received",
            "registration_approved"
        ],
        "approval sends the confirmation email"
    );
    app.token("jrivera", "velvet trombone orbit picnic").await;

    let (status, body) = app.decide(&sam, id, "complete", Some("done")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let user = app.user("jrivera").await;
    assert_eq!(
        app.store.applications_of(user.pk).await.unwrap(),
        ["smartcash"],
        "completion grants the applications"
    );
    let history: Vec<(Value, Value, Value)> = body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["actor"].clone(), e["from"].clone(), e["to"].clone()))
        .collect();
    assert_eq!(
        history,
        [
            (Value::Null, Value::Null, json!("submitted")),
            (json!("sam"), json!("submitted"), json!("in_review")),
            (json!("sam"), json!("in_review"), json!("approved")),
            (json!("sam"), json!("approved"), json!("completed")),
        ],
        "every transition is recorded with who, from and to"
    );
}

async fn a_registrant_follows_and_answers_with_the_status_token(app: TestApp) {
    let (_, receipt) = app.register(registration("jrivera")).await;
    let id = receipt["request_id"].as_i64().unwrap();
    let token = receipt["status_token"].as_str().unwrap().to_owned();
    let status_of = |token: String| {
        let app = &app;
        async move {
            let req = axum::http::Request::get(format!("/api/v1/registrations/{id}"))
                .header("x-status-token", token)
                .body(axum::body::Body::empty())
                .unwrap();
            app.raw(req).await
        }
    };
    let (status, body) = status_of(token.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "submitted");
    let (status, _) = status_of("f".repeat(64)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a wrong token sees nothing");

    let sam = app.token("sam", PASSWORD).await;
    app.decide(&sam, id, "start_review", None).await;
    let (status, _) = app
        .decide(
            &sam,
            id,
            "request_info",
            Some("Which location do you work at?"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        app.mail_kinds("jrivera@lakeside.example")
            .await
            .contains(&"request_decision".to_owned()),
        "the registrant is asked by email"
    );
    app.clock.advance(Duration::days(2));
    let req = axum::http::Request::post(format!("/api/v1/registrations/{id}/answer"))
        .header("x-status-token", &token)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            json!({"note": "The north lot"}).to_string(),
        ))
        .unwrap();
    let (status, body) = app.raw(req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["state"], "submitted",
        "an answer hands it back to review"
    );
    // Answered Thursday 10 am ET: due again Friday 5 pm ET.
    assert_eq!(
        body["due_at"],
        json!(Utc.with_ymd_and_hms(2026, 12, 4, 22, 0, 0).unwrap()),
        "the business-day promise starts again from the answer"
    );
}

async fn a_new_user_enrolls_with_the_emailed_code(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let id = app.file(&maria, new_user("lpark", &["smartcash"])).await;
    let sam = app.token("sam", PASSWORD).await;
    app.approve(&sam, id, true).await;

    let mails = app.store.outbox_to("lpark@lakeside.example").await.unwrap();
    assert_eq!(mails.len(), 1, "the new user gets exactly one email");
    assert_eq!(mails[0].kind, "enrollment_code");
    let code = mails[0]
        .body
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 19 && l.matches('-').count() == 3)
        .unwrap()
        .to_owned();
    assert_eq!(
        app.mail_kinds("maria@example.com").await,
        ["request_decision", "request_decision"],
        "the manager hears of the approval and the completion, never the code"
    );

    let enroll = |code: &str| {
        json!({
            "user_id": "lpark",
            "code": code,
            "password": "plum lantern gravel sonnet",
            "challenge": [
                {"question": "first_car_model", "answer": "Civic"},
                {"question": "first_pet_name", "answer": "Rex"}
            ],
            "secret": {"question": "elementary_school", "answer": "Oak Hill"}
        })
    };
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/enrollments",
            None,
            Some(enroll("AAAA-BBBB-CCCC-DDDD")),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], ErrorCode::InvalidEnrollment.as_str());
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/enrollments",
            None,
            Some(enroll(&code.to_lowercase())),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    app.token("lpark", "plum lantern gravel sonnet").await;
    let (status, again) = app
        .call(
            Method::POST,
            "/api/v1/enrollments",
            None,
            Some(enroll(&code)),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a code works once: {again}"
    );
    assert_eq!(again["code"], ErrorCode::InvalidEnrollment.as_str());
}

async fn an_enrollment_code_expires_after_seven_days(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let id = app.file(&maria, new_user("lpark", &["smartcash"])).await;
    let sam = app.token("sam", PASSWORD).await;
    app.approve(&sam, id, true).await;
    let body = &app.store.outbox_to("lpark@lakeside.example").await.unwrap()[0].body;
    let code = body.lines().map(str::trim).find(|l| l.len() == 19).unwrap();
    app.clock.advance(Duration::days(7) + Duration::minutes(1));
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/enrollments",
            None,
            Some(json!({
                "user_id": "lpark", "code": code, "password": "plum lantern gravel sonnet",
                "challenge": [
                    {"question": "first_car_model", "answer": "Civic"},
                    {"question": "first_pet_name", "answer": "Rex"}
                ],
                "secret": {"question": "elementary_school", "answer": "Oak Hill"}
            })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["code"],
        ErrorCode::InvalidEnrollment.as_str(),
        "a code older than 7 days is dead"
    );
}

async fn deactivation_ends_access_at_once_and_cancelling_gives_it_back(app: TestApp) {
    let zed = app.token("zed", PASSWORD).await;
    let maria = app.token("maria", PASSWORD).await;
    let id = app
        .file(
            &maria,
            json!({"kind": "deactivation", "user_id": "zed", "reason": "Left"}),
        )
        .await;
    let (status, _) = app.call(Method::GET, "/api/v1/me", Some(&zed), None).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a leaver's session ends at once"
    );
    let (status, body) = app.sign_in("zed", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "sign-in is refused at once: {body}"
    );

    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/v1/requests/{id}/cancel"),
            Some(&maria),
            Some(json!({"note": "Wrong person"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["request"]["state"], "cancelled");
    app.token("zed", PASSWORD).await;

    let id = app
        .file(&maria, json!({"kind": "deactivation", "user_id": "zed"}))
        .await;
    let sam = app.token("sam", PASSWORD).await;
    app.approve(&sam, id, true).await;
    assert_eq!(app.user("zed").await.stored_state.as_str(), "deactivated");
}

async fn an_office_manager_cannot_end_or_reduce_their_own_access(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    for (body, kind) in [
        (
            json!({"kind": "deactivation", "user_id": "MARIA", "reason": "testing"}),
            "deactivation",
        ),
        (
            json!({"kind": "remove_application_access", "user_id": "maria", "applications": ["smartcash"]}),
            "removal",
        ),
    ] {
        let (status, reply) = app
            .call(Method::POST, "/api/v1/requests", Some(&maria), Some(body))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{kind}: {reply}");
        assert_eq!(reply["code"], ErrorCode::NotEligible.as_str(), "{kind}");
        assert!(
            reply["message"]
                .as_str()
                .unwrap()
                .contains("your own access"),
            "{kind}: the message says why and who can: {reply}"
        );
    }
    let (status, _) = app
        .call(Method::GET, "/api/v1/me", Some(&maria), None)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "nothing was filed: her session and her access are as they were"
    );
    assert_eq!(app.user("maria").await.stored_state.as_str(), "active");
}

async fn reactivation_is_only_for_inactive_users_and_restarts_the_clock(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/requests",
            Some(&maria),
            Some(json!({"kind": "reactivation", "user_id": "zed"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], ErrorCode::NotEligible.as_str());
    assert!(
        body["message"].as_str().unwrap().contains("not inactive"),
        "the message says why: {body}"
    );

    // zed last signed in 61 days ago.
    let long_ago = (app.clock_now() - Duration::days(61)).timestamp_millis();
    sqlx::query("UPDATE users SET activity_since = $1 WHERE user_id = 'zed'")
        .bind(long_ago)
        .execute(app.store.pool())
        .await
        .unwrap();
    let (status, _) = app.sign_in("zed", PASSWORD).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "zed is inactive now");
    let id = app
        .file(&maria, json!({"kind": "reactivation", "user_id": "zed"}))
        .await;
    let sam = app.token("sam", PASSWORD).await;
    app.approve(&sam, id, true).await;
    let zed = app.user("zed").await;
    assert_eq!(
        zed.activity_since,
        app.clock_now(),
        "the 60-day clock restarts"
    );
    assert!(
        app.mail_kinds("zed@example.com")
            .await
            .contains(&"reactivated".to_owned())
    );
    app.token("zed", PASSWORD).await;
}

async fn removing_access_needs_an_application_the_user_holds(app: TestApp) {
    let zed = app.user("zed").await;
    let mut conn = app.store.pool().acquire().await.unwrap();
    dealer_portal::store::requests::grant_applications(
        &mut conn,
        zed.pk,
        &["smartcash".into(), "intellirater".into()],
        app.clock_now(),
    )
    .await
    .unwrap();
    drop(conn);
    let maria = app.token("maria", PASSWORD).await;
    let form = |apps: &[&str]| json!({"kind": "remove_application_access", "user_id": "zed", "applications": apps});
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/requests",
            Some(&maria),
            Some(form(&["smartauction"])),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&body), ["applications"], "{body}");

    let id = app.file(&maria, form(&["smartcash"])).await;
    let sam = app.token("sam", PASSWORD).await;
    app.approve(&sam, id, false).await;
    assert_eq!(
        app.store.applications_of(zed.pk).await.unwrap().len(),
        2,
        "nothing changes before completion"
    );
    app.decide(&sam, id, "complete", None).await;
    assert_eq!(
        app.store.applications_of(zed.pk).await.unwrap(),
        ["intellirater"]
    );
}

async fn smartauction_passes_through_needs_info_before_completion(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let id = app.file(&maria, new_user("lpark", &["smartauction"])).await;
    let sam = app.token("sam", PASSWORD).await;
    app.approve(&sam, id, false).await;
    let (status, body) = app.decide(&sam, id, "complete", None).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "additional steps first: {body}"
    );
    assert_eq!(body["current_state"], "approved");

    let (status, _) = app
        .decide(
            &sam,
            id,
            "request_info",
            Some("Send the auction access agreement"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/v1/requests/{id}/answer"),
            Some(&maria),
            Some(json!({"note": "Signed agreement attached"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.approve(&sam, id, true).await;
    assert_eq!(app.user("lpark").await.stored_state.as_str(), "active");
}

/// A decision answers with the request as it left it, built from what the action wrote and
/// not read back; so whatever the action changed (state, the restarted business-day promise,
/// the time, the new history row with its note) must be exactly what a read shows next.
async fn what_an_action_answers_is_what_a_read_then_shows(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let sam = app.token("sam", PASSWORD).await;
    let id = app.file(&maria, new_user("lpark", &["smartauction"])).await;
    let read = |token: String| {
        let app = &app;
        async move {
            let (status, body) = app
                .call(
                    Method::GET,
                    &format!("/api/v1/requests/{id}"),
                    Some(&token),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    app.clock.advance(Duration::minutes(5));
    let (status, decided) = app.decide(&sam, id, "start_review", None).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(
        decided,
        read(sam.clone()).await,
        "the reviewer's start of review"
    );
    app.clock.advance(Duration::minutes(5));
    let (_, asked) = app
        .decide(&sam, id, "request_info", Some("Which lot?"))
        .await;
    assert_eq!(asked["history"].as_array().unwrap().len(), 3);
    assert_eq!(asked, read(sam.clone()).await, "a question with its note");
    // A day later (signed in afresh), so the restarted promise falls on another day.
    app.clock.advance(Duration::days(1));
    let maria = app.token("maria", PASSWORD).await;
    let (status, answered) = app
        .call(
            Method::POST,
            &format!("/api/v1/requests/{id}/answer"),
            Some(&maria),
            Some(json!({"note": "The north lot"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_ne!(
        answered["request"]["due_at"], asked["request"]["due_at"],
        "an answer restarts the promise"
    );
    assert_eq!(
        answered,
        read(maria.clone()).await,
        "the manager's answer, with the new due time"
    );

    let (_, receipt) = app.register(registration("jrivera")).await;
    let rid = receipt["request_id"].as_i64().unwrap();
    let token = receipt["status_token"].as_str().unwrap().to_owned();
    let status = |method: &str, body: Option<Value>| {
        let app = &app;
        let token = token.clone();
        let method = method.to_owned();
        async move {
            let path = match method.as_str() {
                "GET" => format!("/api/v1/registrations/{rid}"),
                _ => format!("/api/v1/registrations/{rid}/cancel"),
            };
            let req = axum::http::Request::builder()
                .method(method.as_str())
                .uri(path)
                .header("x-status-token", token)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(
                    body.map(|b| b.to_string()).unwrap_or_default(),
                ))
                .unwrap();
            let (status, body) = app.raw(req).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    let cancelled = status("POST", Some(json!({"note": "Wrong dealership"}))).await;
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(
        cancelled,
        status("GET", None).await,
        "the registrant's cancel"
    );
}

async fn wrong_transitions_are_409_with_the_current_state(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let id = app.file(&maria, new_user("lpark", &["smartcash"])).await;
    let sam = app.token("sam", PASSWORD).await;
    let (status, body) = app.decide(&sam, id, "approve", None).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "approval needs a review first"
    );
    assert_eq!(body["code"], ErrorCode::WrongState.as_str());
    assert_eq!(body["current_state"], "submitted");

    app.decide(&sam, id, "start_review", None).await;
    let (status, body) = app.decide(&sam, id, "reject", None).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a rejection needs its reason"
    );
    assert_eq!(body["code"], ErrorCode::NoteRequired.as_str());
    let (status, _) = app.decide(&sam, id, "reject", Some("Duplicate")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.decide(&sam, id, "approve", None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body["current_state"], "rejected",
        "nothing leaves a terminal state"
    );
    let (status, _) = app.decide(&maria, id, "approve", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "managers do not decide");
}

async fn another_dealerships_requests_and_users_answer_404(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let dana = app.token("dana", PASSWORD).await;
    let id = app.file(&maria, new_user("lpark", &["smartcash"])).await;
    let note = Some(json!({"note": "x"}));
    for (method, path, body) in [
        (Method::GET, format!("/api/v1/requests/{id}"), None),
        (
            Method::POST,
            format!("/api/v1/requests/{id}/answer"),
            note.clone(),
        ),
        (
            Method::POST,
            format!("/api/v1/requests/{id}/cancel"),
            note.clone(),
        ),
        (
            Method::GET,
            "/api/v1/dealers/01234/requests".to_owned(),
            None,
        ),
    ] {
        let (status, _) = app.call(method.clone(), &path, Some(&dana), body).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{method} {path} is not dana's"
        );
    }
    for form in [
        json!({"kind": "deactivation", "user_id": "zed"}),
        json!({"kind": "reactivation", "user_id": "zed"}),
        json!({"kind": "remove_application_access", "user_id": "zed", "applications": ["smartcash"]}),
    ] {
        let (status, body) = app
            .call(
                Method::POST,
                "/api/v1/requests",
                Some(&dana),
                Some(form.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{form}: {body}");
    }
    assert_eq!(
        app.user("zed").await.stored_state.as_str(),
        "active",
        "another dealership cannot end zed's access"
    );
    let (status, page) = app
        .call(
            Method::GET,
            "/api/v1/dealers/56789/requests",
            Some(&dana),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 0, "dana sees none of Lakeside's requests");
}

async fn roles_decide_who_may_file_decide_and_read(app: TestApp) {
    let zed = app.token("zed", PASSWORD).await;
    let kim = app.token("kim", PASSWORD).await;
    let maria = app.token("maria", PASSWORD).await;
    let id = app.file(&maria, new_user("lpark", &["smartcash"])).await;
    for token in [&zed, &kim] {
        let (status, _) = app
            .call(
                Method::POST,
                "/api/v1/requests",
                Some(token),
                Some(new_user("x1", &["smartcash"])),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only office managers file");
        let (status, _) = app.request_detail(token, id).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "staff and help desk do not read requests"
        );
        let (status, _) = app.decide(token, id, "start_review", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only reviewers decide");
        let (status, _) = app
            .call(Method::GET, "/api/v1/review/queue", Some(token), None)
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "only reviewers see the queue"
        );
    }
    let (status, _) = app
        .call(Method::GET, "/api/v1/review/queue", Some(&maria), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .call(Method::GET, "/api/v1/review/queue", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let sam = app.token("sam", PASSWORD).await;
    let (status, _) = app.request_detail(&sam, id).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "reviewers read every dealership's requests"
    );
}

/// The reviewer queue as (id, overdue) pairs.
async fn queue(app: &TestApp, token: &str, query: &str) -> Vec<(i64, bool)> {
    let (status, body) = app
        .call(
            Method::GET,
            &format!("/api/v1/review/queue{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_i64().unwrap(), r["overdue"].as_bool().unwrap()))
        .collect()
}

async fn the_queue_is_oldest_due_first_and_flags_overdue(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let first = app.file(&maria, new_user("one1", &["smartcash"])).await;
    app.clock.advance(Duration::days(1));
    let maria = app.token("maria", PASSWORD).await;
    let second = app.file(&maria, new_user("two2", &["smartcash"])).await;
    let dana = app.token("dana", PASSWORD).await;
    app.file(&dana, json!({"kind": "deactivation", "user_id": "bob"}))
        .await;
    // Now Wednesday 10 am ET; the first is due Wednesday 5 pm.
    let sam = app.token("sam", PASSWORD).await;
    let all = queue(&app, &sam, "").await;
    assert_eq!(all.len(), 3);
    assert_eq!(all[0], (first, false), "oldest due first, not overdue yet");
    assert!(queue(&app, &sam, "?overdue=true").await.is_empty());

    app.clock.advance(Duration::hours(8)); // Wednesday 6 pm ET
    let sam = app.token("sam", PASSWORD).await;
    assert_eq!(
        queue(&app, &sam, "?overdue=true").await,
        [(first, true)],
        "past due is overdue"
    );
    assert_eq!(queue(&app, &sam, "?pdn=56789").await.len(), 1);
    assert_eq!(queue(&app, &sam, "?kind=new_user").await.len(), 2);
    app.decide(&sam, first, "start_review", None).await;
    app.decide(&sam, first, "reject", Some("No")).await;
    assert_eq!(
        queue(&app, &sam, "")
            .await
            .iter()
            .map(|r| r.0)
            .collect::<Vec<_>>()[0],
        second,
        "finished requests leave the queue"
    );
    assert_eq!(queue(&app, &sam, "?state=rejected").await, [(first, false)]);
    let (status, _) = app
        .call(
            Method::GET,
            "/api/v1/review/queue?limit=0",
            Some(&sam),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// The queue says whose turn it is (`waiting_on=us`: submitted, in review, approved;
/// `waiting_on=dealership`: needs information) and sorts by due (the default), by waiting
/// longest since the last change, or by dealership name then due. An unknown sort is 400.
async fn the_queue_says_whose_turn_and_sorts_by_due_waiting_or_dealership(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let first = app.file(&maria, new_user("one1", &["smartcash"])).await;
    app.clock.advance(Duration::minutes(30));
    let dana = app.token("dana", PASSWORD).await;
    let second = app
        .file(&dana, json!({"kind": "deactivation", "user_id": "bob"}))
        .await;
    app.clock.advance(Duration::minutes(30));
    let maria = app.token("maria", PASSWORD).await;
    let third = app.file(&maria, new_user("two2", &["smartcash"])).await;
    app.clock.advance(Duration::minutes(30));
    let sam = app.token("sam", PASSWORD).await;
    app.decide(&sam, third, "start_review", None).await;
    app.clock.advance(Duration::minutes(1));
    app.decide(&sam, first, "start_review", None).await;
    let (status, body) = app
        .decide(&sam, first, "request_info", Some("Still employed?"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ids = |rows: Vec<(i64, bool)>| rows.into_iter().map(|r| r.0).collect::<Vec<_>>();

    assert_eq!(
        ids(queue(&app, &sam, "?waiting_on=dealership").await),
        [first]
    );
    assert_eq!(
        ids(queue(&app, &sam, "?waiting_on=us").await),
        [second, third],
        "the provider's turn, due soonest first"
    );
    assert_eq!(
        ids(queue(&app, &sam, "?sort=waiting").await),
        [second, third, first],
        "longest since its last change first: the deactivation was never touched"
    );
    assert_eq!(
        ids(queue(&app, &sam, "?sort=dealership").await),
        [second, first, third],
        "Hilltop Auto Group before Lakeside Motors, then due soonest"
    );
    let (status, body) = app
        .call(
            Method::GET,
            "/api/v1/review/queue?sort=name",
            Some(&sam),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

async fn the_manager_lists_filters_and_pages_their_requests(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    for n in 0..5 {
        app.file(&maria, new_user(&format!("user{n}"), &["smartcash"]))
            .await;
    }
    app.file(&maria, json!({"kind": "deactivation", "user_id": "amy"}))
        .await;
    let list = |query: &str| {
        let (app, maria, query) = (&app, maria.clone(), query.to_owned());
        async move {
            let (status, body) = app
                .call(
                    Method::GET,
                    &format!("/api/v1/dealers/01234/requests{query}"),
                    Some(&maria),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    let page = list("?limit=4").await;
    assert_eq!(page["total"], 6);
    assert_eq!(page["total_capped"], false);
    assert_eq!(page["requests"].as_array().unwrap().len(), 4);
    assert_eq!(page["requests"][0]["kind"], "deactivation", "newest first");
    let after = page["next_after"].as_str().expect("a next page").to_owned();
    let rest = list(&format!("?limit=4&after={after}")).await;
    assert_eq!(rest["requests"].as_array().unwrap().len(), 2);
    assert_eq!(rest["next_after"], Value::Null, "the last page says so");
    assert_eq!(rest["total"], 6, "every page counts the whole list");
    assert_eq!(list("?kind=deactivation").await["total"], 1);
    assert_eq!(list("?q=AMY").await["total"], 1, "search ignores case");
    assert_eq!(
        list("?q=user_").await["total"],
        0,
        "LIKE wildcards are literal"
    );
    let (status, _) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/requests?bogus=1",
            Some(&maria),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Every page of a list, following `next_after` from the first: the ids in order.
async fn every_page(app: &TestApp, token: &str, path: &str, query: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..50 {
        let cursor = after
            .as_deref()
            .map(|a| format!("&after={}", a.replace(' ', "%20")))
            .unwrap_or_default();
        let (status, body) = app
            .call(
                Method::GET,
                &format!("{path}?limit=2{query}{cursor}"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let rows = body["requests"].as_array().unwrap();
        assert!(rows.len() <= 2, "a page holds at most its limit");
        ids.extend(rows.iter().map(|r| r["id"].as_i64().unwrap()));
        match body["next_after"].as_str() {
            Some(next) => {
                assert_eq!(rows.len(), 2, "only a full page has a next one");
                after = Some(next.to_owned());
            }
            None => return ids,
        }
    }
    panic!("a list of a few requests ended within 50 pages");
}

/// Keyset pagination (issue 18): following `next_after` visits every row once, in the
/// list's order, in each of the queue's orders and in the manager's list; a request filed
/// between two pages does not push a row seen already into the next page (an offset
/// would); a cursor that is not one, or that belongs to another order, is 400.
async fn every_page_follows_the_last_row_of_the_one_before(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let dana = app.token("dana", PASSWORD).await;
    for n in 0..4 {
        app.file(&maria, new_user(&format!("lake{n}"), &["smartcash"]))
            .await;
        app.clock.advance(Duration::minutes(7));
        app.file(&dana, new_user(&format!("hill{n}"), &["smartcash"]))
            .await;
        app.clock.advance(Duration::minutes(5));
    }
    let sam = app.token("sam", PASSWORD).await;
    let all = |sort: &str| {
        let (app, sam, sort) = (&app, sam.clone(), sort.to_owned());
        async move {
            let (status, body) = app
                .call(
                    Method::GET,
                    &format!("/api/v1/review/queue?limit=200{sort}"),
                    Some(&sam),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(body["next_after"], Value::Null, "one page holds them all");
            body["requests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    for sort in ["", "&sort=waiting", "&sort=dealership"] {
        let whole = all(sort).await;
        assert_eq!(whole.len(), 8);
        assert_eq!(
            every_page(&app, &sam, "/api/v1/review/queue", sort).await,
            whole,
            "pages of 2 in order {sort:?} are the whole list, each row once"
        );
    }

    // The manager's list, newest first, while a request is filed between pages.
    let maria = app.token("maria", PASSWORD).await;
    let list = "/api/v1/dealers/01234/requests";
    let (_, first) = app
        .call(Method::GET, &format!("{list}?limit=2"), Some(&maria), None)
        .await;
    let seen: Vec<i64> = first["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    app.clock.advance(Duration::minutes(1));
    let newest = app.file(&maria, new_user("late1", &["smartcash"])).await;
    let after = first["next_after"].as_str().unwrap();
    let (_, second) = app
        .call(
            Method::GET,
            &format!("{list}?limit=2&after={after}"),
            Some(&maria),
            None,
        )
        .await;
    let next: Vec<i64> = second["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(next.len(), 2);
    assert!(
        next.iter().all(|id| !seen.contains(id) && *id != newest),
        "the second page goes on after the first's last row: {seen:?} then {next:?}"
    );
    assert_eq!(second["total"], 5, "the count sees the new request");

    for (path, query) in [
        ("/api/v1/review/queue", "?after=garbage"),
        ("/api/v1/review/queue", "?after=1.x"),
        ("/api/v1/review/queue", "?after=99999999999999999999.1"),
        // A due-order cursor in the dealership order, and the other way round.
        ("/api/v1/review/queue", "?sort=dealership&after=1.2"),
        ("/api/v1/review/queue", "?after=1.2.Lakeside%20Motors"),
        ("/api/v1/dealers/01234/requests", "?after=1.2.Lakeside"),
        ("/api/v1/dealers/01234/requests", "?offset=2"),
    ] {
        let token = if path.contains("review") {
            &sam
        } else {
            &maria
        };
        let (status, body) = app
            .call(Method::GET, &format!("{path}{query}"), Some(token), None)
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}{query}: {body}");
        assert_eq!(body["code"], "bad_request");
    }
}

/// The count stops at 1,000 (issue 18): a list of more says `total_capped`, and the count
/// of a narrower filter is exact again.
async fn a_count_over_a_thousand_is_capped(app: TestApp) {
    use dealer_core::requests::RequestKind;
    use dealer_portal::store::requests::{NewRequest, insert};
    let now = app.clock_now();
    let mut conn = app.store.pool().acquire().await.unwrap();
    for n in 0..1003 {
        insert(
            &mut conn,
            &NewRequest {
                pdn: dealer_core::ids::Pdn::parse("01234").unwrap(),
                kind: if n < 3 {
                    RequestKind::Reactivation
                } else {
                    RequestKind::NewUser
                },
                user_id: format!("bulk{n}"),
                user_pk: None,
                first_name: "Bulk".into(),
                last_name: format!("Person {n}"),
                email: format!("bulk{n}@lakeside.example"),
                phone: None,
                job_role: None,
                applications: vec!["smartcash".into()],
                reason: None,
                needs_steps: false,
                prior_state: None,
                submitted_by: Some("maria".into()),
                status_token_hash: None,
                import_key: None,
                submitted_at: now,
                due_at: now + Duration::days(1),
            },
        )
        .await
        .unwrap();
    }
    drop(conn);
    let maria = app.token("maria", PASSWORD).await;
    let sam = app.token("sam", PASSWORD).await;
    for (path, token) in [
        ("/api/v1/dealers/01234/requests?limit=5", &maria),
        ("/api/v1/review/queue?limit=5", &sam),
    ] {
        let (status, body) = app.call(Method::GET, path, Some(token), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["total"], 1000, "{path}: counted up to the cap");
        assert_eq!(body["total_capped"], true, "{path}: and it says more match");
        assert!(body["next_after"].is_string());
    }
    let (_, body) = app
        .call(
            Method::GET,
            "/api/v1/review/queue?kind=reactivation",
            Some(&sam),
            None,
        )
        .await;
    assert_eq!(body["total"], 3, "a narrower filter counts exactly");
    assert_eq!(body["total_capped"], false);
}

/// The queue's pages are served by an index in the queue's own order (issue 18): the
/// planner of each backend walks `requests_open_due` and sorts nothing, for the first
/// page of the overdue queue and for a page after it.
async fn the_queue_walks_an_index_in_its_own_order(app: TestApp) {
    use dealer_portal::store::Backend;
    use dealer_portal::store::requests::{PageKey, Param, RequestOrder, RequestQuery, page_sql};
    let now = app.clock_now();
    let first = RequestQuery {
        open_only: true,
        overdue: Some(true),
        order: RequestOrder::Due,
        limit: 50,
        ..RequestQuery::default()
    };
    let later = RequestQuery {
        after: Some(PageKey {
            at: 1,
            id: dealer_api::RequestId(1),
            dealership: None,
        }),
        ..first.clone()
    };
    let postgres = app.store.backend() == Backend::Postgres;
    let mut conn = app.store.pool().acquire().await.unwrap();
    if postgres {
        // A few rows make a sequential scan and a sort cheapest; what matters is whether
        // the index can serve the query at all, which forbidding those shows.
        for set in ["SET enable_seqscan = off", "SET enable_sort = off"] {
            sqlx::query(set).execute(&mut *conn).await.unwrap();
        }
    }
    for query in [first, later] {
        let sql = page_sql(&query, now);
        let explain = if postgres {
            format!("EXPLAIN {}", sql.select)
        } else {
            format!("EXPLAIN QUERY PLAN {}", sql.select)
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(explain));
        for p in &sql.params {
            q = match p {
                Param::Text(t) => q.bind(t.clone()),
                Param::Int(i) => q.bind(*i),
            };
        }
        let plan = q
            .fetch_all(&mut *conn)
            .await
            .unwrap()
            .iter()
            .map(|row| {
                use sqlx::Row;
                let column = if postgres { 0 } else { 3 };
                row.try_get::<String, _>(column).unwrap()
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            plan.contains("requests_open_due"),
            "the queue walks its index:\n{plan}"
        );
        assert!(
            !plan.contains("TEMP B-TREE") && !plan.contains("Sort"),
            "and sorts nothing:\n{plan}"
        );
    }
}

/// 20 reviewers' `action` on request `id` at once; each one's status and body.
async fn concurrently(
    app: &std::sync::Arc<TestApp>,
    token: &str,
    id: i64,
    action: &'static str,
) -> Vec<(StatusCode, Value)> {
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (app, token) = (std::sync::Arc::clone(app), token.to_owned());
            tokio::spawn(async move { app.decide(&token, id, action, None).await })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

async fn twenty_concurrent_approvals_make_one_transition(app: TestApp) {
    let app = &std::sync::Arc::new(app);
    let (_, receipt) = app.register(registration("jrivera")).await;
    let id = receipt["request_id"].as_i64().unwrap();
    let sam = app.token("sam", PASSWORD).await;
    app.decide(&sam, id, "start_review", None).await;
    let results = concurrently(app, &sam, id, "approve").await;
    let ok = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let conflicts = results
        .iter()
        .filter(|(s, b)| *s == StatusCode::CONFLICT && b["current_state"] == "approved")
        .count();
    assert_eq!(
        (ok, conflicts),
        (1, 19),
        "one approval wins; the rest see approved: {results:?}"
    );
    assert_eq!(
        app.mail_kinds("jrivera@lakeside.example").await,
        [
            "registration_code",
            "registration_received",
            "registration_approved"
        ],
        "one confirmation email"
    );
    let (_, detail) = app.request_detail(&sam, id).await;
    assert_eq!(
        detail["history"].as_array().unwrap().len(),
        3,
        "one approval transition"
    );
}

async fn twenty_concurrent_completions_create_one_account(app: TestApp) {
    let app = &std::sync::Arc::new(app);
    let maria = app.token("maria", PASSWORD).await;
    let id = app.file(&maria, new_user("lpark", &["smartcash"])).await;
    let sam = app.token("sam", PASSWORD).await;
    app.approve(&sam, id, false).await;
    let results = concurrently(app, &sam, id, "complete").await;
    let ok = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let conflicts = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CONFLICT)
        .count();
    assert_eq!((ok, conflicts), (1, 19), "{results:?}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE user_id = 'lpark'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(count, 1, "exactly one account");
    assert_eq!(
        app.mail_kinds("lpark@lakeside.example").await.len(),
        1,
        "exactly one enrollment email"
    );
}

/// The request-state path from `submitted` to `state` (new-user request, no extra steps).
fn path_to(state: RequestState) -> &'static [&'static str] {
    match state {
        RequestState::Submitted => &[],
        RequestState::InReview => &["start_review"],
        RequestState::NeedsInfo => &["start_review", "request_info"],
        RequestState::Approved => &["start_review", "approve"],
        RequestState::Completed => &["start_review", "approve", "complete"],
        RequestState::Rejected => &["start_review", "reject"],
        RequestState::Cancelled => &["cancel"],
    }
}

async fn every_transition_the_api_makes_is_the_state_machines(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let sam = app.token("sam", PASSWORD).await;
    let mut n = 0;
    let mut checked = 0;
    for from in RequestState::ALL {
        for action in Action::ALL {
            for actor in [Actor::Reviewer, Actor::Requester] {
                let path = match (actor, action) {
                    (Actor::Reviewer, _) => "decision",
                    (Actor::Requester, Action::AnswerInfo) => "answer",
                    (Actor::Requester, Action::Cancel) => "cancel",
                    // The requester has no other move in the API.
                    (Actor::Requester, _) => continue,
                };
                n += 1;
                let id = app
                    .file(&maria, new_user(&format!("walk{n}"), &["smartcash"]))
                    .await;
                for step in path_to(from) {
                    let (status, body) = app.decide(&sam, id, step, Some("note")).await;
                    assert_eq!(status, StatusCode::OK, "reaching {from}: {step}: {body}");
                }
                let action_name = serde_json::to_value(action).unwrap();
                let (token, body) = match actor {
                    Actor::Reviewer => (&sam, json!({"action": action_name, "note": "why"})),
                    Actor::Requester => (&maria, json!({"note": "why"})),
                };
                let (status, body) = app
                    .call(
                        Method::POST,
                        &format!("/api/v1/requests/{id}/{path}"),
                        Some(token),
                        Some(body),
                    )
                    .await;
                let guards = Guards {
                    additional_steps_pending: false,
                    has_note: true,
                };
                match transition(from, action, actor, guards) {
                    Ok(to) => {
                        assert_eq!(
                            status,
                            StatusCode::OK,
                            "{from} {action:?} {actor:?}: {body}"
                        );
                        assert_eq!(
                            body["request"]["state"],
                            serde_json::to_value(to).unwrap(),
                            "{from} {action:?} {actor:?} leads where the state machine says"
                        );
                    }
                    Err(TransitionError::NotYourRole { .. }) => {
                        assert_eq!(status, StatusCode::FORBIDDEN, "{from} {action:?} {actor:?}");
                    }
                    Err(_) => {
                        assert_eq!(
                            status,
                            StatusCode::CONFLICT,
                            "{from} {action:?} {actor:?}: {body}"
                        );
                        assert_eq!(
                            body["current_state"],
                            serde_json::to_value(from).unwrap(),
                            "the answer names the state the request is in"
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked,
        7 * 7 + 7 * 2,
        "every state × every action of each side"
    );
}

// Every test above, on SQLite and (with `--ignored` and `DEALER_TEST_POSTGRES_URL`) on
// PostgreSQL.

dealer_testkit::on_both_backends!(
    dealerships;
    the_queue_says_whose_turn_and_sorts_by_due_waiting_or_dealership,
    every_transition_the_api_makes_is_the_state_machines,
    registration_makes_a_pending_account_and_a_request_due_next_business_day,
    registration_errors_are_listed_at_once_field_by_field,
    a_taken_user_id_is_409_with_free_suggestions,
    dealer_lookup_confirms_the_name_and_unknown_pdns_get_one_answer,
    approval_activates_the_registration_and_emails_a_confirmation,
    a_registrant_follows_and_answers_with_the_status_token,
    a_new_user_enrolls_with_the_emailed_code,
    an_enrollment_code_expires_after_seven_days,
    deactivation_ends_access_at_once_and_cancelling_gives_it_back,
    reactivation_is_only_for_inactive_users_and_restarts_the_clock,
    an_office_manager_cannot_end_or_reduce_their_own_access,
    removing_access_needs_an_application_the_user_holds,
    smartauction_passes_through_needs_info_before_completion,
    what_an_action_answers_is_what_a_read_then_shows,
    wrong_transitions_are_409_with_the_current_state,
    another_dealerships_requests_and_users_answer_404,
    roles_decide_who_may_file_decide_and_read,
    the_queue_is_oldest_due_first_and_flags_overdue,
    the_manager_lists_filters_and_pages_their_requests,
    every_page_follows_the_last_row_of_the_one_before,
    a_count_over_a_thousand_is_capped,
    the_queue_walks_an_index_in_its_own_order,
    twenty_concurrent_approvals_make_one_transition,
    twenty_concurrent_completions_create_one_account,
);

#[tokio::test]
async fn the_public_lookup_and_registration_are_rate_limited_per_address_on_their_own_budget() {
    use dealer_portal::rate_limit::{Limits, RateLimiter};
    let limits = Limits {
        by_ip: RateLimiter::new(100, std::time::Duration::from_secs(600)),
        by_user: RateLimiter::new(100, std::time::Duration::from_secs(60)),
        public: RateLimiter::new(3, std::time::Duration::from_secs(600)),
        ..Limits::default()
    };
    let app = TestApp::with(dealer_testkit::db::sqlite().await, limits).await;
    app.account(
        "pat",
        dealer_core::access::AccessRole::Staff,
        Some("01234"),
        PASSWORD,
    )
    .await;
    for _ in 0..3 {
        let (status, _) = app
            .call(Method::GET, "/api/v1/dealers/01234/name", None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, body) = app
        .call(Method::GET, "/api/v1/dealers/99999/name", None, None)
        .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "PDNs cannot be enumerated: {body}"
    );
    assert_eq!(body["code"], ErrorCode::RateLimited.as_str());
    let (status, _) = app.register(registration("jrivera")).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "registration shares the public budget, checked before any hashing"
    );
    assert_eq!(
        app.sign_in("pat", PASSWORD).await.0,
        StatusCode::CREATED,
        "the public routes never spend the address's sign-ins"
    );
}
