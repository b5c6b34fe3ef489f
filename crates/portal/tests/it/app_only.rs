//! The built-in portal answers only its app (DESIGN.md, Security): over a real loopback
//! socket, another local process without the app's key, or a web page reaching it by DNS
//! rebinding (another `Host`), gets 401 before any route, and spends nothing.

use std::net::SocketAddr;

use crate::support::app::TestApp;
use dealer_api::ErrorCode;
use dealer_core::access::AccessRole;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";
const KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// The portal behind the guard, served on 127.0.0.1: its address.
async fn serve(app: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = dealer_portal::app_only::guard(dealer_portal::app(app.state.clone()), KEY, addr);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

/// A sign-in as another process would send it: `headers` are all it adds.
async fn sign_in(addr: SocketAddr, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("http://{addr}/api/v1/sessions"))
        .json(&json!({ "user_id": "pat", "password": "a wrong password to count" }));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_app_with_its_key_and_the_loopback_host_is_answered() {
    let app = TestApp::new().await;
    app.account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    let audit_before = app.store.audit_log(None, None, 500).await.unwrap().len();
    let addr = serve(&app).await;
    let host = addr.to_string();
    let rebound = format!("attacker.example:{}", addr.port());
    let refused = [
        ("no key", vec![]),
        ("a wrong key", vec![("x-dealer-app-key", "f".repeat(64))]),
        (
            "a prefix of the key",
            vec![("x-dealer-app-key", KEY[..32].to_owned())],
        ),
        (
            "the key from a rebound name",
            vec![("x-dealer-app-key", KEY.to_owned()), ("host", rebound)],
        ),
    ];
    for (what, headers) in &refused {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        for _ in 0..6 {
            let (status, body) = sign_in(addr, &headers).await;
            assert_eq!(
                (status, body["code"].as_str()),
                (401, Some(ErrorCode::Unauthenticated.as_str())),
                "{what}: refused before any route"
            );
        }
    }
    let pat = app.user("pat").await;
    assert_eq!(pat.failed_attempts, 0, "nothing counted toward pat's lock");
    assert!(
        !pat.is_locked(),
        "another process cannot lock a local account"
    );
    assert_eq!(
        app.store.audit_log(None, None, 500).await.unwrap().len(),
        audit_before,
        "refused requests never reach the portal"
    );
    let health = reqwest::get(format!("http://{host}/api/v1/health"))
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 401, "not even health");

    // The app's own client, with the key: everything works.
    let client = dealer_client::Client::embedded(&format!("http://{host}"), KEY).unwrap();
    client.health().await.unwrap();
    let signed_in = client.sign_in("pat", PASSWORD).await.unwrap();
    assert_eq!(signed_in.user.user_id, "pat");
}
