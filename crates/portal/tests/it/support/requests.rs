//! Helpers for the request tests: the two dealerships with their people, forms, and the
//! reviewer's moves.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use dealer_core::access::AccessRole;
use serde_json::{Value, json};

use super::app::{TestApp, generous_limits};
use dealer_testkit::db::TestStore;

pub const PASSWORD: &str = "correct horse battery staple";

/// Lakeside Motors (01234): maria (manager), zed and amy (staff). Hilltop (56789): dana
/// (manager) and bob (staff). Provider people: kim (help desk), sam and rae (reviewers).
pub async fn dealerships(store: TestStore) -> TestApp {
    dealerships_with(store, super::app::test_settings()).await
}

/// [`dealerships`] on a portal with `settings` of its own.
pub async fn dealerships_with(store: TestStore, settings: dealer_portal::Settings) -> TestApp {
    let app = TestApp::with_parts(
        store,
        generous_limits(),
        dealer_portal::hashing::Hasher::new(2, 512),
        settings,
    )
    .await;
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
    /// Register as a person would: prove the form's email with the code mailed to it,
    /// then submit the form with that proof.
    /// (A form whose email or PDN cannot get a code goes without a proof.)
    pub async fn register(&self, body: Value) -> (StatusCode, Value) {
        let email = body["email"].as_str().unwrap_or_default().to_owned();
        let pdn = body["pdn"].as_str().unwrap_or_default().to_owned();
        let (status, sent) = self.send_email_code(&pdn, &email).await;
        let proof = if status == StatusCode::ACCEPTED {
            Some(self.confirm_sent(&email, &sent).await)
        } else {
            None
        };
        self.register_with(proof.as_deref(), body).await
    }

    /// Submit a registration form with `proof` as its `X-Email-Proof` (or none).
    pub async fn register_with(&self, proof: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.with_proof(Method::POST, "/api/v1/registrations", proof, body)
            .await
    }

    /// A request with `proof` as its `X-Email-Proof` header.
    pub async fn with_proof(
        &self,
        method: Method,
        path: &str,
        proof: Option<&str>,
        body: Value,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(proof) = proof {
            req = req.header("x-email-proof", proof);
        }
        self.raw(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Ask for a registration code for `email` at `pdn` (this portal sends mail): the
    /// answer, whose `token` names the code.
    pub async fn send_email_code(&self, pdn: &str, email: &str) -> (StatusCode, Value) {
        self.state.set_mail_ready(true);
        self.call(
            Method::POST,
            "/api/v1/registrations/email-codes",
            None,
            Some(json!({"pdn": pdn, "email": email})),
        )
        .await
    }

    /// The code in the latest registration-code mail to `email`, as the person reads it.
    pub async fn mailed_email_code(&self, email: &str) -> String {
        let mails = self.store.outbox_to(email).await.unwrap();
        let mail = mails
            .iter()
            .rev()
            .find(|m| m.kind == "registration_code")
            .unwrap_or_else(|| panic!("no registration code mailed to {email}"));
        mail.body
            .lines()
            .map(str::trim)
            .find(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or_else(|| panic!("no code in {}", mail.body))
            .to_owned()
    }

    /// Try `code` for the code named by `token`.
    pub async fn confirm_email_code(&self, token: &str, code: &str) -> (StatusCode, Value) {
        self.with_proof(
            Method::POST,
            "/api/v1/registrations/email-codes/confirm",
            Some(token),
            json!({"code": code}),
        )
        .await
    }

    /// A proof of `email` at `pdn`, made the way a registrant makes one.
    pub async fn prove_email(&self, pdn: &str, email: &str) -> String {
        let (status, sent) = self.send_email_code(pdn, email).await;
        assert_eq!(status, StatusCode::ACCEPTED, "a code is mailed: {sent}");
        self.confirm_sent(email, &sent).await
    }

    /// Confirm the code `sent` (the answer to asking for it) with the mailed code: the proof.
    pub async fn confirm_sent(&self, email: &str, sent: &Value) -> String {
        let token = sent["token"].as_str().unwrap().to_owned();
        let code = self.mailed_email_code(email).await;
        let (status, body) = self.confirm_email_code(&token, &code).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the mailed code proves the email: {body}"
        );
        token
    }

    /// Check whether `user_id` is free, with `proof`.
    pub async fn check_user_id(&self, proof: Option<&str>, user_id: &str) -> (StatusCode, Value) {
        self.with_proof(
            Method::POST,
            "/api/v1/registrations/user-ids/check",
            proof,
            json!({"user_id": user_id, "first_name": "Jo", "last_name": "Rivera"}),
        )
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
