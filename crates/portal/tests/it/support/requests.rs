//! Helpers for the request tests: the two dealerships with their people, forms, and the
//! reviewer's moves.

use axum::http::{Method, StatusCode};
use dealer_core::access::AccessRole;
use serde_json::{Value, json};

use super::app::{TestApp, generous_limits};
use super::db::TestStore;

pub const PASSWORD: &str = "correct horse battery staple";

/// Lakeside Motors (01234): maria (manager), zed and amy (staff). Hilltop (56789): dana
/// (manager) and bob (staff). Provider people: kim (help desk), sam and rae (reviewers).
pub async fn dealerships(store: TestStore) -> TestApp {
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
        ("rae", ("Rae", "Kim"), AccessRole::Reviewer, None),
    ] {
        app.named_account(id, name, role, pdn, PASSWORD).await;
    }
    app
}

/// A complete "Not registered?" form for Lakeside Motors.
pub fn registration(user_id: &str) -> Value {
    json!({
        "pdn": "01234",
        "first_name": "Jo",
        "last_name": "Rivera",
        "email": format!("{user_id}@lakeside.example"),
        "business_phone": "(555) 234-5678",
        "role": "salesperson",
        "user_id": user_id,
        "password": "velvet trombone orbit picnic",
        "challenge": [
            {"question": "first_car_model", "answer": "Honda Civic"},
            {"question": "first_pet_name", "answer": "Biscuit"}
        ],
        "secret": {"question": "elementary_school", "answer": "Maple Grove"},
        "applications": ["smartcash"]
    })
}

/// A new-user form of the office manager.
pub fn new_user(user_id: &str, applications: &[&str]) -> Value {
    json!({
        "kind": "new_user",
        "first_name": "Lee",
        "last_name": "Park",
        "email": format!("{user_id}@lakeside.example"),
        "business_phone": "(555) 234-9999",
        "role": "title_clerk",
        "user_id": user_id,
        "applications": applications,
    })
}

impl TestApp {
    pub async fn register(&self, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, "/api/v1/registrations", None, Some(body))
            .await
    }

    /// File a request as `token`'s manager, asserting `201`; the request id.
    pub async fn file(&self, token: &str, form: Value) -> i64 {
        let (status, body) = self
            .call(Method::POST, "/api/v1/requests", Some(token), Some(form))
            .await;
        assert_eq!(status, StatusCode::CREATED, "filing failed: {body}");
        body["request"]["id"].as_i64().unwrap()
    }

    pub async fn decide(
        &self,
        token: &str,
        id: i64,
        action: &str,
        note: Option<&str>,
    ) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            &format!("/api/v1/requests/{id}/decision"),
            Some(token),
            Some(json!({"action": action, "note": note})),
        )
        .await
    }

    /// Take into review, approve and (unless `complete` is false) complete, asserting
    /// each step.
    pub async fn approve(&self, reviewer: &str, id: i64, complete: bool) {
        let mut steps = vec!["start_review", "approve"];
        if complete {
            steps.push("complete");
        }
        for action in steps {
            let (status, body) = self.decide(reviewer, id, action, None).await;
            assert_eq!(status, StatusCode::OK, "{action} failed: {body}");
        }
    }

    pub async fn request_detail(&self, token: &str, id: i64) -> (StatusCode, Value) {
        self.call(
            Method::GET,
            &format!("/api/v1/requests/{id}"),
            Some(token),
            None,
        )
        .await
    }

    /// The mail kinds queued for `to`, oldest first.
    pub async fn mail_kinds(&self, to: &str) -> Vec<String> {
        self.store
            .outbox_to(to)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.kind)
            .collect()
    }
}
