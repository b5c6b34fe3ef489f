//! The real `dealer-portal` binary as a separate process: seeded, served on a free
//! loopback port, killed when dropped (or with SIGKILL on purpose).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use dealer_client::Client;
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_dealer-portal");

/// The release `dealer-portal`, as an operator installs it, for the deployment tests:
/// `DEALER_PORTAL_RELEASE_BIN` (`cargo xtask test` builds it and sets this). Without it the
/// debug build stands in, and the test says so.
pub fn release_bin() -> String {
    match std::env::var("DEALER_PORTAL_RELEASE_BIN") {
        Ok(path) => {
            assert!(
                std::path::Path::new(&path).is_file(),
                "DEALER_PORTAL_RELEASE_BIN={path} is not a file: cargo build --release -p dealer-portal"
            );
            path
        }
        Err(_) => {
            eprintln!(
                "DEALER_PORTAL_RELEASE_BIN is not set: the debug dealer-portal stands in for the release build"
            );
            BIN.to_owned()
        }
    }
}

/// A portal process, killed when dropped.
pub struct Replica {
    pub child: Child,
    pub client: Client,
}

impl Replica {
    /// `kill -9`: no shutdown, no flush, whatever was in flight is cut off.
    pub fn kill_hard(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port()
}

/// `dealer-portal serve` on `database_url`, once it answers health checks.
pub async fn start(database_url: &str) -> Replica {
    let port = free_port();
    let child = Command::new(BIN)
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("DEALER_PORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("DEALER_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the portal binary starts");
    let client = Client::new(&format!("http://127.0.0.1:{port}")).expect("a loopback client");
    // From here the replica owns the process and kills it when dropped, also on a panic.
    let replica = Replica { child, client };
    for _ in 0..150 {
        if replica.client.health().await.is_ok() {
            return replica;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the portal on port {port} did not come up");
}

/// `dealer-portal serve` on `database_url` and `127.0.0.1:port` with more settings (`vars`),
/// once its port takes connections: it may speak HTTPS this process does not trust, so
/// readiness is the open port, not a health check. `client` speaks plain HTTP to it.
pub async fn start_configured(database_url: &str, port: u16, vars: &[(&str, String)]) -> Replica {
    start_binary(BIN, database_url, port, vars).await
}

/// [`start_configured`] with another build of the portal (the release one).
pub async fn start_binary(
    bin: &str,
    database_url: &str,
    port: u16,
    vars: &[(&str, String)],
) -> Replica {
    let child = Command::new(bin)
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("DEALER_PORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("DEALER_LOG", "warn")
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the portal binary starts");
    let client = Client::new(&format!("http://127.0.0.1:{port}")).expect("a loopback client");
    let replica = Replica { child, client };
    for _ in 0..150 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return replica;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the portal on port {port} did not come up");
}

/// `dealer-portal serve` with `vars`, expected to refuse to start: its standard error.
pub fn refused_start(database_url: &str, vars: &[(&str, String)]) -> String {
    let mut child = Command::new(BIN)
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("DEALER_LOG", "warn")
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the portal binary starts");
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            assert!(
                !status.success(),
                "the portal must refuse this configuration"
            );
            return err;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("the portal started with a configuration it must refuse: {vars:?}");
}

/// `dealer-portal seed-demo --json`: the accounts with their one-time passwords.
pub fn seed(database_url: &str) -> Vec<Value> {
    let out = Command::new(BIN)
        .args(["seed-demo", "--json"])
        .env("DATABASE_URL", database_url)
        .output()
        .expect("seed-demo runs");
    assert!(
        out.status.success(),
        "seed-demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("seed-demo --json prints JSON")
}

pub fn password<'a>(accounts: &'a [Value], user_id: &str) -> &'a str {
    accounts
        .iter()
        .find(|a| a["user_id"] == user_id)
        .and_then(|a| a["password"].as_str())
        .unwrap_or_else(|| panic!("{user_id} was seeded"))
}
