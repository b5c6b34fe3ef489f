//! Access reviews in the store (issue 17, migration 0013), on SQLite and PostgreSQL: one
//! open review per dealership however many replicas open it at once, the people as they
//! stood when it opened, decisions kept as made, and a finish that only one caller wins.

use chrono::Duration;
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::access_review::AccessDecision;
use dealer_core::ids::{Pdn, UserId};
use dealer_portal::store::access_reviews::{self as reviews};
use dealer_testkit::db::TestStore;

use crate::support::app::TestApp;
use crate::support::requests::dealerships;

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

dealer_testkit::on_both_backends!(
    lakeside, multi_thread;
    a_review_lists_the_dealerships_people_as_they_stand_with_their_applications,
    two_replicas_opening_at_once_make_one_review_per_dealership,
    decisions_are_kept_as_made_and_a_finish_is_won_once,
    reminders_move_on_once_and_the_schedule_knows_each_dealerships_last_review,
);
