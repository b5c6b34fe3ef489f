//! The access-review job (issue 17) on SQLite and PostgreSQL, with the clock moved instead
//! of waited for: reviews open on the schedule, once per dealership however often the job
//! runs; the office managers get each reminder once; a review past its deadline is
//! escalated to the provider's reviewers, and under `suspend_unreviewed` the people nobody
//! decided on cannot sign in until their manager decides.
//!
//! The schedule here is weekly with a three-day deadline, so the clock stays well inside
//! the 60 days after which an unused user ID goes inactive.

use axum::http::{Method, StatusCode};
use chrono::Duration;
use dealer_api::{AuditDetail, AuditEvent};
use dealer_core::access_review::{OnDeadline, ReviewPolicy};
use dealer_portal::jobs::access_reviews::{Outcome, run_once};
use dealer_testkit::db::TestStore;
use serde_json::{Value, json};

use crate::support::app::{TestApp, test_settings};
use crate::support::requests::{PASSWORD, dealerships_with};

async fn weekly(store: TestStore, on_deadline: OnDeadline) -> TestApp {
    let settings = dealer_portal::Settings {
        access_review: ReviewPolicy::new(7, 3, on_deadline).unwrap(),
        ..test_settings()
    };
    dealerships_with(store, settings).await
}

async fn escalating(store: TestStore) -> TestApp {
    weekly(store, OnDeadline::Escalate).await
}

async fn suspending(store: TestStore) -> TestApp {
    weekly(store, OnDeadline::SuspendUnreviewed).await
}

async fn run(app: &TestApp) -> Outcome {
    run_once(&app.state).await.expect("the job runs")
}

/// Lakeside's open review, as its office manager reads it.
async fn lakeside_review(app: &TestApp, maria: &str) -> Value {
    let (status, list) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/access-reviews",
            Some(maria),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let id = list[0]["id"].as_i64().expect("Lakeside has a review");
    let (status, review) = app
        .call(
            Method::GET,
            &format!("/api/v1/dealers/01234/access-reviews/{id}"),
            Some(maria),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{review}");
    review
}

async fn decide(app: &TestApp, token: &str, review: i64, user: &str, decision: Value) {
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/v1/dealers/01234/access-reviews/{review}/people/{user}"),
            Some(token),
            Some(decision),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn kinds_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    app.store
        .outbox_to(to)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind.starts_with("access_review"))
        .map(|m| (m.kind.to_string(), m.subject))
        .collect()
}

