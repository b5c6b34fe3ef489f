//! A dealership as its office manager sees it: the users with their status, locks and
//! inactivity countdown, and the audit log. DESIGN.md ("Tenancy", "What makes it better")
//! is the spec: each test names the rule it proves.

use crate::support::app::{TestApp, generous_limits, t0};
use axum::http::{Method, StatusCode};
use chrono::Duration;
use dealer_api::ErrorCode;
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::ids::{Pdn, UserId};
use dealer_portal::store::users::NewUser;
use dealer_testkit::db::TestStore;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";
const WRONG: &str = "definitely not it";

/// Lakeside Motors (01234): maria (manager), zed and amy (staff). Hilltop (56789): dana
/// (manager) and bob (staff). Provider people: kim (help desk), sam (reviewer).
async fn dealerships(store: TestStore) -> TestApp {
    let app = TestApp::with(store, generous_limits()).await;
    for (id, name, role, pdn) in [
        (
            "maria",
            ("Maria", "Garcia"),
            AccessRole::OfficeManager,
            Some("01234"),
        ),
        ("zed", ("Zed", "Okafor"), AccessRole::Staff, Some("01234")),
        ("amy", ("Amy", "Chen"), AccessRole::Staff, Some("01234")),
        (
            "dana",
            ("Dana", "Wright"),
            AccessRole::OfficeManager,
            Some("56789"),
        ),
        ("bob", ("Bob", "Stone"), AccessRole::Staff, Some("56789")),
        ("kim", ("Kim", "Nguyen"), AccessRole::HelpDesk, None),
        ("sam", ("Sam", "Patel"), AccessRole::Reviewer, None),
    ] {
        app.named_account(id, name, role, pdn, PASSWORD).await;
    }
    app
}

async fn users(app: &TestApp, token: &str, query: &str) -> (StatusCode, Value) {
    app.call(
        Method::GET,
        &format!("/api/v1/dealers/01234/users{query}"),
        Some(token),
        None,
    )
    .await
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|u| u["user_id"].as_str().unwrap())
        .collect()
}

fn find<'a>(list: &'a Value, user_id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|u| u["user_id"] == user_id)
        .unwrap_or_else(|| panic!("{user_id} is listed: {list}"))
}

fn code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

async fn a_manager_lists_only_their_dealership_sorted_by_user_id(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let (status, list) = users(&app, &maria, "").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(
        ids(&list),
        ["amy", "maria", "zed"],
        "only 01234, by user ID"
    );
    let amy = find(&list, "amy");
    assert_eq!(amy["first_name"], "Amy");
    assert_eq!(amy["last_name"], "Chen");
    assert_eq!(amy["email"], "amy@example.com");
    assert_eq!(amy["role"], "staff");
    assert_eq!(amy["status"], "active");
    assert_eq!(amy["lock"], Value::Null);
    assert_eq!(amy["last_sign_in_at"], Value::Null);
    assert_eq!(amy["inactivity"]["status"], "active");
    let maria_row = find(&list, "maria");
    assert_eq!(maria_row["last_sign_in_at"], "2026-12-01T15:00:00Z");
}

async fn another_dealerships_path_answers_404_not_403(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    for path in [
        "/api/v1/dealers/56789/users",
        "/api/v1/dealers/99999/users",
        "/api/v1/dealers/abc/users",
        "/api/v1/dealers/56789/audit",
        "/api/v1/dealers/99999/audit",
    ] {
        let (status, body) = app.call(Method::GET, path, Some(&maria), None).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::NOT_FOUND, ErrorCode::NotFound.as_str()),
            "{path}: another PDN cannot be told from one that does not exist"
        );
    }
}

