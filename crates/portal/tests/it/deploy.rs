//! The portal as an operator deploys it (docs/operating.md): serving HTTPS itself with a
//! certificate renewed on SIGHUP, or behind nginx with the shipped site file
//! (`deploy/nginx/dealer-portal.conf`), where the client's address comes from the proxy
//! and nobody else. The app's client trusts what the operating system trusts: a private
//! CA works once the system trusts it, and until then the error says so.

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use dealer_api::paths;
use dealer_client::{Client, ClientError};
use dealer_portal::rate_limit::SIGN_IN_PER_IP;
use reqwest::StatusCode;

use crate::support::process::{
    free_port, password, refused_start, release_bin, seed, start_binary, start_configured,
};
use crate::support::tls::{TestCa, bundle, child_context, run_trusting};

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite:{}", dir.join("portal.sqlite").display())
}

#[tokio::test]
async fn unsafe_or_broken_configurations_are_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    fn public(extra: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
        let mut vars = vec![("DEALER_PORTAL_ADDR", format!("0.0.0.0:{}", free_port()))];
        vars.extend_from_slice(extra);
        vars
    }

    let err = refused_start(&url, &public(&[]));
    assert!(
        err.contains("refusing to serve plain HTTP") && err.contains("DEALER_TRUSTED_PROXIES"),
        "plain HTTP on the network would carry passwords in clear; the error says what to set: {err}"
    );
    let err = refused_start(
        &url,
        &public(&[("DEALER_TRUSTED_PROXIES", "10.0.0.0/8, 10.0.0/33".into())]),
    );
    assert!(
        err.contains("\"10.0.0/33\""),
        "a malformed proxy list names the entry: {err}"
    );
    let missing = dir.path().join("missing.pem");
    let err = refused_start(
        &url,
        &public(&[
            ("DEALER_TLS_CERT", missing.display().to_string()),
            ("DEALER_TLS_KEY", missing.display().to_string()),
        ]),
    );
    assert!(
        err.contains("missing.pem"),
        "an unreadable certificate names the file: {err}"
    );
    let err = refused_start(
        &url,
        &public(&[("DEALER_TLS_CERT", missing.display().to_string())]),
    );
    assert!(
        err.contains("tls-key"),
        "a certificate without its key is refused before anything starts: {err}"
    );
}

/// `kill -HUP <pid>`.
fn hang_up(pid: u32) {
    let status = Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// A client that trusts the system store (in the child: the private CAs) and reports the
/// certificate each answer came with.
fn inspecting_client(local: Option<IpAddr>) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_info(true)
        .local_address(local)
        .build()
        .unwrap()
}

async fn served_certificate(client: &reqwest::Client, base: &str) -> Vec<u8> {
    let answer = client
        .get(format!("{base}/api/v1{}", paths::HEALTH))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    answer
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|info| info.peer_certificate())
        .expect("an HTTPS answer carries its certificate")
        .to_vec()
}

const NATIVE: &str = "deploy::the_portal_serves_https_and_takes_a_renewed_certificate_on_hangup";