async fn reviews_open_on_schedule_and_each_reminder_goes_out_once(app: TestApp) {
    assert_eq!(
        run(&app).await,
        Outcome::default(),
        "a new dealership has nothing due"
    );
    app.clock.advance(Duration::days(7) - Duration::minutes(1));
    assert_eq!(run(&app).await, Outcome::default(), "a minute early");
    app.clock.advance(Duration::minutes(1));
    assert_eq!(
        run(&app).await,
        Outcome {
            opened: 2,
            reminded: 2,
            ..Outcome::default()
        },
        "both dealerships' reviews open, and their managers are told"
    );
    assert_eq!(
        run(&app).await,
        Outcome::default(),
        "a second run (or a second replica) opens and sends nothing twice"
    );
    let maria = kinds_to(&app, "maria@example.com").await;
    assert_eq!(
        maria,
        [(
            "access_review_reminder".to_owned(),
            "Access review for Lakeside Motors is open".to_owned()
        )]
    );
    let mail = &app.store.outbox_to("maria@example.com").await.unwrap()[0];
    assert!(
        mail.body.contains("lists 3 people") && mail.body.contains("Review access"),
        "says how many and where: {}",
        mail.body
    );
    assert!(
        kinds_to(&app, "zed@example.com").await.is_empty(),
        "staff are reviewed, not reminded"
    );

    let token = app.token("maria", PASSWORD).await;
    let review = lakeside_review(&app, &token).await;
    let deadline: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(review["review"]["deadline"].clone()).unwrap();
    assert_eq!(review["review"]["reminders_sent"], 1);
    app.clock.set(deadline - Duration::hours(1));
    assert_eq!(
        run(&app).await,
        Outcome {
            reminded: 2,
            ..Outcome::default()
        }
    );
    assert_eq!(
        kinds_to(&app, "maria@example.com").await.last().unwrap().1,
        "Access review for Lakeside Motors is due today"
    );
    assert_eq!(
        run(&app).await,
        Outcome::default(),
        "the day's reminder goes once"
    );

    app.clock.set(deadline + Duration::minutes(1));
    assert_eq!(
        run(&app).await,
        Outcome {
            escalated: 2,
            ..Outcome::default()
        },
        "past the deadline both are escalated, nobody held: the policy only escalates"
    );
    assert_eq!(run(&app).await, Outcome::default(), "escalated once");
    let overdue = kinds_to(&app, "maria@example.com").await;
    assert_eq!(
        overdue.last().unwrap(),
        &(
            "access_review_overdue".to_owned(),
            "Access review for Lakeside Motors is overdue".to_owned()
        )
    );
    // The provider's reviewers see it in their queue.
    let sam = app.token("sam", PASSWORD).await;
    let (status, queue) = app
        .call(
            Method::GET,
            "/api/v1/admin/access-reviews?completion=overdue",
            Some(&sam),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    let escalated: Vec<_> = queue
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["overdue"] == true && !r["escalated_at"].is_null())
        .map(|r| r["pdn"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(escalated, ["01234", "56789"], "{queue}");
    let log = app.store.audit_log(Some("01234"), None, 50).await.unwrap();
    let details: Vec<_> = log
        .iter()
        .filter(|r| r.event == AuditEvent::AccessReviewEscalated)
        .map(|r| r.detail.clone())
        .collect();
    assert!(
        matches!(
            details.as_slice(),
            [Some(AuditDetail::AccessReviewEscalated {
                undecided: 3,
                held: 0,
                ..
            })]
        ),
        "{details:?}"
    );
}

async fn past_the_deadline_the_undecided_are_held_until_decided(app: TestApp) {
    app.clock.advance(Duration::days(7));
    assert_eq!(run(&app).await.opened, 2);
    let maria = app.token("maria", PASSWORD).await;
    let review = lakeside_review(&app, &maria).await;
    let id = review["review"]["id"].as_i64().unwrap();
    let deadline: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(review["review"]["deadline"].clone()).unwrap();
    decide(&app, &maria, id, "amy", json!({"decision": "keep"})).await;

    app.clock.set(deadline - Duration::minutes(1));
    let zed = app.token("zed", PASSWORD).await;
    app.clock.set(deadline + Duration::minutes(1));
    let done = run(&app).await;
    assert_eq!(
        (done.escalated, done.held),
        (2, 2),
        "zed at Lakeside, bob at Hilltop; amy was decided, and office managers are never held"
    );
    let (status, _) = app.call(Method::GET, "/api/v1/me", Some(&zed), None).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a hold ends the sessions open"
    );
    let (status, body) = app.sign_in("zed", PASSWORD).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "access_on_hold", "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("office manager"),
        "says who can lift it: {body}"
    );
    let (status, body) = app.sign_in("zed", "not the password").await;
    assert_eq!(
        body["code"], "invalid_credentials",
        "the hold is told only after the right password ({status})"
    );
    for (user, why) in [("amy", "decided"), ("maria", "she must finish the review")] {
        let (status, body) = app.sign_in(user, PASSWORD).await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{user} is not held: {why}: {body}"
        );
    }
    let maria = app.token("maria", PASSWORD).await;
    let review = lakeside_review(&app, &maria).await;
    let held: Vec<_> = review["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["on_hold"] == true)
        .map(|p| p["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(held, ["zed"]);

    decide(&app, &maria, id, "zed", json!({"decision": "keep"})).await;
    let (status, body) = app.sign_in("zed", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "kept: the hold is over: {body}"
    );
    let log = app.store.audit_log(Some("01234"), None, 50).await.unwrap();
    assert!(
        log.iter().any(|r| r.event == AuditEvent::SignIn
            && r.outcome == dealer_api::AuditOutcome::AccessOnHold
            && r.target.as_deref() == Some("zed")),
        "the refusal is audited"
    );
}

dealer_testkit::on_both_backends!(
    escalating;
    reviews_open_on_schedule_and_each_reminder_goes_out_once,
);

mod held {
    use super::*;
    dealer_testkit::on_both_backends!(
        suspending;
        past_the_deadline_the_undecided_are_held_until_decided,
    );
}
