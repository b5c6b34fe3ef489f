//! The access-review journey (issue 17), through dealer-client against the real portal on a
//! real socket with the demo data: a review of Lakeside Motors opens (as the schedule opens
//! one), Maria keeps James, removes SmartCash from Anita and deactivates Robert; her own
//! access is the provider's to decide, as she is Lakeside's only office manager. Finishing
//! files the two requests into the reviewers' queue, Robert is refused at sign-in at once,
//! and the CSV evidence lists all four decisions.

#![allow(clippy::unwrap_used)]

use dealer_api::{AccessDecision, ErrorCode, RequestFilter, RequestKind};
use dealer_core::ids::Pdn;
use dealer_testkit::Portal;

async fn token(portal: &Portal, user_id: &str) -> String {
    portal
        .client
        .sign_in(user_id, &portal.account(user_id).password)
        .await
        .unwrap()
        .token
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maria_reviews_lakeside_and_the_decisions_become_tracked_requests() {
    let portal = Portal::start().await.unwrap();
    let client = &portal.client;
    let lakeside = Pdn::parse("01234").unwrap();
    let opened = dealer_portal::workflow::access_review::open(&portal.state, &lakeside, None)
        .await
        .unwrap()
        .expect("Lakeside had no review open");

    let maria = token(&portal, "mgarcia").await;
    let reviews = client.access_reviews(&maria, "01234").await.unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].id, opened.id);
    assert_eq!(reviews[0].dealership_name, "Lakeside Motors");
    let review = client
        .access_review(&maria, "01234", opened.id)
        .await
        .unwrap();
    let listed: Vec<(&str, bool)> = review
        .people
        .iter()
        .map(|p| (p.user_id.as_str(), p.may_decide))
        .collect();
    assert_eq!(
        listed,
        [
            ("apatel", true),
            ("jchen", true),
            ("mgarcia", false),
            ("rbrooks", true)
        ],
        "Lakeside's four people; Maria decides on all but herself"
    );
    let anita = review
        .people
        .iter()
        .find(|p| p.user_id == "apatel")
        .unwrap();
    assert_eq!(
        anita.applications,
        ["smartcash"],
        "what each holds, from the roster"
    );

    let decisions = [
        ("jchen", AccessDecision::Keep),
        (
            "apatel",
            AccessDecision::Remove {
                applications: vec!["smartcash".into()],
            },
        ),
        (
            "rbrooks",
            AccessDecision::Deactivate {
                reason: "Left the dealership on November 30".into(),
            },
        ),
    ];
    for (user, decision) in &decisions {
        let person = client
            .decide_access(&maria, "01234", opened.id, user, decision)
            .await
            .unwrap();
        assert_eq!(person.decision.as_ref(), Some(decision));
    }
    let own = client
        .decide_access(&maria, "01234", opened.id, "mgarcia", &AccessDecision::Keep)
        .await
        .unwrap_err();
    assert_eq!(own.code(), ErrorCode::NotEligible, "{own}");
    let early = client
        .finish_access_review(&maria, "01234", opened.id)
        .await
        .unwrap_err();
    assert_eq!(
        early.code(),
        ErrorCode::NotEligible,
        "Maria's own row is undecided: {early}"
    );

    let sam = token(&portal, "reviewer.sam").await;
    client
        .decide_access(&sam, "01234", opened.id, "mgarcia", &AccessDecision::Keep)
        .await
        .unwrap();
    let done = client
        .finish_access_review(&maria, "01234", opened.id)
        .await
        .unwrap();
    assert_eq!(done.requests.len(), 2, "a removal and a deactivation");
    assert!(done.review.finished_at.is_some());

    let queue = client
        .review_queue(&sam, &RequestFilter::default())
        .await
        .unwrap();
    for id in &done.requests {
        let filed = queue
            .requests
            .iter()
            .find(|r| r.id == *id)
            .unwrap_or_else(|| panic!("request {id} is in the reviewers' queue"));
        assert!(matches!(
            filed.kind,
            RequestKind::RemoveApplicationAccess | RequestKind::Deactivation
        ));
    }
    let refused = client
        .sign_in("rbrooks", &portal.account("rbrooks").password)
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        ErrorCode::Deactivated,
        "Robert's access ended the moment the review finished: {refused}"
    );

    let csv = client
        .access_review_report_csv(&maria, "01234", opened.id)
        .await
        .unwrap();
    let decided: Vec<(String, String)> = csv
        .lines()
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row.split(',').collect();
            (cells[7].to_owned(), cells[14].to_owned())
        })
        .collect();
    assert_eq!(
        decided,
        [
            ("apatel".to_owned(), "remove".to_owned()),
            ("jchen".into(), "keep".into()),
            ("mgarcia".into(), "keep".into()),
            ("rbrooks".into(), "deactivate".into()),
        ],
        "the evidence lists all four decisions"
    );
    let across = client
        .access_reviews_across(&sam, Some(dealer_api::ReviewCompletion::Finished), None)
        .await
        .unwrap();
    assert_eq!(across.len(), 1, "the provider sees it finished");
}