async fn staff_and_provider_people_get_403_and_strangers_401(app: TestApp) {
    for who in ["amy", "kim", "sam"] {
        let token = app.token(who, PASSWORD).await;
        for path in ["/api/v1/dealers/01234/users", "/api/v1/dealers/01234/audit"] {
            let (status, body) = app.call(Method::GET, path, Some(&token), None).await;
            assert_eq!(
                (status, code(&body)),
                (StatusCode::FORBIDDEN, ErrorCode::Forbidden.as_str()),
                "{who} is not an office manager ({path})"
            );
        }
    }
    for path in ["/api/v1/dealers/01234/users", "/api/v1/dealers/01234/audit"] {
        let (status, body) = app.call(Method::GET, path, None, None).await;
        assert_eq!(
            (status, code(&body)),
            (
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthenticated.as_str()
            )
        );
    }
}

async fn locked_users_show_since_when_how_many_failures_and_which_kind(app: TestApp) {
    app.clock.advance(Duration::minutes(5));
    let locked_at = app.clock_now();
    for _ in 0..5 {
        app.sign_in("amy", WRONG).await;
    }
    app.sign_in("zed", WRONG).await;
    app.sign_in("zed", WRONG).await;
    // A caller who missed zed's secret question 3 times locks zed the other way.
    let kim = app.token("kim", PASSWORD).await;
    app.clock.advance(Duration::minutes(1));
    for _ in 0..3 {
        app.call(
            Method::POST,
            "/api/v1/help-desk/users/zed/verify",
            Some(&kim),
            Some(json!({ "answer": WRONG })),
        )
        .await;
    }

    let maria = app.token("maria", PASSWORD).await;
    let (_, list) = users(&app, &maria, "").await;
    let amy = find(&list, "amy");
    assert_eq!(amy["status"], "locked");
    assert_eq!(
        amy["lock"],
        json!({
            "since": locked_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "kind": "password",
            "failures": 5
        })
    );
    assert_eq!(amy["failed_attempts"], 5);
    let zed = find(&list, "zed");
    assert_eq!(zed["status"], "locked");
    assert_eq!(zed["lock"]["kind"], "help_desk_verification");
    assert_eq!(zed["lock"]["failures"], 3);
    assert_eq!(
        zed["failed_attempts"], 2,
        "its wrong passwords are shown too"
    );

    let (_, locked) = users(&app, &maria, "?status=locked").await;
    assert_eq!(ids(&locked), ["amy", "zed"]);
    let (_, active) = users(&app, &maria, "?status=active").await;
    assert_eq!(ids(&active), ["maria"]);
}

async fn a_user_idle_for_55_days_deactivates_in_5_days(app: TestApp) {
    app.clock.advance(Duration::days(55));
    let maria = app.token("maria", PASSWORD).await;
    let (_, list) = users(&app, &maria, "").await;
    assert_eq!(
        find(&list, "amy")["inactivity"],
        json!({
            "status": "deactivates_soon",
            "deactivates_at": (t0() + Duration::days(60))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "days_left": 5
        })
    );
    assert_eq!(find(&list, "amy")["status"], "active");
    assert_eq!(
        find(&list, "maria")["inactivity"]["status"],
        "active",
        "signing in restarted maria's clock"
    );

    app.clock.advance(Duration::days(6));
    let maria = app.token("maria", PASSWORD).await;
    let (_, list) = users(&app, &maria, "").await;
    let amy = find(&list, "amy");
    assert_eq!(amy["status"], "inactive", "61 days idle is inactive");
    assert_eq!(amy["inactivity"]["status"], "inactive");
    let (_, inactive) = users(&app, &maria, "?status=inactive").await;
    assert_eq!(ids(&inactive), ["amy", "zed"]);
}

