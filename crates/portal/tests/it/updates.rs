//! App updates handed out by the portal: `GET /api/v1/app/updates/{target}/{arch}/{version}`
//! answers 204 when the app is current and Tauri's update form when it is not, and only the
//! installers `latest.json` names are downloadable, whatever the path says.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use dealer_portal::Settings;
use dealer_portal::rate_limit::RateLimiter;
use dealer_portal::updates::UpdateShelf;
use http_body_util::BodyExt;

use crate::support::app::{TestApp, generous_limits, test_settings};
use crate::support::process::{free_port, start_configured};
use dealer_testkit::db;

const INSTALLER: &str = "Dealer Access_1.3.0_x64-setup.exe";
const SIGNATURE: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IHRlc3Qgc2lnbmF0dXJl";

/// A folder as an operator fills it: latest.json offering 1.3.0 for Windows, the installer,
/// its .sig, and a file that must never be served.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latest.json"),
        format!(
            r#"{{"version": "1.3.0", "notes": "Lists open faster.", "pub_date": "2026-12-01T12:00:00Z",
               "platforms": {{"windows-x86_64": {{"url": "{INSTALLER}"}}}}}}"#
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join(INSTALLER), installer_bytes()).unwrap();
    std::fs::write(dir.path().join(format!("{INSTALLER}.sig")), SIGNATURE).unwrap();
    std::fs::write(dir.path().join("update-signing.key"), "PRIVATE KEY").unwrap();
    dir
}

/// Bigger than one read buffer, so the download is streamed in pieces.
fn installer_bytes() -> Vec<u8> {
    (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect()
}

async fn portal_with(dir: &std::path::Path, public_url: Option<&str>) -> TestApp {
    TestApp::with_settings(Settings {
        app_updates: Some(
            UpdateShelf::new(dir.to_owned(), public_url.map(|u| u.parse().unwrap())).unwrap(),
        ),
        ..test_settings()
    })
    .await
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app
        .response(
            Request::builder()
                .method(Method::GET)
                .uri(path)
                .header(header::HOST, "access.example.com")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, body.to_vec())
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(body)))
}

#[tokio::test]
async fn an_older_app_gets_the_manifest_and_a_current_one_hears_nothing() {
    let dir = folder();
    let app = portal_with(dir.path(), None).await;

    let (status, _, body) = get(&app, "/api/v1/app/updates/windows/x86_64/1.2.0").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "1.2.0 is older than the 1.3.0 on offer"
    );
    let update = json(&body);
    assert_eq!(update["version"], "1.3.0");
    assert_eq!(update["notes"], "Lists open faster.");
    assert_eq!(update["signature"], SIGNATURE);
    assert_eq!(
        update["url"],
        "https://access.example.com/api/v1/app/updates/files/Dealer%20Access_1.3.0_x64-setup.exe",
        "without DEALER_PUBLIC_URL the download is on the host the app asked, over https off loopback"
    );

    for current in ["1.3.0", "1.4.2"] {
        let (status, _, body) = get(
            &app,
            &format!("/api/v1/app/updates/windows/x86_64/{current}"),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{current} is current: nothing to install"
        );
        assert!(body.is_empty());
    }
    let (status, _, _) = get(&app, "/api/v1/app/updates/darwin/aarch64/1.0.0").await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "nothing on offer for a Mac: nothing to install"
    );
}

#[tokio::test]
async fn a_portal_without_an_updates_folder_offers_nothing() {
    let app = TestApp::new().await;
    let (status, _, _) = get(&app, "/api/v1/app/updates/windows/x86_64/0.1.0").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, body) = get(
        &app,
        "/api/v1/app/updates/files/Dealer%20Access_1.3.0_x64-setup.exe",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json(&body)["code"], "not_found");
}

#[tokio::test]
async fn unknown_platforms_bad_versions_and_path_tricks_are_refused() {
    let dir = folder();
    let app = portal_with(dir.path(), Some("https://access.example.com")).await;
    for path in [
        "/api/v1/app/updates/beos/x86_64/1.0.0",
        "/api/v1/app/updates/windows/sparc/1.0.0",
        "/api/v1/app/updates/..%2F..%2Fetc/x86_64/1.0.0",
    ] {
        let (status, _, body) = get(&app, path).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{path}: no app is built for it"
        );
        assert_eq!(json(&body)["code"], "not_found");
    }
    for version in ["latest", "1.2", "..%2F1.0.0"] {
        let (status, _, body) = get(
            &app,
            &format!("/api/v1/app/updates/windows/x86_64/{version}"),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{version} is not a version"
        );
        assert_eq!(json(&body)["code"], "bad_request");
    }
    for name in [
        "update-signing.key",
        "latest.json",
        "Dealer%20Access_1.3.0_x64-setup.exe.sig",
        "..%2Fupdate-signing.key",
        "%2Fetc%2Fpasswd",
        ".",
    ] {
        let (status, _, body) = get(&app, &format!("/api/v1/app/updates/files/{name}")).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{name}: only installers latest.json names are served, never another file of the folder"
        );
        assert!(!String::from_utf8_lossy(&body).contains("PRIVATE"));
    }
}

