//! The provider admin brings dealerships and people on (issue #13, DESIGN.md "Tenancy"):
//! dealerships created, changed, closed and reopened; office managers and provider staff
//! invited by a mailed code nobody else sees; roles moved between staff and office manager,
//! never leaving a dealership without one. Every test runs on SQLite and on PostgreSQL.
//! Who may call each route is proven for every route by `openapi.rs`.

use axum::http::{Method, StatusCode};
use dealer_api::ErrorCode;
use dealer_api::{AuditEvent, AuditOutcome};
use dealer_core::access::AccessRole;
use serde_json::{Value, json};

use crate::support::app::TestApp;
use crate::support::requests::{PASSWORD, dealerships, new_user};

/// The demo dealerships plus `ada`, a provider admin.
async fn with_admin(app: TestApp) -> (TestApp, String) {
    app.named_account(
        "ada",
        ("Ada", "Byron"),
        AccessRole::ProviderAdmin,
        None,
        PASSWORD,
    )
    .await;
    let token = app.token("ada", PASSWORD).await;
    (app, token)
}

fn riverside() -> Value {
    json!({"pdn": "40404", "name": "Riverside Motors", "address": "1 River Rd, Dayton OH",
           "phone": "(555) 404-0404"})
}

fn manager_invitation(user_id: &str) -> Value {
    json!({"first_name": "Rita", "last_name": "Vance",
           "email": format!("{user_id}@riverside.example"), "user_id": user_id})
}

/// The code in the one mail to `to`, as the person would copy it.
async fn mailed_code(app: &TestApp, to: &str) -> String {
    let mails = app.store.outbox_to(to).await.unwrap();
    let mail = mails.last().expect("a mail went out");
    mail.body
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 19 && l.matches('-').count() == 3)
        .unwrap_or_else(|| panic!("no code in {}", mail.body))
        .to_owned()
}

async fn enroll(app: &TestApp, user_id: &str, code: &str, password: &str) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        "/api/v1/enrollments",
        None,
        Some(json!({
            "user_id": user_id,
            "code": code,
            "password": password,
            "challenge": [
                {"question": "first_car_model", "answer": "Civic"},
                {"question": "first_pet_name", "answer": "Rex"}
            ],
            "secret": {"question": "elementary_school", "answer": "Oak Hill"}
        })),
    )
    .await
}

async fn a_dealership_is_created_once_and_bad_input_changes_nothing(app: TestApp) {
    let (app, ada) = with_admin(app).await;
    let (status, made) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships",
            Some(&ada),
            Some(riverside()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        (
            made["pdn"].as_str(),
            made["name"].as_str(),
            made["office_managers"].as_u64()
        ),
        (Some("40404"), Some("Riverside Motors"), Some(0))
    );
    assert_eq!(
        made["phone"], "+15554040404",
        "the phone is stored in one form"
    );

    let renamed = json!({"pdn": "40404", "name": "Something Else"});
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships",
            Some(&ada),
            Some(renamed),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["message"].as_str().unwrap().contains("40404"));
    let (_, kept) = app
        .call(
            Method::GET,
            "/api/v1/admin/dealerships/40404",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(
        kept["name"], "Riverside Motors",
        "a duplicate PDN changes nothing"
    );

    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships",
            Some(&ada),
            Some(json!({"pdn": "4040", "name": " ", "phone": "call us"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], ErrorCode::InvalidForm.as_str());
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["pdn", "name", "phone"], "every problem at once");

    let audit = app.dump_table("audit_log").await;
    assert_eq!(
        audit.matches("dealership_created").count(),
        1,
        "one creation, one audit row"
    );
}

