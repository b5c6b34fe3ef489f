//! Access reviews in the store (issue 17, migration 0013), on SQLite and PostgreSQL: one
//! open review per dealership however many replicas open it at once, the people as they
//! stood when it opened, decisions kept as made, and a finish that only one caller wins.

use chrono::Duration;
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::access_review::AccessDecision;
use dealer_core::ids::{Pdn, UserId};
use dealer_portal::store::access_reviews::{self as reviews};
use dealer_testkit::db::TestStore;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::app::TestApp;
use crate::support::requests::{PASSWORD, dealerships};

fn pdn(s: &str) -> Pdn {
    Pdn::parse(s).unwrap()
}

fn id(s: &str) -> UserId {
    UserId::parse(s).unwrap()
}

async fn lakeside(store: TestStore) -> TestApp {
    let app = dealerships(store).await;
    let mut conn = app.store.pool().acquire().await.unwrap();
    let zed = app.user("zed").await;
    dealer_portal::store::requests::grant_applications(
        &mut conn,
        zed.pk,
        &["smartcash".into(), "smartauction".into()],
        app.clock_now(),
    )
    .await
    .unwrap();
    app
}

async fn open(app: &TestApp, dealer: &str) -> Option<i64> {
    let now = app.clock_now();
    let mut tx = app.store.pool().begin().await.unwrap();
    let opened = reviews::open(&mut tx, &pdn(dealer), None, now + Duration::days(14), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    opened
}

async fn a_review_lists_the_dealerships_people_as_they_stand_with_their_applications(app: TestApp) {
    sqlx::query("UPDATE users SET locked_at = 1 WHERE user_id = 'amy'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let review = open(&app, "01234").await.expect("the first review opens");
    let mut conn = app.store.pool().acquire().await.unwrap();
    let people = reviews::people(&mut conn, review).await.unwrap();
    let listed: Vec<_> = people
        .iter()
        .map(|p| {
            (
                p.user_id.as_str(),
                p.role,
                p.state,
                p.applications.join(","),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (
                "amy",
                AccessRole::Staff,
                AccountState::Locked,
                String::new()
            ),
            (
                "maria",
                AccessRole::OfficeManager,
                AccountState::Active,
                String::new()
            ),
            (
                "zed",
                AccessRole::Staff,
                AccountState::Active,
                "smartauction,smartcash".into()
            ),
        ],
        "Lakeside's people only (not Hilltop's, not the provider's), a lock as its own state, \
         each with what they hold"
    );
    assert!(
        people.iter().all(|p| p.decision.is_none()),
        "nobody is decided yet"
    );
    let summary = reviews::review(&mut conn, &pdn("01234"), review)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((summary.decided, summary.total), (0, 3));
    assert_eq!(
        reviews::review(&mut conn, &pdn("56789"), review)
            .await
            .unwrap(),
        None,
        "another dealership's review is not found, like one that does not exist"
    );
}

async fn two_replicas_opening_at_once_make_one_review_per_dealership(app: TestApp) {
    let (a, b) = tokio::join!(open(&app, "01234"), open(&app, "01234"));
    assert_eq!(
        [a, b].iter().filter(|o| o.is_some()).count(),
        1,
        "one of the two opened it, the other found it open"
    );
    assert!(
        open(&app, "01234").await.is_none(),
        "still one while it is open"
    );
    assert!(
        open(&app, "56789").await.is_some(),
        "each dealership has its own"
    );
    let mut conn = app.store.pool().acquire().await.unwrap();
    assert_eq!(
        reviews::reviews_of(&mut conn, &pdn("01234"))
            .await
            .unwrap()
            .len(),
        1
    );
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_review_people")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(people, 3 + 2, "the loser listed nobody twice");
}

async fn decisions_are_kept_as_made_and_a_finish_is_won_once(app: TestApp) {
    let review = open(&app, "01234").await.unwrap();
    let now = app.clock_now();
    let mut conn = app.store.pool().acquire().await.unwrap();
    let remove = AccessDecision::Remove {
        applications: vec!["smartauction".into()],
    };
    assert!(
        reviews::decide(
            &mut conn,
            review,
            &id("zed"),
            &AccessDecision::Keep,
            "maria",
            now
        )
        .await
        .unwrap()
    );
    assert!(
        reviews::decide(&mut conn, review, &id("zed"), &remove, "maria", now)
            .await
            .unwrap(),
        "a decision can be changed until the review is finished"
    );
    let leaver = AccessDecision::Deactivate {
        reason: "Left on May 3".into(),
    };
    assert!(
        reviews::decide(&mut conn, review, &id("amy"), &leaver, "maria", now)
            .await
            .unwrap()
    );
    assert!(
        !reviews::decide(
            &mut conn,
            review,
            &id("bob"),
            &AccessDecision::Keep,
            "maria",
            now
        )
        .await
        .unwrap(),
        "someone the review does not list (Hilltop's bob) cannot be decided on it"
    );
    let people = reviews::people(&mut conn, review).await.unwrap();
    let decided: Vec<_> = people
        .iter()
        .map(|p| {
            (
                p.user_id.as_str(),
                p.decision.clone(),
                p.decided_by.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        decided,
        [
            ("amy", Some(leaver.clone()), Some("maria")),
            ("maria", None, None),
            ("zed", Some(remove.clone()), Some("maria")),
        ],
        "read back as made"
    );

    let finishes = [
        reviews::finish(&mut conn, review, "maria", now)
            .await
            .unwrap(),
        reviews::finish(&mut conn, review, "maria", now)
            .await
            .unwrap(),
    ];
    assert_eq!(
        finishes,
        [true, false],
        "the second finish finishes nothing, so it files nothing"
    );
    assert!(
        !reviews::decide(
            &mut conn,
            review,
            &id("maria"),
            &AccessDecision::Keep,
            "dana",
            now
        )
        .await
        .unwrap(),
        "a finished review takes no more decisions"
    );
    assert!(
        open(&app, "01234").await.is_some(),
        "once finished, the next one can open"
    );
}

async fn reminders_move_on_once_and_the_schedule_knows_each_dealerships_last_review(app: TestApp) {
    let review = open(&app, "01234").await.unwrap();
    let mut conn = app.store.pool().acquire().await.unwrap();
    assert!(reviews::mark_reminded(&mut conn, review, 1).await.unwrap());
    assert!(
        !reviews::mark_reminded(&mut conn, review, 1).await.unwrap(),
        "not twice"
    );
    assert!(
        reviews::mark_reminded(&mut conn, review, 3).await.unwrap(),
        "a later one"
    );
    assert!(
        !reviews::mark_reminded(&mut conn, review, 2).await.unwrap(),
        "never back"
    );
    let open_now = reviews::open_reviews(&mut conn).await.unwrap();
    assert_eq!(open_now.len(), 1);
    assert_eq!(open_now[0].reminded, 3);

    let schedule = reviews::schedule(&mut conn).await.unwrap();
    let last: Vec<_> = schedule
        .iter()
        .map(|(p, _, last)| (p.as_str(), last.is_some()))
        .collect();
    assert_eq!(
        last,
        [("01234", true), ("56789", false)],
        "Lakeside had one, Hilltop none yet"
    );
}

/// The fixture with a provider admin (ada) and her token, Lakeside's review opened by her.
async fn opened(app: &TestApp) -> (String, i64) {
    app.named_account(
        "ada",
        ("Ada", "Byron"),
        AccessRole::ProviderAdmin,
        None,
        PASSWORD,
    )
    .await;
    let ada = app.token("ada", PASSWORD).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/access-reviews",
            Some(&ada),
            Some(json!({"pdn": "01234"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (ada, body["opened"][0]["id"].as_i64().unwrap())
}

async fn put(
    app: &TestApp,
    token: &str,
    review: i64,
    user: &str,
    decision: Value,
) -> (StatusCode, Value) {
    app.call(
        Method::PUT,
        &format!("/api/v1/dealers/01234/access-reviews/{review}/people/{user}"),
        Some(token),
        Some(decision),
    )
    .await
}

async fn finish(app: &TestApp, token: &str, review: i64) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        &format!("/api/v1/dealers/01234/access-reviews/{review}/finish"),
        Some(token),
        None,
    )
    .await
}

async fn every_route_answers_only_whom_it_should(app: TestApp) {
    let (ada, review) = opened(&app).await;
    let maria = app.token("maria", PASSWORD).await;
    let zed = app.token("zed", PASSWORD).await;
    let kim = app.token("kim", PASSWORD).await;
    let dana = app.token("dana", PASSWORD).await;
    let sam = app.token("sam", PASSWORD).await;
    let base = "/api/v1/dealers/01234/access-reviews".to_owned();
    let keep = || Some(json!({"decision": "keep"}));
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, base.clone(), None),
        (Method::GET, format!("{base}/{review}"), None),
        (Method::PUT, format!("{base}/{review}/people/zed"), keep()),
        (Method::POST, format!("{base}/{review}/finish"), None),
        (Method::GET, format!("{base}/{review}/report.csv"), None),
        (Method::GET, format!("{base}/{review}/report.pdf"), None),
    ];
    for (method, path, body) in &routes {
        let (status, _) = app.call(method.clone(), path, None, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{method} {path}: signed in first"
        );
        for (who, token) in [("staff", &zed), ("the help desk", &kim)] {
            let (status, body) = app
                .call(method.clone(), path, Some(token), body.clone())
                .await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{method} {path}: not for {who}: {body}"
            );
        }
        let (status, body) = app
            .call(method.clone(), path, Some(&dana), body.clone())
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{method} {path}: Hilltop's manager gets 404, as for a PDN that does not exist: {body}"
        );
    }
    let (status, _) = app
        .call(Method::GET, &format!("{base}/{review}"), Some(&sam), None)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a reviewer sees any dealership's review"
    );
    let (status, _) = app
        .call(
            Method::POST,
            &format!("{base}/{review}/finish"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the dealership's office manager finishes it"
    );
    let (status, _) = app
        .call(
            Method::GET,
            &format!("/api/v1/dealers/56789/access-reviews/{review}"),
            Some(&dana),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "Lakeside's review under Hilltop's PDN is not Hilltop's"
    );
    for token in [&maria, &sam, &zed] {
        let (status, _) = app
            .call(
                Method::POST,
                "/api/v1/admin/access-reviews",
                Some(token),
                Some(json!({})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "only a provider admin opens reviews"
        );
    }
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/access-reviews",
            Some(&ada),
            Some(json!({"pdn": "99999"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/access-reviews",
            Some(&ada),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        body["already_open"],
        json!(["01234"]),
        "Lakeside keeps the one it has"
    );
    assert_eq!(body["opened"][0]["pdn"], "56789");
    assert_eq!(body["opened"][0]["total"], 2, "Hilltop's dana and bob");
}

async fn the_manager_decides_everyone_but_herself_and_finishing_files_the_requests(app: TestApp) {
    let (ada, review) = opened(&app).await;
    let maria = app.token("maria", PASSWORD).await;
    let (status, body) = app
        .call(
            Method::GET,
            &format!("/api/v1/dealers/01234/access-reviews/{review}"),
            Some(&maria),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let may: Vec<(String, bool)> = body["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["user_id"].as_str().unwrap().to_owned(),
                p["may_decide"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        may,
        [
            ("amy".into(), true),
            ("maria".into(), false),
            ("zed".into(), true)
        ],
        "Maria decides on her staff, never on herself"
    );

    let (status, body) = put(&app, &maria, review, "maria", json!({"decision": "keep"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("not_eligible")),
        "{body}"
    );
    let (status, body) = put(
        &app,
        &maria,
        review,
        "zed",
        json!({"decision": "remove", "applications": ["intellirater"]}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "only what zed holds: {body}"
    );
    assert_eq!(body["fields"][0]["field"], "applications");
    let (status, body) = put(
        &app,
        &maria,
        review,
        "amy",
        json!({"decision": "deactivate", "reason": "  "}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a deactivation says why: {body}"
    );
    let (status, body) = put(&app, &maria, review, "bob", json!({"decision": "keep"})).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "Hilltop's bob is not on Lakeside's review: {body}"
    );

    let (status, body) = put(
        &app,
        &maria,
        review,
        "zed",
        json!({"decision": "remove", "applications": ["smartauction"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["decided_by"], "maria");
    let (status, _) = put(
        &app,
        &maria,
        review,
        "amy",
        json!({"decision": "deactivate", "reason": "Left on May 3"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let finish = format!("/api/v1/dealers/01234/access-reviews/{review}/finish");
    let (status, body) = app.call(Method::POST, &finish, Some(&maria), None).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "Maria's own row is still open: {body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("maria"),
        "{body}"
    );

    let sam = app.token("sam", PASSWORD).await;
    let (status, body) = put(&app, &sam, review, "zed", json!({"decision": "keep"})).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the provider leaves staff to the dealership: {body}"
    );
    let (status, body) = put(&app, &ada, review, "maria", json!({"decision": "keep"})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the provider decides on a lone manager: {body}"
    );

    let (status, body) = app.call(Method::POST, &finish, Some(&maria), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let requests = body["requests"].as_array().unwrap().clone();
    assert_eq!(
        requests.len(),
        2,
        "a removal for zed and a deactivation for amy: {body}"
    );
    assert_eq!(body["review"]["decided"], 3);
    assert!(body["review"]["finished_at"].is_string());

    let (status, _) = app.call(Method::POST, &finish, Some(&maria), None).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "finishing twice files nothing twice"
    );
    let filed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests WHERE pdn = '01234'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(filed, 2);

    for id in &requests {
        let (status, detail) = app.request_detail(&maria, id.as_i64().unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            detail["request"]["state"], "submitted",
            "tracked like any other request"
        );
        assert_eq!(detail["request"]["submitted_by"], "maria");
    }
    let amy = app.user("amy").await;
    assert_eq!(
        amy.stored_state,
        AccountState::Deactivated,
        "a deactivation takes effect at once"
    );
    let (status, _) = app.sign_in("amy", PASSWORD).await;
    assert_ne!(status, StatusCode::CREATED, "and amy cannot sign in");
    let (status, _) = put(&app, &maria, review, "zed", json!({"decision": "keep"})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a finished review takes no more decisions"
    );
    let entries: Vec<String> = sqlx::query_scalar(
        "SELECT event FROM audit_log WHERE event LIKE 'access_review%' ORDER BY id",
    )
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(entries, ["access_review_opened", "access_review_finished"]);
}

/// A CSV answer: its status, content type and text.
async fn csv(app: &TestApp, token: &str, path: &str) -> (StatusCode, String, String) {
    use http_body_util::BodyExt;
    let req = axum::http::Request::builder()
        .uri(path)
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.response(req).await;
    let status = response.status();
    let kind = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, kind, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn the_report_lists_every_decision_and_no_secret(app: TestApp) {
    let (ada, review) = opened(&app).await;
    let maria = app.token("maria", PASSWORD).await;
    for (user, decision) in [
        (
            "amy",
            json!({"decision": "deactivate", "reason": "=HYPERLINK(\"x\") left"}),
        ),
        (
            "zed",
            json!({"decision": "remove", "applications": ["smartauction"]}),
        ),
    ] {
        let (status, body) = put(&app, &maria, review, user, decision).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, _) = put(&app, &ada, review, "maria", json!({"decision": "keep"})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = finish(&app, &maria, review).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let path = format!("/api/v1/dealers/01234/access-reviews/{review}/report.csv");
    let (status, kind, text) = csv(&app, &maria, &path).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(kind.starts_with("text/csv"), "{kind}");
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 4, "a header and one row a person: {text}");
    assert!(
        rows[0].starts_with("review,pdn,dealership,opened,deadline,finished,finished_by,user_id")
    );
    // The row of a person, by the user_id column (the eighth).
    let row = |user: &str| {
        rows.iter()
            .find(|r| r.split(',').nth(7) == Some(user))
            .copied()
            .unwrap()
    };
    assert!(row("amy").contains(",deactivate,"), "{text}");
    assert!(
        row("amy").contains("'=HYPERLINK"),
        "a reason a spreadsheet would run as a formula is escaped: {text}"
    );
    assert!(row("zed").contains(",remove,smartauction,"), "{text}");
    assert!(row("maria").contains(",keep,"), "{text}");
    assert!(
        row("maria").contains(",ada,"),
        "who decided Maria's own access: {text}"
    );
    assert!(rows[1].contains("Lakeside Motors"), "{text}");
    let requests = body["requests"].as_array().unwrap();
    for id in requests {
        assert!(
            text.contains(&format!(",{id}")),
            "the request each decision filed: {text}"
        );
    }
    for secret in [PASSWORD, "$argon2", "@example.com", "@lakeside.example"] {
        assert!(
            !text.contains(secret),
            "the report holds no password, hash or address ({secret})"
        );
    }
    let sam = app.token("sam", PASSWORD).await;
    let (status, _, _) = csv(&app, &sam, &path).await;
    assert_eq!(status, StatusCode::OK, "the provider downloads it too");

    // The same evidence, printable.
    let path = format!("/api/v1/dealers/01234/access-reviews/{review}/report.pdf");
    let (status, kind, pdf) = csv(&app, &sam, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/pdf");
    assert_eq!(
        dealer_portal::pdf::well_formed(pdf.as_bytes()),
        Ok(()),
        "a reader opens it without repair"
    );
    let text = pdf_text(&pdf);
    for expected in [
        "Access review #",
        "of Lakeside Motors (PDN 01234)",
        "Finished ",
        "by maria.",
        "3 people: 1 kept, 1 losing applications, 1 deactivated.",
        "Amy Chen (amy), Staff, active when the review opened",
        "Decision: deactivate. Reason: =HYPERLINK(\"x\") left",
        "Zed Okafor (zed)",
        "Applications: SmartAuction, SmartCash. Last sign-in: never.",
        "Decision: remove SmartAuction.",
        "Maria Garcia (maria), Office manager",
        "Decision: keep all access.",
        "Decided by ada,",
        "Page 1 of 1",
    ] {
        assert!(
            text.contains(expected),
            "the report says {expected:?}: {text}"
        );
    }
    for id in requests {
        assert!(
            text.contains(&format!("Request #{id} filed")),
            "the request each decision filed: {text}"
        );
    }
    for secret in [PASSWORD, "$argon2", "@example.com", "@lakeside.example"] {
        assert!(
            !pdf.contains(secret),
            "the printable report holds no password, hash or address ({secret})"
        );
    }
}

/// The text a PDF shows, line by line: each `(…) Tj` string, unescaped.
fn pdf_text(pdf: &str) -> String {
    let mut out = String::new();
    for line in pdf.lines().filter(|l| l.ends_with(") Tj ET")) {
        let Some(start) = line.find(" Td (") else {
            continue;
        };
        let raw = &line[start + 5..line.len() - ") Tj ET".len()];
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some(d @ '0'..='7') => {
                    let octal: String = std::iter::once(d).chain(chars.by_ref().take(2)).collect();
                    out.push(char::from(u8::from_str_radix(&octal, 8).unwrap()));
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        out.push('\n');
    }
    out
}

async fn the_provider_sees_completion_across_dealerships(app: TestApp) {
    let (_, lakeside) = opened(&app).await;
    app.clock.advance(Duration::days(20));
    let ada = app.token("ada", PASSWORD).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/admin/access-reviews",
            Some(&ada),
            Some(json!({"pdn": "56789"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let sam = app.token("sam", PASSWORD).await;
    let listed = |body: &Value| -> Vec<(String, bool)> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["pdn"].as_str().unwrap().to_owned(),
                    r["overdue"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let across = |query: &'static str| {
        let sam = sam.clone();
        let app = &app;
        async move {
            app.call(
                Method::GET,
                &format!("/api/v1/admin/access-reviews{query}"),
                Some(&sam),
                None,
            )
            .await
        }
    };
    let (status, body) = across("").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        listed(&body),
        [("01234".into(), true), ("56789".into(), false)],
        "open ones by deadline: Lakeside's ran out six days ago"
    );
    assert_eq!(body[0]["dealership_name"], "Lakeside Motors");
    let (_, body) = across("?completion=overdue").await;
    assert_eq!(listed(&body), [("01234".into(), true)]);
    let (_, body) = across("?completion=finished").await;
    assert_eq!(listed(&body), Vec::<(String, bool)>::new());
    let (_, body) = across("?pdn=56789").await;
    assert_eq!(listed(&body), [("56789".into(), false)]);
    let (status, _) = across("?pdn=12").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = across("?completion=later").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Lakeside finishes late: it leaves the overdue list for the finished one.
    let maria = app.token("maria", PASSWORD).await;
    for user in ["amy", "zed"] {
        let (status, _) = put(&app, &maria, lakeside, user, json!({"decision": "keep"})).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _) = put(&app, &ada, lakeside, "maria", json!({"decision": "keep"})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = finish(&app, &maria, lakeside).await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = across("?completion=overdue").await;
    assert_eq!(listed(&body), Vec::<(String, bool)>::new());
    let (_, body) = across("?completion=finished").await;
    assert_eq!(listed(&body), [("01234".into(), false)]);

    for (who, token) in [
        ("an office manager", &maria),
        ("the help desk", &app.token("kim", PASSWORD).await),
    ] {
        let (status, _) = app
            .call(
                Method::GET,
                "/api/v1/admin/access-reviews",
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "not for {who}");
    }
    let (status, _) = app
        .call(Method::GET, "/api/v1/admin/access-reviews", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn a_person_who_left_meanwhile_gets_nothing_filed(app: TestApp) {
    let (_, review) = opened(&app).await;
    let maria = app.token("maria", PASSWORD).await;
    for (user, decision) in [
        ("amy", json!({"decision": "deactivate", "reason": "Left"})),
        (
            "zed",
            json!({"decision": "remove", "applications": ["smartcash"]}),
        ),
    ] {
        let (status, body) = put(&app, &maria, review, user, decision).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // Meanwhile amy's deactivation was filed by hand, and zed lost SmartCash another way.
    app.file(
        &maria,
        json!({"kind": "deactivation", "user_id": "amy", "reason": "Left"}),
    )
    .await;
    sqlx::query("DELETE FROM user_applications WHERE application = 'smartcash'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let ada = app.token("ada", PASSWORD).await;
    let (status, _) = put(&app, &ada, review, "maria", json!({"decision": "keep"})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = finish(&app, &maria, review).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["requests"], json!([]), "nothing left to file: {body}");
    assert_eq!(body["already_gone"], json!(["amy", "zed"]));
}

dealer_testkit::on_both_backends!(
    lakeside, multi_thread;
    every_route_answers_only_whom_it_should,
    the_manager_decides_everyone_but_herself_and_finishing_files_the_requests,
    a_person_who_left_meanwhile_gets_nothing_filed,
    the_report_lists_every_decision_and_no_secret,
    the_provider_sees_completion_across_dealerships,
    a_review_lists_the_dealerships_people_as_they_stand_with_their_applications,
    two_replicas_opening_at_once_make_one_review_per_dealership,
    decisions_are_kept_as_made_and_a_finish_is_won_once,
    reminders_move_on_once_and_the_schedule_knows_each_dealerships_last_review,
);
