//! The app's updater against a real portal on loopback, serving a folder the way an
//! operator fills it: an update signed with the key the app trusts is found and its
//! download verifies; a tampered one, one signed with another key, and one whose signature
//! names another version are refused, and nothing is kept to install.

use std::io::Cursor;
use std::net::SocketAddr;
use std::sync::Arc;

use base64::Engine as _;
use dealer_portal::clock::SystemClock;
use dealer_portal::hashing::Hasher;
use dealer_portal::rate_limit::Limits;
use dealer_portal::store::Store;
use dealer_portal::updates::UpdateShelf;
use dealer_portal::{AppState, HelpDesk, Parts, Settings};
use tauri::Manager;
use tauri::test::{MockRuntime, mock_builder, mock_context, noop_assets};

use super::*;

/// A key pair as `tauri signer generate` makes one: the public key as the app carries it.
struct Key {
    pair: minisign::KeyPair,
}

impl Key {
    fn new() -> Key {
        Key {
            pair: minisign::KeyPair::generate_unencrypted_keypair().unwrap(),
        }
    }

    /// Base64 of the public key file, as in `DEALER_UPDATE_PUBKEY`.
    fn public(&self) -> String {
        let text = self.pair.pk.to_box().unwrap().to_string();
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    /// Base64 of the `.sig` file `tauri signer sign --app-version {version}` writes.
    fn sign(&self, bytes: &[u8], version: &str) -> String {
        let trusted = format!("timestamp:1796450000\tfile:update.AppImage\tversion:{version}");
        let signature = minisign::sign(
            Some(&self.pair.pk),
            &self.pair.sk,
            Cursor::new(bytes),
            Some(&trusted),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        base64::engine::general_purpose::STANDARD.encode(signature.to_string())
    }
}

const INSTALLER: &[u8] = b"a new Dealer Access, byte for byte";

/// The portal, serving `dir` as its updates folder on a loopback port.
async fn portal(dir: &std::path::Path) -> url::Url {
    let store = Store::connect("sqlite::memory:").await.unwrap();
    let state = AppState::new(Parts {
        store,
        clock: Arc::new(SystemClock),
        hasher: Hasher::new(2, 512),
        limits: Limits::default(),
        settings: Settings {
            app_updates: Some(UpdateShelf::new(dir.to_owned(), None).unwrap()),
            ..Settings::default()
        },
        help_desk: HelpDesk::from_config(&Default::default()),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            dealer_portal::app(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    url::Url::parse(&format!("http://{addr}/")).unwrap()
}

/// A folder offering `version` for this computer, the installer signed as `signature`.
fn folder(version: &str, installer: &[u8], signature: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let platform = format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH);
    std::fs::write(
        dir.path().join("latest.json"),
        serde_json::json!({
            "version": version,
            "notes": "Lists open faster.",
            "pub_date": "2026-12-01T12:00:00Z",
            "platforms": { platform: { "url": "update.AppImage", "signature": signature } }
        })
        .to_string(),
    )
    .unwrap();
    std::fs::write(dir.path().join("update.AppImage"), installer).unwrap();
    dir
}

/// The app (version 0.1.0, Tauri's mock) with the updater configured as in tauri.conf.json.
fn app() -> tauri::App<MockRuntime> {
    let mut context = mock_context(noop_assets());
    context.config_mut().plugins.0.insert(
        "updater".into(),
        serde_json::json!({ "pubkey": "", "requireSignedVersion": true }),
    );
    let app = mock_builder()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .build(context)
        .unwrap();
    app.manage(Updates::default());
    app
}

#[tokio::test]
async fn an_update_signed_with_the_apps_key_is_found_and_verifies() {
    let key = Key::new();
    let dir = folder("0.2.0", INSTALLER, &key.sign(INSTALLER, "0.2.0"));
    let portal = portal(dir.path()).await;
    let app = app();

    let found = check(app.handle(), &portal, &key.public())
        .await
        .expect("the portal answers");
    let found = found.expect("0.2.0 is newer than the app's 0.1.0");
    assert_eq!(found.version, "0.2.0");
    assert_eq!(found.current_version, "0.1.0");
    assert_eq!(found.notes.as_deref(), Some("Lists open faster."));
    assert_eq!(found.date.as_deref(), Some("2026-12-01T12:00:00Z"));

    let status = app.state::<Updates>().status(None);
    assert_eq!(
        status.available,
        Some(found),
        "the window is shown what was found"
    );
    assert!(status.checked_at.is_some());

    let update = app.state::<Updates>().lock().found.clone().unwrap();
    let bytes = fetch_verified(&update)
        .await
        .expect("signed with the trusted key");
    assert_eq!(
        bytes, INSTALLER,
        "the download is the installer, byte for byte"
    );
}

#[tokio::test]
async fn a_current_app_is_told_nothing() {
    let key = Key::new();
    let dir = folder("0.1.0", INSTALLER, &key.sign(INSTALLER, "0.1.0"));
    let portal = portal(dir.path()).await;
    let app = app();
    assert_eq!(check(app.handle(), &portal, &key.public()).await, Ok(None));
    assert!(!app.state::<Updates>().has_update());
}

#[tokio::test]
async fn a_tampered_download_is_refused_and_nothing_is_kept_to_install() {
    let key = Key::new();
    let tampered = b"a new Dealer Access, byte for bytE";
    let dir = folder("0.2.0", tampered, &key.sign(INSTALLER, "0.2.0"));
    let portal = portal(dir.path()).await;
    let app = app();
    check(app.handle(), &portal, &key.public())
        .await
        .unwrap()
        .expect("the manifest itself looks fine");

    let refused = install(app.handle())
        .await
        .expect_err("its bytes are not what was signed");
    assert!(
        refused.message().contains("did not match its signature"),
        "{}",
        refused.message()
    );
    let status = app.state::<Updates>().status(None);
    assert_eq!(
        status.available, None,
        "a download that did not verify is not offered again"
    );
    assert!(status.problem.unwrap().contains("Nothing was changed"));
}

#[tokio::test]
async fn an_update_signed_with_another_key_or_for_another_version_is_refused() {
    let trusted = Key::new();
    let stranger = Key::new();
    for (why, signature) in [
        (
            "signed with a key the app does not carry",
            stranger.sign(INSTALLER, "0.2.0"),
        ),
        (
            "an older release's genuine signature under a newer version number",
            trusted.sign(INSTALLER, "0.1.5"),
        ),
    ] {
        let dir = folder("0.2.0", INSTALLER, &signature);
        let portal = portal(dir.path()).await;
        let app = app();
        check(app.handle(), &portal, &trusted.public())
            .await
            .unwrap()
            .unwrap();
        let update = app.state::<Updates>().lock().found.clone().unwrap();
        let refused = fetch_verified(&update).await.expect_err(why);
        assert!(
            refused.contains("did not match its signature"),
            "{why}: {refused}"
        );
    }
}

#[tokio::test]
async fn a_portal_that_cannot_be_asked_is_a_problem_to_show_not_an_update() {
    let app = app();
    let nowhere = url::Url::parse("http://127.0.0.1:9/").unwrap();
    let failed = check(app.handle(), &nowhere, &Key::new().public()).await;
    assert!(failed.is_err());
    let status = app.state::<Updates>().status(None);
    assert!(status.problem.is_some() && status.available.is_none());
}

#[test]
fn the_update_address_is_the_portals_own() {
    let url = endpoint(&url::Url::parse("https://access.example.com/").unwrap()).unwrap();
    assert_eq!(
        url.as_str(),
        "https://access.example.com/api/v1/app/updates/%7B%7Btarget%7D%7D/%7B%7Barch%7D%7D/%7B%7Bcurrent_version%7D%7D",
        "the updater fills the placeholders in their escaped form too"
    );
}

#[test]
fn an_administrator_can_turn_self_update_off() {
    let app = app();
    app.manage(crate::policy::Policy {
        app_updates: Some(false),
        ..Default::default()
    });
    assert!(
        off(app.handle()).is_some_and(|why| why.contains("administrator")),
        "AppUpdates 0: no checks at all"
    );
}