async fn dealerships_are_listed_by_name_and_searched_by_pdn_or_name(app: TestApp) {
    let (app, ada) = with_admin(app).await;
    app.call(
        Method::POST,
        "/api/v1/admin/dealerships",
        Some(&ada),
        Some(riverside()),
    )
    .await;
    let (status, all) = app
        .call(Method::GET, "/api/v1/admin/dealerships", Some(&ada), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let names: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Hilltop Auto Group", "Lakeside Motors", "Riverside Motors"]
    );
    assert_eq!(all["total"], 3);
    let lakeside = &all["items"][1];
    assert_eq!(
        (
            lakeside["office_managers"].as_u64(),
            lakeside["users"].as_u64()
        ),
        (Some(1), Some(3)),
        "maria manages; maria, zed and amy are its people"
    );
    for (q, expected) in [("RIVER", "40404"), ("567", "56789"), ("100%_", "")] {
        let (_, found) = app
            .call(
                Method::GET,
                &format!("/api/v1/admin/dealerships?q={}", urlencode(q)),
                Some(&ada),
                None,
            )
            .await;
        let pdns: Vec<&str> = found["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["pdn"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = if expected.is_empty() {
            vec![]
        } else {
            vec![expected]
        };
        assert_eq!(pdns, want, "search {q:?} (wildcards are literal)");
    }
    let (status, _) = app
        .call(
            Method::GET,
            "/api/v1/admin/dealerships?limit=0",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

fn urlencode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

async fn an_invited_office_manager_enrolls_and_runs_their_dealership(app: TestApp) {
    let (app, ada) = with_admin(app).await;
    app.call(
        Method::POST,
        "/api/v1/admin/dealerships",
        Some(&ada),
        Some(riverside()),
    )
    .await;
    let (status, invited) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships/40404/office-managers",
            Some(&ada),
            Some(manager_invitation("rvance")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invited}");
    assert_eq!(invited["role"], "office_manager");
    let code = mailed_code(&app, "rvance@riverside.example").await;
    assert!(
        !invited.to_string().contains(&code),
        "the admin never sees the code"
    );
    assert!(
        !app.dump_table("audit_log").await.contains(&code),
        "nor does the audit log"
    );
    let (status, body) = app.sign_in("rvance", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "not enrolled: no password works yet ({body})"
    );
    // Failed enrollments are audited: under her user ID (her dealership sees it) for a
    // wrong code; under a keyed name, never the text, for a user ID nobody enrolls under.
    let (status, _) = enroll(
        &app,
        "rvance",
        "AAAA-BBBB-CCCC-DDDD",
        "plum lantern gravel sonnet",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = enroll(&app, "my secret words", &code, "plum lantern gravel sonnet").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let failures: Vec<_> = app
        .store
        .audit_log(None, None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.event == AuditEvent::Enrollment && r.outcome == AuditOutcome::InvalidCode)
        .collect();
    assert_eq!(failures.len(), 2, "both failed attempts audited");
    let actors: Vec<_> = failures.iter().map(|r| r.actor.clone().unwrap()).collect();
    assert!(actors.contains(&"rvance".to_owned()), "{actors:?}");
    assert!(
        actors.iter().any(|a| a.starts_with("unknown:"))
            && !actors.iter().any(|a| a.contains("secret")),
        "a typed ID that is no account is never recorded as typed: {actors:?}"
    );
    assert!(
        failures.iter().any(|r| r.pdn.as_deref() == Some("40404")),
        "the wrong code is filed under her dealership"
    );
    let (status, body) = enroll(&app, "rvance", &code, "plum lantern gravel sonnet").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let rita = app.token("rvance", "plum lantern gravel sonnet").await;

    // She runs 40404: files a new user, which a reviewer completes; the new person enrolls.
    let (status, filed) = app
        .call(
            Method::POST,
            "/api/v1/requests",
            Some(&rita),
            Some(json!({
                "kind": "new_user", "first_name": "Noel", "last_name": "Hart",
                "email": "noel@riverside.example", "business_phone": "(555) 404-1000",
                "role": "salesperson", "user_id": "nhart", "applications": ["smartcash"]
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{filed}");
    let id = filed["request"]["id"].as_i64().unwrap();
    let sam = app.token("sam", PASSWORD).await;
    app.approve(&sam, id, true).await;
    let code = mailed_code(&app, "noel@riverside.example").await;
    let (status, _) = enroll(&app, "nhart", &code, "copper meadow violin ember").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    app.token("nhart", "copper meadow violin ember").await;

    let (_, riverside) = app
        .call(
            Method::GET,
            "/api/v1/admin/dealerships/40404",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(
        (
            riverside["office_managers"].as_u64(),
            riverside["users"].as_u64()
        ),
        (Some(1), Some(2))
    );

    let (status, taken) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships/40404/office-managers",
            Some(&ada),
            Some(manager_invitation("nhart")),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(taken["code"], ErrorCode::UserIdTaken.as_str());
    assert!(
        !taken["suggestions"].as_array().unwrap().is_empty(),
        "free user IDs are offered: {taken}"
    );
    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships/99999/office-managers",
            Some(&ada),
            Some(manager_invitation("ghost")),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "no dealership, no invitation"
    );
    assert!(
        app.store
            .outbox_to("ghost@riverside.example")
            .await
            .unwrap()
            .is_empty(),
        "and no mail"
    );
}

async fn roles_move_both_ways_but_never_leave_a_dealership_without_a_manager(app: TestApp) {
    let (app, ada) = with_admin(app).await;
    let zed = app.token("zed", PASSWORD).await;
    let role = |user: &'static str, to: &'static str| {
        let (app, ada) = (&app, &ada);
        async move {
            app.call(
                Method::PUT,
                &format!("/api/v1/admin/users/{user}/role"),
                Some(ada),
                Some(json!({ "role": to })),
            )
            .await
        }
    };
    let (status, body) = role("maria", "staff").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        body["code"],
        ErrorCode::LastOfficeManager.as_str(),
        "maria is Lakeside's only office manager"
    );
    let (status, body) = role("zed", "office_manager").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["role"], "office_manager");
    assert_eq!(
        app.mail_kinds("zed@example.com").await,
        ["role_changed"],
        "the person is told"
    );
    let (status, _) = app.call(Method::GET, "/api/v1/me", Some(&zed), None).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a session opened under the old role ends"
    );
    let (status, body) = role("maria", "staff").await;
    assert_eq!(status, StatusCode::OK, "zed manages now: {body}");
    let (status, body) = role("zed", "staff").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some(ErrorCode::LastOfficeManager.as_str())
        ),
        "and now zed is the last one"
    );
    let (status, _) = role("kim", "office_manager").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "provider people have no dealership role"
    );
    let (status, _) = role("zed", "reviewer").await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a provider role is not given here"
    );
    let audit = app.dump_table("audit_log").await;
    assert_eq!(
        audit.matches("last_office_manager").count(),
        2,
        "refusals are audited"
    );
}

