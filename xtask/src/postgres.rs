//! A throwaway PostgreSQL for the store suite: started on loopback for the test run and
//! stopped after it (RECIPES.md). `DEALER_TEST_POSTGRES_URL` points the suite at an
//! existing server instead.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

pub const URL_VAR: &str = "DEALER_TEST_POSTGRES_URL";

/// A running test server; stopped on drop.
#[derive(Debug)]
pub struct TestPostgres {
    pub url: String,
    stop: Option<(PathBuf, PathBuf)>,
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        if let Some((bin, data)) = self.stop.take() {
            let _ = runuser(
                &bin.join("pg_ctl"),
                &["-D", &data.to_string_lossy(), "-m", "fast", "-w", "stop"],
            )
            .stdout(Stdio::null())
            .status();
            let _ = std::fs::remove_dir_all(&data);
        }
    }
}

fn runuser(program: &std::path::Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("runuser");
    cmd.args(["-u", "postgres", "--"])
        .arg(program)
        .args(args)
        .current_dir("/tmp");
    cmd
}

fn pg_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Use `DEALER_TEST_POSTGRES_URL` if set; otherwise start a fresh cluster (Debian, root).
pub fn start() -> Result<TestPostgres> {
    if let Ok(url) = std::env::var(URL_VAR) {
        return Ok(TestPostgres { url, stop: None });
    }
    let bin = pg_bin().context("PostgreSQL server binaries not found under /usr/lib/postgresql")?;
    let port = free_port()?.to_string();
    let data = std::env::temp_dir().join(format!("dealer-pgtest-{port}"));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let chown = Command::new("chown")
        .args(["postgres:postgres"])
        .arg(&data)
        .status()?;
    if !chown.success() {
        bail!("cannot hand {} to the postgres user", data.display());
    }
    let data_s = data.to_string_lossy().into_owned();
    let quiet = |mut cmd: Command, what: &str| -> Result<()> {
        let out = cmd.output().with_context(|| format!("running {what}"))?;
        if !out.status.success() {
            bail!("{what} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(())
    };
    quiet(
        runuser(
            &bin.join("initdb"),
            &[
                "-D",
                &data_s,
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ],
        ),
        "initdb",
    )?;
    let server = TestPostgres {
        url: format!("postgres://dealer:dealer@127.0.0.1:{port}/dealer_test"),
        stop: Some((bin.clone(), data.clone())),
    };
    let options = format!(
        "-k /tmp -c listen_addresses=127.0.0.1 -p {port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    );
    let log = format!("{data_s}/server.log");
    quiet(
        runuser(
            &bin.join("pg_ctl"),
            &[
                "-D", &data_s, "-l", &log, "-w", "-t", "30", "-o", &options, "start",
            ],
        ),
        "pg_ctl start",
    )?;
    quiet(
        {
            let mut cmd = Command::new("psql");
            cmd.args([
                "-h",
                "/tmp",
                "-p",
                &port,
                "-U",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
            ])
            .args(["-c", "CREATE ROLE dealer LOGIN CREATEDB PASSWORD 'dealer'"])
            .args(["-c", "CREATE DATABASE dealer_test OWNER dealer"]);
            cmd
        },
        "creating the test role and database",
    )?;
    Ok(server)
}
