//! The 60-day inactivity job, with the clock moved instead of waited for.

use crate::support::app::TestApp;
use axum::http::StatusCode;
use chrono::Duration;
use dealer_api::AuditEvent;
use dealer_api::ErrorCode;
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::ids::UserId;
use dealer_portal::jobs::inactivity::{Outcome, run_once};
use dealer_portal::store::sessions::{self, Timeouts};

const PASSWORD: &str = "correct horse battery staple";

async fn app() -> TestApp {
    let app = TestApp::new().await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    app.account("kim", AccessRole::OfficeManager, Some("56789"), PASSWORD)
        .await;
    app.account("helpdesk.lee", AccessRole::HelpDesk, None, PASSWORD)
        .await;
    app
}

#[tokio::test]
async fn owners_are_reminded_once_a_week_before_deactivation() {
    let app = app().await;
    app.clock.advance(Duration::days(52));
    assert_eq!(
        run_once(&app.state).await.unwrap(),
        Outcome::default(),
        "8 days left: nothing yet"
    );
    app.clock.advance(Duration::days(1));
    assert_eq!(
        run_once(&app.state).await.unwrap(),
        Outcome {
            reminded: 2,
            deactivated: 0
        }
    );
    assert_eq!(
        run_once(&app.state).await.unwrap(),
        Outcome::default(),
        "a second run reminds no one twice"
    );
    let mails = app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, "inactivity_reminder");
    assert!(
        mails[0].body.contains("Saturday, January 30, 2027"),
        "says the day it happens: {}",
        mails[0].body
    );
    assert!(
        app.store
            .outbox_to("helpdesk.lee@example.com")
            .await
            .unwrap()
            .is_empty(),
        "provider staff are not subject to it"
    );
}

#[tokio::test]
async fn at_sixty_days_the_user_id_goes_inactive_sessions_end_and_the_owner_is_told() {
    let app = app().await;
    app.clock.advance(Duration::days(59));
    app.token("pat", PASSWORD).await; // restarts pat's clock
    app.clock.advance(Duration::days(1));
    let done = run_once(&app.state).await.unwrap();
    assert_eq!(
        done.deactivated, 1,
        "kim, 60 days idle; pat signed in yesterday"
    );
    let kim = app
        .store
        .user_by_id(&UserId::parse("kim").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kim.state(), AccountState::Inactive);
    let (status, body) = app.sign_in("kim", PASSWORD).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some(ErrorCode::Inactive.as_str()))
    );

    let pat = app
        .store
        .user_by_id(&UserId::parse("pat").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pat.state(), AccountState::Active, "pat signed in a day ago");
    // A session still alive when the clock runs out ends with it. (With the default
    // 12-hour sessions none can be: give this one a year.)
    let pat = app
        .store
        .user_by_id(&UserId::parse("pat").unwrap())
        .await
        .unwrap()
        .unwrap();
    let year = Timeouts {
        idle: Duration::days(365),
        absolute: Duration::days(365),
    };
    let mut conn = app.store.pool().acquire().await.unwrap();
    let (long, _) = sessions::create(&mut conn, pat.pk, year, None, None, app.clock_now())
        .await
        .unwrap();
    drop(conn);
    app.clock.advance(Duration::days(60));
    assert_eq!(
        run_once(&app.state).await.unwrap().deactivated,
        1,
        "now pat"
    );
    let live = app
        .store
        .session_by_token(long.expose(), year, app.clock_now())
        .await
        .unwrap();
    assert!(live.is_none(), "deactivation ends every session");
    let mails = app.store.outbox_to("kim@example.com").await.unwrap();
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.kind == "inactivity_deactivated")
            .count(),
        1
    );
    let log = app.store.audit_log(Some("56789"), None, 50).await.unwrap();
    assert_eq!(
        log.iter()
            .filter(|r| r.event == AuditEvent::InactivityDeactivated)
            .count(),
        1
    );
}

#[tokio::test]
async fn two_jobs_at_once_act_on_each_user_once() {
    let app = app().await;
    app.clock.advance(Duration::days(61));
    let (a, b) = tokio::join!(run_once(&app.state), run_once(&app.state));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.deactivated + b.deactivated, 2, "pat and kim, once each");
    assert_eq!(
        app.store.outbox_to("pat@example.com").await.unwrap().len(),
        1,
        "one email each"
    );
}