async fn two_admins_demoting_the_last_two_managers_at_once_leave_one(app: TestApp) {
    let (app, ada) = with_admin(app).await;
    app.named_account(
        "abe",
        ("Abe", "Lin"),
        AccessRole::ProviderAdmin,
        None,
        PASSWORD,
    )
    .await;
    let abe = app.token("abe", PASSWORD).await;
    let (status, _) = app
        .call(
            Method::PUT,
            "/api/v1/admin/users/zed/role",
            Some(&ada),
            Some(json!({"role": "office_manager"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let body = || Some(json!({"role": "staff"}));
    let ((first, _), (second, _)) = tokio::join!(
        app.call(
            Method::PUT,
            "/api/v1/admin/users/maria/role",
            Some(&ada),
            body()
        ),
        app.call(
            Method::PUT,
            "/api/v1/admin/users/zed/role",
            Some(&abe),
            body()
        ),
    );
    let ok = [first, second]
        .iter()
        .filter(|s| **s == StatusCode::OK)
        .count();
    assert_eq!(ok, 1, "exactly one demotion wins: {first} {second}");
    let (_, lakeside) = app
        .call(
            Method::GET,
            "/api/v1/admin/dealerships/01234",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(lakeside["office_managers"], 1);
}

async fn a_closed_dealership_keeps_its_history_but_its_people_cannot_sign_in(app: TestApp) {
    let (app, ada) = with_admin(app).await;
    let maria = app.token("maria", PASSWORD).await;
    let id = app.file(&maria, new_user("lpark", &["smartcash"])).await;
    let (status, closed) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships/01234/close",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert!(closed["closed_at"].is_string());
    let (status, _) = app
        .call(Method::GET, "/api/v1/me", Some(&maria), None)
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "open sessions end at once"
    );
    let (status, body) = app.sign_in("maria", PASSWORD).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], ErrorCode::DealershipClosed.as_str());
    let (status, body) = app.sign_in("maria", "not the password at all").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::UNAUTHORIZED,
            Some(ErrorCode::InvalidCredentials.as_str())
        ),
        "without the right password nothing about the dealership is told"
    );
    let (status, _) = app.sign_in("dana", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "other dealerships carry on");
    let sam = app.token("sam", PASSWORD).await;
    let (status, _) = app.request_detail(&sam, id).await;
    assert_eq!(status, StatusCode::OK, "its requests stay");
    let (status, again) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships/01234/close",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "closing twice changes nothing: {again}"
    );
    assert_eq!(again["closed_at"], closed["closed_at"]);
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships/01234/office-managers",
            Some(&ada),
            Some(manager_invitation("late")),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "nobody is invited to a closed dealership: {body}"
    );

    let (status, reopened) = app
        .call(
            Method::POST,
            "/api/v1/admin/dealerships/01234/reopen",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(reopened["closed_at"].is_null());
    let (status, _) = app.sign_in("maria", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "reopened: its people sign in again"
    );
}