async fn pending_and_deactivated_users_are_listed_without_a_countdown(app: TestApp) {
    for (id, state) in [
        ("newbie", AccountState::Pending),
        ("leaver", AccountState::Deactivated),
    ] {
        app.store
            .create_user(
                &NewUser {
                    user_id: UserId::parse(id).unwrap(),
                    pdn: Some(Pdn::parse("01234").unwrap()),
                    role: AccessRole::Staff,
                    first_name: "Alex".into(),
                    last_name: "Doe".into(),
                    email: format!("{id}@example.com"),
                    phone: None,
                    job_role: Some("salesperson".into()),
                    state,
                    password_hash: None,
                    must_change_password: false,
                },
                t0(),
            )
            .await
            .unwrap();
    }
    let maria = app.token("maria", PASSWORD).await;
    let (_, list) = users(&app, &maria, "").await;
    assert_eq!(ids(&list), ["amy", "leaver", "maria", "newbie", "zed"]);
    assert_eq!(find(&list, "newbie")["status"], "pending");
    assert_eq!(find(&list, "newbie")["inactivity"], Value::Null);
    assert_eq!(find(&list, "leaver")["status"], "deactivated");
    assert_eq!(find(&list, "leaver")["inactivity"], Value::Null);
    let (_, pending) = users(&app, &maria, "?status=pending").await;
    assert_eq!(ids(&pending), ["newbie"]);
}

async fn search_finds_users_by_user_id_or_name_and_bad_filters_are_400(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let (_, by_id) = users(&app, &maria, "?q=ZE").await;
    assert_eq!(ids(&by_id), ["zed"]);
    let (_, by_last_name) = users(&app, &maria, "?q=chen").await;
    assert_eq!(ids(&by_last_name), ["amy"]);
    let (_, by_full_name) = users(&app, &maria, "?q=maria%20garcia").await;
    assert_eq!(ids(&by_full_name), ["maria"]);
    let (_, other_dealership) = users(&app, &maria, "?q=bob").await;
    assert_eq!(
        ids(&other_dealership),
        Vec::<&str>::new(),
        "search stays in 01234"
    );
    let (_, blank) = users(&app, &maria, "?q=%20").await;
    assert_eq!(ids(&blank).len(), 3, "a blank search is no filter");
    for query in ["?status=asleep", "?sort=name"] {
        let (status, body) = users(&app, &maria, query).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, ErrorCode::BadRequest.as_str()),
            "{query}"
        );
    }
}

async fn the_audit_view_is_scoped_to_the_dealership_newest_first_and_paged(app: TestApp) {
    app.sign_in("amy", WRONG).await;
    app.sign_in("bob", WRONG).await;
    app.token("zed", PASSWORD).await;
    app.token("dana", PASSWORD).await;
    let maria = app.token("maria", PASSWORD).await;

    let (status, page) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/audit",
            Some(&maria),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let entries = page["entries"].as_array().unwrap();
    let ours = ["amy", "zed", "maria"];
    assert!(
        entries
            .iter()
            .all(|e| ours.contains(&e["target"].as_str().unwrap_or_default())),
        "only 01234's users: {page}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e["target"] == "amy" && e["outcome"] == "wrong_password"),
        "{page}"
    );
    let all_ids: Vec<i64> = entries.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(all_ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    assert_eq!(page["next_before"], Value::Null, "one page holds it all");
    assert!(entries[0].get("client_addr").is_none());

    let (_, first) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/audit?limit=2",
            Some(&maria),
            None,
        )
        .await;
    let first_ids: Vec<i64> = first["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(first_ids, all_ids[..2]);
    let before = first["next_before"].as_i64().unwrap();
    assert_eq!(before, all_ids[1]);
    let (_, second) = app
        .call(
            Method::GET,
            &format!("/api/v1/dealers/01234/audit?limit=2&before={before}"),
            Some(&maria),
            None,
        )
        .await;
    let second_ids: Vec<i64> = second["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        second_ids,
        all_ids[2..4],
        "the next page goes on where the first ended"
    );

    for query in ["?limit=0", "?limit=201", "?before=abc"] {
        let (status, body) = app
            .call(
                Method::GET,
                &format!("/api/v1/dealers/01234/audit{query}"),
                Some(&maria),
                None,
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, ErrorCode::BadRequest.as_str()),
            "{query}"
        );
    }
}

// Every test above, on SQLite and (with `--ignored` and `DEALER_TEST_POSTGRES_URL`) on
// PostgreSQL.

