//! A whole portal for route tests: a real SQLite store, a clock the test moves, the real
//! hashing pool, and helpers to call the router in-process.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{DateTime, TimeZone, Utc};
use dealer_core::access::AccessRole;
use dealer_core::ids::{DealershipName, Pdn};
use dealer_portal::clock::ManualClock;
use dealer_portal::config::HelpDeskConfig;
use dealer_portal::hashing::Hasher;
use dealer_portal::rate_limit::{Limits, RateLimiter};
use dealer_portal::seed::{Person, SeededAccount, create_account};
use dealer_portal::{AppState, HelpDesk, Parts, Settings, app};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use dealer_testkit::db::{self, TestStore};

/// Tuesday 1 December 2026, 10 am Eastern: the help desk is open.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 15, 0, 0).unwrap()
}

pub struct TestApp {
    pub state: AppState,
    pub clock: ManualClock,
    pub store: TestStore,
    router: Router,
}

/// Limits high enough that only the rate-limit tests meet them.
pub fn generous_limits() -> Limits {
    Limits {
        by_ip: RateLimiter::new(10_000, Duration::from_secs(60)),
        by_user: RateLimiter::new(10_000, Duration::from_secs(60)),
        public: RateLimiter::new(10_000, Duration::from_secs(60)),
        email_codes: RateLimiter::new(10_000, Duration::from_secs(60)),
        user_id_checks: RateLimiter::new(10_000, Duration::from_secs(60)),
    }
}

/// The portal's defaults, except that two-step sign-in is optional for every role: the
/// suites about other rules sign in with a password only. `two_step.rs` runs the real
/// policy (`Settings::default()`).
pub fn test_settings() -> Settings {
    Settings {
        two_step: dealer_core::two_step::TwoStepPolicy::optional_for_everyone(),
        ..Settings::default()
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with(db::sqlite().await, generous_limits()).await
    }

    pub async fn with(store: TestStore, limits: Limits) -> TestApp {
        Self::with_hasher(store, limits, Hasher::new(2, 512)).await
    }

    pub async fn with_hasher(store: TestStore, limits: Limits, hasher: Hasher) -> TestApp {
        Self::with_parts(store, limits, hasher, test_settings()).await
    }

    /// A portal with settings of its own (a lockout policy, say), on SQLite.
    pub async fn with_settings(settings: Settings) -> TestApp {
        Self::with_parts(
            db::sqlite().await,
            generous_limits(),
            Hasher::new(2, 512),
            settings,
        )
        .await
    }

    pub async fn with_parts(
        store: TestStore,
        limits: Limits,
        hasher: Hasher,
        settings: Settings,
    ) -> TestApp {
        let clock = ManualClock::new(t0());
        let state = AppState::new(Parts {
            store: store.store.clone(),
            clock: Arc::new(clock.clone()),
            hasher,
            limits,
            settings,
            help_desk: HelpDesk::from_config(&HelpDeskConfig::default()),
        });
        for (pdn, name) in [
            ("01234", "Lakeside Motors"),
            ("56789", "Hilltop Auto Group"),
        ] {
            store
                .create_dealer(
                    &Pdn::parse(pdn).unwrap(),
                    &DealershipName::parse(name).unwrap(),
                    t0(),
                )
                .await
                .unwrap();
        }
        let router = app(state.clone());
        TestApp {
            state,
            clock,
            store,
            router,
        }
    }

    /// An active account with a known password.
    pub async fn account(
        &self,
        user_id: &str,
        role: AccessRole,
        pdn: Option<&str>,
        password: &str,
    ) -> SeededAccount {
        let email = format!("{user_id}@example.com");
        let person = Person {
            user_id,
            first_name: "Pat",
            last_name: "Lee",
            email: &email,
            role,
            pdn,
            job_role: None,
        };
        create_account(
            &self.store,
            self.state.hasher(),
            &person,
            Some(password.to_owned()),
            self.clock.now_utc(),
        )
        .await
        .unwrap()
    }

    pub fn clock_now(&self) -> DateTime<Utc> {
        self.clock.now_utc()
    }

    /// An active account with a known password and name, for tests that search by name.
    pub async fn named_account(
        &self,
        user_id: &str,
        (first_name, last_name): (&str, &str),
        role: AccessRole,
        pdn: Option<&str>,
        password: &str,
    ) -> SeededAccount {
        let email = format!("{user_id}@example.com");
        let person = Person {
            user_id,
            first_name,
            last_name,
            email: &email,
            role,
            pdn,
            job_role: None,
        };
        create_account(
            &self.store,
            self.state.hasher(),
            &person,
            Some(password.to_owned()),
            self.clock.now_utc(),
        )
        .await
        .unwrap()
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let req = match body {
            Some(body) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
            None => req.body(Body::empty()).unwrap(),
        };
        self.raw(req).await
    }

    pub async fn response(&self, req: Request<Body>) -> axum::response::Response {
        self.router.clone().oneshot(req).await.unwrap()
    }

    pub async fn raw(&self, req: Request<Body>) -> (StatusCode, Value) {
        let response = self.response(req).await;
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        (status, json)
    }

    pub async fn sign_in(&self, user_id: &str, password: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            "/api/v1/sessions",
            None,
            Some(serde_json::json!({"user_id": user_id, "password": password})),
        )
        .await
    }

    /// Sign in and return the token, asserting success.
    pub async fn token(&self, user_id: &str, password: &str) -> String {
        let (status, body) = self.sign_in(user_id, password).await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "sign-in of {user_id} failed: {body}"
        );
        body["token"].as_str().unwrap().to_owned()
    }
}