async fn provider_staff_are_invited_and_deactivated_but_the_last_admin_stays(app: TestApp) {
    let (app, ada) = with_admin(app).await;
    let (status, invited) = app
        .call(
            Method::POST,
            "/api/v1/admin/staff",
            Some(&ada),
            Some(
                json!({"role": "reviewer", "first_name": "Ray", "last_name": "Moss",
                        "email": "ray@provider.example", "user_id": "ray.moss"}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invited}");
    assert_eq!(app.mail_kinds("ray@provider.example").await, ["invitation"]);
    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/admin/staff",
            Some(&ada),
            Some(
                json!({"role": "office_manager", "first_name": "Ray", "last_name": "Moss",
                        "email": "ray2@provider.example", "user_id": "ray.two"}),
            ),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "dealership roles are not provider staff"
    );

    let (_, staff) = app
        .call(Method::GET, "/api/v1/admin/staff", Some(&ada), None)
        .await;
    let listed: Vec<(&str, bool)> = staff
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["user_id"].as_str().unwrap(),
                p["enrolled"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(listed.contains(&("ray.moss", false)) && listed.contains(&("kim", true)));
    assert!(
        listed.iter().all(|(id, _)| !["maria", "zed"].contains(id)),
        "dealership people are not provider staff"
    );

    let sam = app.token("sam", PASSWORD).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/staff/sam/deactivate",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "deactivated");
    let (status, _) = app.call(Method::GET, "/api/v1/me", Some(&sam), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "access ends now");
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/staff/sam/reactivate",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (StatusCode::OK, Some("active"))
    );
    app.token("sam", PASSWORD).await;

    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/admin/staff/ada/deactivate",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an admin cannot lock themselves out"
    );
    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/admin/staff/maria/deactivate",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a dealership's people leave by their office manager's request"
    );
}

async fn upload(app: &TestApp, token: &str, csv: &str) -> (StatusCode, Value) {
    use axum::body::Body;
    use axum::http::{Request, header};
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/admin/dealerships/import")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(csv.to_owned()))
        .unwrap();
    app.raw(req).await
}

fn row_outcomes(report: &Value) -> Vec<(String, String)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let fields: Vec<&str> = r["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["field"].as_str().unwrap())
                .collect();
            (r["outcome"].as_str().unwrap().to_owned(), fields.join(","))
        })
        .collect()
}

async fn many_dealerships_come_on_from_one_csv_and_a_second_upload_makes_nothing_twice(
    app: TestApp,
) {
    let (app, ada) = with_admin(app).await;
    let csv = "pdn,name,manager_first_name,manager_last_name,manager_email,manager_user_id,phone\n\
               40404,Riverside Motors,Rita,Vance,rita@riverside.example,rvance,(555) 404-0404\n\
               01234,Lakeside Motors,Maria,Garcia,maria@example.com,maria,\n\
               56789,Somebody Else,Dana,Wright,dana@example.com,dana,\n\
               123,,Ann,Lee,not-an-email,al,\n\
               50505,Brookside Auto,Zed,Okafor,zed@brookside.example,zed,\n\
               60606,Too Few Cells\n";
    let (status, report) = upload(&app, &ada, csv).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        row_outcomes(&report),
        [
            ("created".to_owned(), String::new()),
            ("duplicate".to_owned(), String::new()),
            ("error".to_owned(), "name".to_owned()),
            (
                "error".to_owned(),
                "pdn,name,manager_email,manager_user_id".to_owned()
            ),
            ("error".to_owned(), "manager_user_id".to_owned()),
            ("error".to_owned(), "row".to_owned()),
        ],
        "every row reported, every problem named: {report}"
    );
    assert_eq!(
        (
            report["created"].as_u64(),
            report["duplicates"].as_u64(),
            report["errors"].as_u64()
        ),
        (Some(1), Some(1), Some(4))
    );
    assert_eq!(report["rows"][4]["dealership_created"], true);
    assert!(
        report["rows"][4]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("The dealership was created"),
        "a half-done row says which half: {report}"
    );
    assert_eq!(
        app.mail_kinds("rita@riverside.example").await,
        ["invitation"]
    );

    let (_, again) = upload(&app, &ada, csv).await;
    assert_eq!(
        again["created"], 0,
        "the same file again creates nothing: {again}"
    );
    assert_eq!(again["rows"][0]["outcome"], "duplicate");
    assert_eq!(
        app.mail_kinds("rita@riverside.example").await,
        ["invitation"],
        "and mails nobody twice"
    );
    let (_, list) = app
        .call(
            Method::GET,
            "/api/v1/admin/dealerships?q=brookside",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(list["total"], 1, "Brookside was made once");

    let (status, body) = upload(&app, &ada, "pdn,dealer\n40404,X\n").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("\"dealer\""));
}

// Every test above, on SQLite and (with `--ignored` and `DEALER_TEST_POSTGRES_URL`) on
// PostgreSQL.

dealer_testkit::on_both_backends!(
    dealerships;
    a_dealership_is_created_once_and_bad_input_changes_nothing,
    dealerships_are_listed_by_name_and_searched_by_pdn_or_name,
    an_invited_office_manager_enrolls_and_runs_their_dealership,
    roles_move_both_ways_but_never_leave_a_dealership_without_a_manager,
    two_admins_demoting_the_last_two_managers_at_once_leave_one,
    a_closed_dealership_keeps_its_history_but_its_people_cannot_sign_in,
    provider_staff_are_invited_and_deactivated_but_the_last_admin_stays,
    many_dealerships_come_on_from_one_csv_and_a_second_upload_makes_nothing_twice,
);