#[tokio::test]
async fn the_portal_serves_https_and_takes_a_renewed_certificate_on_hangup() {
    if let Some(var) = child_context(NATIVE) {
        return trusting_part_of_native_https(var).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let (first_ca, renewal_ca) = (TestCa::new("Provider CA"), TestCa::new("Renewal CA"));
    let live = first_ca.issue(dir.path(), "live");
    let renewal = renewal_ca.issue(dir.path(), "renewal");
    let url = sqlite_url(dir.path());
    let accounts = seed(&url);
    let port = free_port();
    let portal = start_configured(
        &url,
        port,
        &[
            ("DEALER_TLS_CERT", live.cert.display().to_string()),
            ("DEALER_TLS_KEY", live.key.display().to_string()),
        ],
    )
    .await;

    // This process trusts only the real system store: the provider's CA is unknown here.
    let stranger = Client::new(&format!("https://localhost:{port}")).unwrap();
    let err = stranger.health().await.unwrap_err();
    assert!(
        matches!(err, ClientError::UntrustedCertificate(..)),
        "an unknown authority is a trust problem, not an unreachable portal: {err:?}"
    );
    assert!(
        err.to_string().contains("does not trust") && err.to_string().contains("Do not sign in"),
        "the person is told what is wrong and what not to do: {err}"
    );

    run_trusting(
        NATIVE,
        &bundle(dir.path(), &[&first_ca, &renewal_ca]),
        &[
            ("PORT", port.to_string()),
            ("PID", portal.child.id().to_string()),
            ("PASSWORD", password(&accounts, "mgarcia").to_owned()),
            ("LIVE_CERT", live.cert.display().to_string()),
            ("LIVE_KEY", live.key.display().to_string()),
            ("FIRST_DER", hex::encode(&live.der)),
            ("RENEWAL_CERT", renewal.cert.display().to_string()),
            ("RENEWAL_KEY", renewal.key.display().to_string()),
            ("RENEWAL_DER", hex::encode(&renewal.der)),
        ],
    );
}

async fn trusting_part_of_native_https(var: impl Fn(&str) -> String) {
    let base = format!("https://localhost:{}", var("PORT"));
    let client = Client::new(&base).unwrap();
    let signed = client
        .sign_in("mgarcia", &var("PASSWORD"))
        .await
        .expect("once the system trusts the provider's CA, the app's client signs in");
    assert!(!signed.token.is_empty());

    let kept = inspecting_client(None);
    let first_der = hex::decode(var("FIRST_DER")).unwrap();
    assert_eq!(served_certificate(&kept, &base).await, first_der);

    // The renewal lands where the operator's script puts it; then SIGHUP.
    std::fs::copy(var("RENEWAL_CERT"), var("LIVE_CERT")).unwrap();
    std::fs::copy(var("RENEWAL_KEY"), var("LIVE_KEY")).unwrap();
    let pid: u32 = var("PID").parse().unwrap();
    hang_up(pid);
    let renewal_der = hex::decode(var("RENEWAL_DER")).unwrap();
    let mut served = Vec::new();
    for _ in 0..50 {
        served = served_certificate(&inspecting_client(None), &base).await;
        if served == renewal_der {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        served, renewal_der,
        "new connections get the renewed certificate"
    );
    assert_eq!(
        served_certificate(&kept, &base).await,
        first_der,
        "the open connection carries on: a renewal drops nobody"
    );

    // A broken renewal (half-written file) keeps the working certificate in service.
    std::fs::write(var("LIVE_CERT"), "-----BEGIN CERTIFICATE-----\ntruncated").unwrap();
    hang_up(pid);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        served_certificate(&inspecting_client(None), &base).await,
        renewal_der,
        "a certificate that does not load never takes the portal down"
    );
}

/// nginx from a throwaway prefix, serving the shipped site file; stopped when dropped.
struct Nginx {
    child: Child,
    dir: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx_binary() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("nginx is installed (cargo xtask test installs Debian's nginx)")
}

/// Replaces `from` in the shipped site file, which must contain it: if the file changes
/// shape, this test says so instead of testing something else.
fn edit(site: String, from: &str, to: &str) -> String {
    assert!(
        site.contains(from),
        "deploy/nginx/dealer-portal.conf no longer contains {from:?}"
    );
    site.replace(from, to)
}

/// The shipped site file on loopback ports, with the test's certificate, one replica at
/// `upstream`, and nginx reaching it from `bind` (the address the portal trusts).
fn start_nginx(dir: &Path, cert: &Path, key: &Path, upstream: u16, bind: Ipv4Addr) -> (Nginx, u16) {
    let shipped =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx/dealer-portal.conf");
    let site = std::fs::read_to_string(shipped).unwrap();
    let (http, https) = (free_port(), free_port());
    let site: String = site
        .lines()
        .filter(|line| !line.contains("127.0.0.1:8788") && !line.contains("listen [::]"))
        .map(|line| format!("{line}\n"))
        .collect();
    let site = edit(site, "127.0.0.1:8787", &format!("127.0.0.1:{upstream}"));
    let site = edit(site, "listen 80;", &format!("listen 127.0.0.1:{http};"));
    let site = edit(
        site,
        "listen 443 ssl",
        &format!("listen 127.0.0.1:{https} ssl"),
    );
    let site = edit(
        site,
        "/etc/dealer-access/tls/fullchain.pem",
        &cert.display().to_string(),
    );
    let site = edit(
        site,
        "/etc/dealer-access/tls/privkey.pem",
        &key.display().to_string(),
    );
    let site = edit(
        site,
        "proxy_pass http://dealer_portal;",
        &format!("proxy_bind {bind};\n        proxy_pass http://dealer_portal;"),
    );
    let prefix = dir.join("nginx");
    std::fs::create_dir_all(&prefix).unwrap();
    std::fs::write(prefix.join("site.conf"), site).unwrap();
    let p = prefix.display();
    let main = format!(
        "user root;\nworker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log {p}/access.log;\n  client_body_temp_path {p}/body;\n\
         proxy_temp_path {p}/proxy;\n  fastcgi_temp_path {p}/fastcgi;\n  uwsgi_temp_path {p}/uwsgi;\n\
         scgi_temp_path {p}/scgi;\n  include {p}/site.conf;\n}}\n"
    );
    std::fs::write(prefix.join("nginx.conf"), main).unwrap();
    let child = Command::new(nginx_binary())
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(prefix.join("nginx.conf"))
        .args(["-g", "daemon off;"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts");
    let nginx = Nginx { child, dir: prefix };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", https)).is_ok() {
            return (nginx, https);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(nginx.dir.join("error.log")).unwrap_or_default();
    panic!("nginx did not start with the shipped site file:\n{log}");
}

const PROXIED: &str = "deploy::behind_nginx_the_client_address_comes_from_the_proxy_alone";

/// nginx reaches the portal from 127.0.0.2, the one trusted proxy; the test's clients
/// connect to nginx from 127.0.0.3 and 127.0.0.4, two dealerships' addresses.
const PROXY_ADDR: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
const FIRST_SITE: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 3);
const SECOND_SITE: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 4);

#[tokio::test]
#[ignore = "needs nginx: cargo xtask test installs it and runs the ignored tests"]
async fn behind_nginx_the_client_address_comes_from_the_proxy_alone() {
    if let Some(var) = child_context(PROXIED) {
        return trusting_part_behind_nginx(var).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Provider CA");
    let issued = ca.issue(dir.path(), "edge");
    let url = sqlite_url(dir.path());
    let accounts = seed(&url);
    let upstream = free_port();
    // The release build, as an operator runs it behind their proxy.
    let _portal = start_binary(
        &release_bin(),
        &url,
        upstream,
        &[("DEALER_TRUSTED_PROXIES", PROXY_ADDR.to_string())],
    )
    .await;
    let (_nginx, https) = start_nginx(dir.path(), &issued.cert, &issued.key, upstream, PROXY_ADDR);
    run_trusting(
        PROXIED,
        &bundle(dir.path(), &[&ca]),
        &[
            ("HTTPS", https.to_string()),
            ("UPSTREAM", upstream.to_string()),
            ("DB", url.clone()),
            ("PASSWORD", password(&accounts, "mgarcia").to_owned()),
        ],
    );
}

/// A failed sign-in as `user_id`, sent from `local` with a forged `X-Forwarded-For`.
async fn failed_sign_in(client: &reqwest::Client, base: &str, user_id: &str) -> StatusCode {
    client
        .post(format!("{base}/api/v1{}", paths::SESSIONS))
        .header("x-forwarded-for", "198.51.100.77")
        .json(&serde_json::json!({ "user_id": user_id, "password": "not the password at all" }))
        .send()
        .await
        .unwrap()
        .status()
}

async fn trusting_part_behind_nginx(var: impl Fn(&str) -> String) {
    let edge = format!("https://localhost:{}", var("HTTPS"));
    let signed = Client::new(&edge)
        .unwrap()
        .sign_in("mgarcia", &var("PASSWORD"))
        .await
        .expect("the app's client signs in over HTTPS through the proxy");
    assert!(!signed.token.is_empty());

    let first_site = inspecting_client(Some(IpAddr::V4(FIRST_SITE)));
    let metrics = first_site
        .get(format!("{edge}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        metrics.status(),
        StatusCode::NOT_FOUND,
        "the proxy never publishes the portal's metrics"
    );
    let mut statuses = Vec::new();
    for n in 0..40 {
        statuses.push(failed_sign_in(&first_site, &edge, &format!("nobody{n}")).await);
    }
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        limited >= 40 - SIGN_IN_PER_IP as usize,
        "40 sign-ins from one dealership's address in seconds meet its limit: {statuses:?}"
    );
    let second_site = inspecting_client(Some(IpAddr::V4(SECOND_SITE)));
    assert_eq!(
        failed_sign_in(&second_site, &edge, "nobody-else").await,
        StatusCode::UNAUTHORIZED,
        "another dealership behind the same proxy has its own limit"
    );

    // Straight to the portal from an address that is not the proxy: the forged header is
    // ignored, and the limit counts the real peer.
    let direct = format!("http://127.0.0.1:{}", var("UPSTREAM"));
    let stranger = inspecting_client(Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    assert_eq!(
        failed_sign_in(&stranger, &direct, "nobody-direct").await,
        StatusCode::UNAUTHORIZED
    );

    let store = dealer_portal::store::Store::connect_unmigrated(&var("DB"))
        .await
        .unwrap();
    let addrs: Vec<Option<String>> =
        sqlx::query_scalar("SELECT client_addr FROM audit_log WHERE event = 'sign_in'")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let has = |addr: &str| addrs.iter().any(|a| a.as_deref() == Some(addr));
    assert!(
        has("127.0.0.3") && has("127.0.0.4"),
        "the audit log records each dealership's own address: {addrs:?}"
    );
    assert!(
        has("127.0.0.1"),
        "a direct caller is recorded by its real address: {addrs:?}"
    );
    assert!(
        !has("198.51.100.77") && !has(&PROXY_ADDR.to_string()),
        "neither a forged header nor the proxy's own address reaches the audit log: {addrs:?}"
    );
}

fn backup(database_url: &str, to: &Path) -> std::process::Output {
    Command::new(crate::support::process::BIN)
        .args(["backup", "--to"])
        .arg(to)
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_to_a_working_portal() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let accounts = seed(&url);
    let portal = start_configured(&url, free_port(), &[]).await;
    let before = portal
        .client
        .sign_in("mgarcia", password(&accounts, "mgarcia"))
        .await
        .unwrap();

    let copy = dir.path().join("backup.sqlite");
    // The portal keeps writing (sessions, audit rows) while the copy is taken.
    let writer = {
        let client = portal.client.clone();
        let pass = password(&accounts, "mgarcia").to_owned();
        tokio::spawn(async move {
            for _ in 0..4 {
                let s = client.sign_in("mgarcia", &pass).await?;
                client.sign_out(&s.token).await?;
            }
            Ok::<_, dealer_client::ClientError>(())
        })
    };
    let out = {
        let (url, copy) = (url.clone(), copy.clone());
        tokio::task::spawn_blocking(move || backup(&url, &copy))
            .await
            .unwrap()
    };
    writer
        .await
        .unwrap()
        .expect("sign-ins and sign-outs go on while the backup runs");
    assert!(
        out.status.success(),
        "backup while the portal serves: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("checked"));
    let again = backup(&url, &copy);
    assert!(
        !again.status.success()
            && String::from_utf8_lossy(&again.stderr).contains("exists already"),
        "a backup never overwrites a file (yesterday's copy is not lost to a typo)"
    );
    drop(portal);

    // Restore: the copy in place of the database, then start.
    let restored_dir = tempfile::tempdir().unwrap();
    std::fs::copy(&copy, restored_dir.path().join("portal.sqlite")).unwrap();
    let restored = start_configured(&sqlite_url(restored_dir.path()), free_port(), &[]).await;
    let after = restored
        .client
        .sign_in("mgarcia", password(&accounts, "mgarcia"))
        .await
        .expect("the restored portal knows its people and their passwords");
    let me = restored.client.me(&after.token).await.unwrap();
    assert_eq!(me.user_id, "mgarcia");
    assert!(
        restored.client.me(&before.token).await.is_ok(),
        "sessions open at the time of the backup are in it too"
    );
}

fn run_tool(program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (PostgreSQL's client tools): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test starts one and runs the ignored tests"]
async fn postgres_backed_up_with_pg_dump_restores_to_a_working_portal() {
    use dealer_testkit::db::{postgres_schema_url, postgres_url};
    let url = postgres_schema_url().await;
    let accounts = seed(&url);
    let portal = start_configured(&url, free_port(), &[]).await;
    portal
        .client
        .sign_in("mgarcia", password(&accounts, "mgarcia"))
        .await
        .unwrap();
    let refused = backup(&url, &std::env::temp_dir().join("never-written.sqlite"));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("pg_dump"),
        "dealer-portal backup points a PostgreSQL operator to pg_dump"
    );

    // What docs/operating.md tells the operator: pg_dump in custom format, pg_restore
    // into an empty database.
    let server = postgres_url();
    let schema = url
        .rsplit("search_path%3D")
        .next()
        .expect("the test URL names its schema")
        .to_owned();
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("portal.dump");
    let dump_arg = dump.display().to_string();
    run_tool(
        "pg_dump",
        &[
            "--dbname",
            &server,
            "--schema",
            &schema,
            "--format=custom",
            // The tables have row-level security (migration 0007): pg_dump must read
            // through it, and with no dealership set the provider policy shows every row.
            "--enable-row-security",
            "--file",
            &dump_arg,
        ],
    );
    drop(portal);

    let database = format!("restore_{}", hex::encode(rand::random::<[u8; 6]>()));
    let admin = dealer_portal::store::Store::connect_unmigrated(&server)
        .await
        .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}")))
        .execute(admin.pool())
        .await
        .expect("the test role may create databases");
    let mut target = url::Url::parse(&server).unwrap();
    target.set_path(&format!("/{database}"));
    target.set_query(None);
    run_tool(
        "pg_restore",
        &["--dbname", target.as_str(), "--no-owner", &dump_arg],
    );
    let restored_url = format!("{target}?options=-c%20search_path%3D{schema}");
    let restored = start_configured(&restored_url, free_port(), &[]).await;
    let signed = restored
        .client
        .sign_in("mgarcia", password(&accounts, "mgarcia"))
        .await
        .expect("the restored portal knows its people and their passwords");
    assert_eq!(
        restored.client.me(&signed.token).await.unwrap().user_id,
        "mgarcia"
    );
    drop(restored);
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {database} WITH (FORCE)"
    )))
    .execute(admin.pool())
    .await
    .unwrap();
    admin.close().await;
}

#[test]
#[ignore = "needs systemd-analyze (Debian's systemd package); cargo xtask test runs the ignored tests"]
fn the_systemd_unit_verifies_and_exposes_almost_nothing() {
    let shipped =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/systemd/dealer-portal@.service");
    let unit = std::fs::read_to_string(shipped).unwrap();
    let unit = edit(
        unit,
        "ExecStart=/usr/local/bin/dealer-portal serve",
        &format!("ExecStart={} serve", crate::support::process::BIN),
    );
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("dealer-portal@.service");
    std::fs::write(&template, unit).unwrap();
    let instance = dir.path().join("dealer-portal@8787.service");
    std::os::unix::fs::symlink(&template, &instance).unwrap();
    let verify = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&instance)
        .output()
        .unwrap();
    assert!(
        verify.status.success() && verify.stderr.is_empty(),
        "systemd-analyze verify finds nothing wrong with the unit: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
    let security = Command::new("systemd-analyze")
        // The threshold is in tenths: 20 is an exposure of 2.0.
        .args(["security", "--offline=yes", "--threshold=20"])
        .arg(&instance)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&security.stdout);
    assert!(
        security.status.success(),
        "the unit's exposure stays at 2.0 or below (systemd's scale, 10 = unprotected):\n{report}"
    );
}

#[tokio::test]
async fn the_health_check_command_says_whether_the_portal_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let check = || {
        Command::new(crate::support::process::BIN)
            .arg("healthcheck")
            .env("DEALER_PORTAL_ADDR", format!("0.0.0.0:{port}"))
            .env_remove("DEALER_TLS_CERT")
            .output()
            .unwrap()
    };
    let down = check();
    assert!(
        !down.status.success() && String::from_utf8_lossy(&down.stderr).contains("nothing listens"),
        "a container whose portal is not up is unhealthy"
    );
    let _portal = start_configured(&sqlite_url(dir.path()), port, &[]).await;
    let up = check();
    assert!(
        up.status.success(),
        "ready portal: {}",
        String::from_utf8_lossy(&up.stderr)
    );
}