/// Each row carries what a manager acts on: the applications the person holds (by key, in
/// order; none is an empty list) and their business phone, so a request form opened from
/// the row is filled without typing.
async fn each_row_carries_the_persons_applications_and_phone(app: TestApp) {
    let amy = app.user("amy").await.pk;
    let mut conn = app.store.pool().acquire().await.unwrap();
    dealer_portal::store::requests::grant_applications(
        &mut conn,
        amy,
        &["smartcash".into(), "intellirater".into()],
        app.clock_now(),
    )
    .await
    .unwrap();
    sqlx::query("UPDATE users SET phone = '+13135550123' WHERE user_id = 'amy'")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let maria = app.token("maria", PASSWORD).await;
    let (status, list) = users(&app, &maria, "").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let amy_row = find(&list, "amy");
    assert_eq!(
        amy_row["applications"],
        json!(["intellirater", "smartcash"]),
        "by key, in order"
    );
    assert_eq!(amy_row["phone"], "+13135550123");
    assert_eq!(find(&list, "zed")["applications"], json!([]), "none held");
    assert_eq!(find(&list, "zed")["phone"], Value::Null);
}

/// The staff panel reads one person at a time: their events and their requests, within
/// the manager's own dealership only.
async fn the_staff_panel_reads_one_persons_events_and_requests(app: TestApp) {
    app.sign_in("amy", WRONG).await;
    app.token("zed", PASSWORD).await;
    app.sign_in("bob", WRONG).await;
    let maria = app.token("maria", PASSWORD).await;
    let get = |path: String| {
        let maria = maria.clone();
        let app = &app;
        async move { app.call(Method::GET, &path, Some(&maria), None).await }
    };

    let (status, page) = get("/api/v1/dealers/01234/audit?user_id=AMY".into()).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let entries = page["entries"].as_array().unwrap();
    assert!(!entries.is_empty(), "amy's failed sign-in is there: {page}");
    assert!(
        entries.iter().all(|e| e["target"] == "amy"),
        "only amy's events (user IDs in any case): {page}"
    );
    let (_, page) = get("/api/v1/dealers/01234/audit?user_id=bob".into()).await;
    assert_eq!(
        page["entries"],
        json!([]),
        "another dealership's person has no events here"
    );
    let (status, body) = get("/api/v1/dealers/01234/audit?user_id=not%20an%20id".into()).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, ErrorCode::BadRequest.as_str())
    );

    let zeds = app
        .file(
            &maria,
            json!({"kind": "deactivation", "user_id": "zed", "reason": "Left"}),
        )
        .await;
    app.file(
        &maria,
        json!({"kind": "deactivation", "user_id": "amy", "reason": "Moved away"}),
    )
    .await;
    let (status, page) = get("/api/v1/dealers/01234/requests?user_id=Zed".into()).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let requests = page["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1, "zed's request only: {page}");
    assert_eq!(requests[0]["id"], zeds);
    let (_, page) = get("/api/v1/dealers/01234/requests?user_id=bob".into()).await;
    assert_eq!(page["total"], 0, "no other dealership's requests");
    let (status, _) = get("/api/v1/dealers/01234/requests?user_id=%25".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a user ID, not a pattern");
}

dealer_testkit::on_both_backends!(
    dealerships;
    the_staff_panel_reads_one_persons_events_and_requests,
    each_row_carries_the_persons_applications_and_phone,
    a_manager_lists_only_their_dealership_sorted_by_user_id,
    another_dealerships_path_answers_404_not_403,
    staff_and_provider_people_get_403_and_strangers_401,
    locked_users_show_since_when_how_many_failures_and_which_kind,
    a_user_idle_for_55_days_deactivates_in_5_days,
    pending_and_deactivated_users_are_listed_without_a_countdown,
    search_finds_users_by_user_id_or_name_and_bad_filters_are_400,
    the_audit_view_is_scoped_to_the_dealership_newest_first_and_paged,
);