#[tokio::test]
async fn the_installer_is_served_whole_as_a_download() {
    let dir = folder();
    let app = portal_with(dir.path(), None).await;
    let (status, headers, body) = get(
        &app,
        "/api/v1/app/updates/files/Dealer%20Access_1.3.0_x64-setup.exe",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/octet-stream");
    assert_eq!(
        headers[header::CONTENT_LENGTH],
        installer_bytes().len().to_string().as_str(),
        "the updater shows progress from the length"
    );
    assert_eq!(body, installer_bytes(), "every byte, in order");
}

#[tokio::test]
async fn a_broken_folder_is_unavailable_and_says_nothing_of_the_server() {
    let dir = folder();
    std::fs::remove_file(dir.path().join(INSTALLER)).unwrap();
    let app = portal_with(dir.path(), None).await;
    let (status, _, body) = get(&app, "/api/v1/app/updates/windows/x86_64/1.0.0").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let error = json(&body);
    assert_eq!(error["code"], "updates_unavailable");
    let text = error.to_string();
    assert!(
        !text.contains(&dir.path().display().to_string()) && !text.contains(INSTALLER),
        "the operator's folder is for the log, not for whoever asks: {text}"
    );

    std::fs::write(dir.path().join("latest.json"), "{ not json").unwrap();
    let (status, _, _) = get(&app, "/api/v1/app/updates/windows/x86_64/1.0.0").await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "a half-written latest.json offers nothing"
    );
}

#[tokio::test]
async fn update_questions_spend_the_public_budget_of_the_address() {
    let dir = folder();
    let mut limits = generous_limits();
    limits.public = RateLimiter::new(2, Duration::from_secs(60));
    let app = TestApp::with_parts(
        db::sqlite().await,
        limits,
        dealer_portal::hashing::Hasher::new(2, 512),
        Settings {
            app_updates: Some(UpdateShelf::new(dir.path().to_owned(), None).unwrap()),
            ..test_settings()
        },
    )
    .await;
    for _ in 0..2 {
        let (status, _, _) = get(&app, "/api/v1/app/updates/windows/x86_64/1.3.0").await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }
    let (status, headers, _) = get(&app, "/api/v1/app/updates/windows/x86_64/1.3.0").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the public budget is spent"
    );
    assert!(headers.contains_key(header::RETRY_AFTER));
}

/// The real binary with `DEALER_APP_UPDATES_DIR` and `DEALER_PUBLIC_URL`: the manifest's
/// address is the public one, and the installer comes down over TCP byte for byte.
#[tokio::test]
async fn the_portal_binary_serves_the_folder_it_is_given() {
    let dir = folder();
    let db_dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", db_dir.path().join("p.sqlite").display());
    let port = free_port();
    let _portal = start_configured(
        &url,
        port,
        &[
            ("DEALER_APP_UPDATES_DIR", dir.path().display().to_string()),
            ("DEALER_PUBLIC_URL", format!("http://127.0.0.1:{port}")),
        ],
    )
    .await;
    let base = format!("http://127.0.0.1:{port}/api/v1/app/updates");
    let http = reqwest::Client::new();
    let mut answer = None;
    for _ in 0..50 {
        // The port opens a moment before the router answers.
        if let Ok(r) = http
            .get(format!("{base}/windows/x86_64/1.0.0"))
            .send()
            .await
        {
            answer = Some(r);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let answer = answer.expect("the portal answers");
    assert_eq!(answer.status(), reqwest::StatusCode::OK);
    let update: serde_json::Value = answer.json().await.unwrap();
    let download = update["url"].as_str().unwrap().to_owned();
    assert_eq!(
        download,
        format!("{base}/files/Dealer%20Access_1.3.0_x64-setup.exe"),
        "DEALER_PUBLIC_URL starts the download address"
    );
    let bytes = http
        .get(&download)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.to_vec(), installer_bytes());
}