pub trait ClockExt {
    fn now_utc(&self) -> DateTime<Utc>;
}

impl ClockExt for ManualClock {
    fn now_utc(&self) -> DateTime<Utc> {
        dealer_portal::clock::Clock::now(self)
    }
}

/// Helpers for the account and password-reset tests.
impl TestApp {
    /// Replace a user's three questions (slots 1, 2 challenge; 3 secret) with known answers,
    /// normalized and hashed as the portal does.
    pub async fn set_questions(
        &self,
        user_id: &str,
        questions: [(dealer_core::questions::QuestionId, &str); 3],
    ) {
        let user = self.user(user_id).await;
        let mut rows = Vec::new();
        for (slot, (question, answer)) in (1..).zip(questions) {
            let normalized = dealer_core::questions::NormalizedAnswer::parse(answer).unwrap();
            let phc = self
                .state
                .hasher()
                .hash(normalized.expose_secret())
                .await
                .unwrap();
            rows.push((slot, question.key().to_owned(), phc));
        }
        let mut conn = self.store.pool().acquire().await.unwrap();
        dealer_portal::store::users::replace_questions(&mut conn, user.pk, &rows)
            .await
            .unwrap();
    }

    /// A stored user, by user ID.
    pub async fn user(&self, user_id: &str) -> dealer_portal::store::users::User {
        let id = dealer_core::ids::UserId::parse(user_id).unwrap();
        self.store.user_by_id(&id).await.unwrap().unwrap()
    }

    /// Every row of `table` (`SELECT *`), each column as text, one line per row: for
    /// scanning a table for secrets that must never be stored.
    pub async fn dump_table(&self, table: &str) -> String {
        use sqlx::{Column, Row};
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}")))
            .fetch_all(self.store.pool())
            .await
            .unwrap();
        let mut out = String::new();
        for row in rows {
            for (i, column) in row.columns().iter().enumerate() {
                let value = row
                    .try_get::<Option<String>, _>(i)
                    .ok()
                    .flatten()
                    .or_else(|| {
                        row.try_get::<Option<i64>, _>(i)
                            .ok()
                            .flatten()
                            .map(|n| n.to_string())
                    })
                    .unwrap_or_default();
                out.push_str(&format!("{}={value}\t", column.name()));
            }
            out.push('\n');
        }
        out
    }
}
