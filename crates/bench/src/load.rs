//! `cargo xtask soak`: the real `dealer-portal` binary under load. 200 simulated office
//! managers (one per dealership, each from a loopback address of its own, as dealerships
//! have their own addresses) sign in, list their staff and requests, file requests and sign
//! out, over and over, for 60 seconds. The run fails on any error other than the deliberate
//! 429 (rate limited) and 503 (busy), or when the portal's peak resident memory passes the
//! bound. Results go to the "Load" section of BENCHMARKS.md.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::Parser;
use dealer_api::{DealerUsersFilter, PersonInput, RequestFilter, RequestForm};
use dealer_bench::{PASSWORD, Scratch, scale};
use dealer_client::{Client, ClientError};
use dealer_portal::hashing::Hasher;
use dealer_portal::store::Store;

/// Later flags override earlier ones: xtask passes defaults first, the user's arguments last.
#[derive(Debug, Parser)]
#[command(args_override_self = true)]
struct Args {
    /// The portal binary to start (a release build).
    #[arg(long)]
    portal: PathBuf,
    /// Also run against this PostgreSQL (a schema of its own is created and dropped).
    #[arg(long, env = "DEALER_BENCH_POSTGRES_URL")]
    postgres: Option<String>,
    /// Simulated clients, each an office manager of a dealership of their own.
    #[arg(long, default_value_t = 200)]
    clients: usize,
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// The portal's peak resident memory may not pass this.
    #[arg(long, default_value_t = 512)]
    max_rss_mib: u64,
    /// The report's file; its "Load" section is replaced.
    #[arg(long, default_value = "BENCHMARKS.md")]
    out: PathBuf,
}

/// Users per generated dealership (the first is its office manager).
const PER_DEALER: usize = 10;
/// Lists and submissions per sign-in.
const ROUNDS: usize = 4;

/// What happened to each kind of call.
#[derive(Debug, Default)]
struct Tally {
    ok: BTreeMap<&'static str, Vec<Duration>>,
    deliberate: BTreeMap<String, u64>,
    errors: BTreeMap<String, u64>,
}

impl Tally {
    fn record<T>(&mut self, op: &'static str, took: Duration, result: &Result<T, ClientError>) {
        match result {
            Ok(_) => self.ok.entry(op).or_default().push(took),
            Err(ClientError::Api { status, body, .. }) if *status == 429 || *status == 503 => {
                *self
                    .deliberate
                    .entry(format!("{op}: {status} {}", body.code))
                    .or_default() += 1;
            }
            Err(err) => *self.errors.entry(format!("{op}: {err}")).or_default() += 1,
        }
    }

    fn merge(&mut self, other: Tally) {
        for (op, mut times) in other.ok {
            self.ok.entry(op).or_default().append(&mut times);
        }
        for (k, n) in other.deliberate {
            *self.deliberate.entry(k).or_default() += n;
        }
        for (k, n) in other.errors {
            *self.errors.entry(k).or_default() += n;
        }
    }
}

/// The portal process, killed when dropped.
struct Portal {
    child: Child,
    url: String,
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn start_portal(binary: &Path, database_url: &str, log: &Path) -> Result<Portal> {
    let port = free_port()?;
    let log = std::fs::File::create(log)?;
    let child = Command::new(binary)
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("DEALER_PORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("DEALER_LOG", "warn")
        // The simulated managers sign in with a password only, as in `cargo xtask bench`
        // (two-step sign-in, on by default for office managers since issue 16, has a row
        // of its own there); with it required every list and filing is refused.
        .env("DEALER_TWO_STEP_OFFICE_MANAGERS", "optional")
        .stdout(Stdio::from(log.try_clone()?))
        .stderr(Stdio::from(log))
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let portal = Portal {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let client = Client::new(&portal.url)?;
    for _ in 0..300 {
        if client.health().await.is_ok() {
            return Ok(portal);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("the portal did not answer its health check within 30 s")
}

/// `VmRSS` or `VmHWM` of a process, in KiB.
fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// The office managers the clients play (generated active, signed in today).
async fn managers(store: &Store, n: usize) -> Result<Vec<(String, String)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT user_id, pdn FROM users WHERE role = 'office_manager' ORDER BY id LIMIT $1",
    )
    .bind(n as i64)
    .fetch_all(store.pool())
    .await?;
    if rows.len() < n {
        bail!("only {} office managers for {n} clients", rows.len());
    }
    Ok(rows)
}

/// One simulated office manager until `deadline`.
async fn client_loop(
    client: Client,
    index: usize,
    user_id: String,
    pdn: String,
    deadline: Instant,
) -> Tally {
    let mut tally = Tally::default();
    let mut filed = 0_usize;
    while Instant::now() < deadline {
        let t = Instant::now();
        let signed = client.sign_in(&user_id, PASSWORD).await;
        tally.record("sign in", t.elapsed(), &signed);
        let signed = match signed {
            Ok(signed) => signed,
            Err(err) => {
                back_off(&err, deadline).await;
                continue;
            }
        };
        let token = signed.token;
        for _ in 0..ROUNDS {
            if Instant::now() >= deadline {
                break;
            }
            let t = Instant::now();
            let r = client
                .dealer_users(&token, &pdn, &DealerUsersFilter::default())
                .await;
            tally.record("list users", t.elapsed(), &r);
            if let Err(err) = &r {
                back_off(err, deadline).await;
            }
            let t = Instant::now();
            let r = client
                .dealer_requests(&token, &pdn, &RequestFilter::default())
                .await;
            tally.record("list requests", t.elapsed(), &r);
            if let Err(err) = &r {
                back_off(err, deadline).await;
            }
            filed += 1;
            let form = RequestForm::NewUser {
                person: PersonInput {
                    first_name: "Load".into(),
                    last_name: format!("Client{index}"),
                    email: format!("l{index}n{filed}@load.example"),
                    business_phone: "(555) 234-0000".into(),
                    role: "salesperson".into(),
                    role_other: None,
                },
                user_id: format!("ld{index}n{filed}"),
                applications: vec!["smartcash".into()],
            };
            let t = Instant::now();
            let r = client.submit_request(&token, &form).await;
            tally.record("submit request", t.elapsed(), &r);
            if let Err(err) = &r {
                back_off(err, deadline).await;
            }
        }
        let t = Instant::now();
        let r = client.sign_out(&token).await;
        tally.record("sign out", t.elapsed(), &r);
    }
    tally
}

/// After a refusal, wait as long as the portal's `Retry-After` says (a second when it says
/// nothing), but not past the end of the run: a client that asks again at once only
/// measures its own retries, not the limiter.
async fn back_off(err: &ClientError, deadline: Instant) {
    let wait = err.retry_after().unwrap_or(Duration::from_secs(1));
    let until = (Instant::now() + wait).min(deadline);
    tokio::time::sleep_until(until.into()).await;
}

/// The loopback address of client `i`: 127.0.x.y, never 127.0.0.1.
fn address(i: usize) -> IpAddr {
    let n = i + 256;
    IpAddr::V4(Ipv4Addr::new(127, 0, (n / 250) as u8, (n % 250 + 1) as u8))
}

struct Outcome {
    backend: &'static str,
    /// Sign-in refusals by the reason the audit log gives.
    refusals: Vec<(String, i64)>,
    tally: Tally,
    peak_rss_kib: u64,
    seconds: f64,
}

async fn run(
    args: &Args,
    backend: &'static str,
    database_url: &str,
    work: &Path,
) -> Result<Outcome> {
    let store = Store::connect(database_url).await?;
    let dealers = args.clients + args.clients / 2;
    eprintln!("\n== {backend}: {dealers} dealerships × {PER_DEALER} users");
    let hasher = Hasher::new(1, 16);
    let phc = hasher.hash(PASSWORD).await?;
    scale::generate(&store, dealers, PER_DEALER, dealers * 5, &phc, Utc::now()).await?;
    let managers = managers(&store, args.clients).await?;
    store.pool().close().await;

    let portal = start_portal(
        &args.portal,
        database_url,
        &work.join(format!("{backend}.log")),
    )
    .await?;
    let pid = portal.child.id();
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let peak = Arc::clone(&peak);
        tokio::spawn(async move {
            loop {
                peak.fetch_max(status_kib(pid, "VmRSS:"), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    eprintln!(
        "{} clients for {} s against {}",
        args.clients, args.seconds, portal.url
    );
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for (i, (user_id, pdn)) in managers.into_iter().enumerate() {
        let client = Client::with_local_address(&portal.url, address(i))?;
        tasks.push(tokio::spawn(client_loop(client, i, user_id, pdn, deadline)));
    }
    let mut tally = Tally::default();
    for task in tasks {
        tally.merge(task.await?);
    }
    let seconds = started.elapsed().as_secs_f64();
    sampler.abort();
    let hwm = status_kib(pid, "VmHWM:");
    let sampled = peak.load(Ordering::Relaxed);
    drop(portal);
    // Why sign-ins were refused, from the audit log (the answer itself never says).
    let store = Store::connect(database_url).await?;
    let refusals: Vec<(String, i64)> = sqlx::query_as(
        "SELECT outcome, COUNT(*) FROM audit_log WHERE event = 'sign_in' AND outcome <> 'success' \
         GROUP BY outcome ORDER BY outcome",
    )
    .fetch_all(store.pool())
    .await?;
    store.pool().close().await;
    Ok(Outcome {
        backend,
        refusals,
        tally,
        peak_rss_kib: hwm.max(sampled),
        seconds,
    })
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(args: &Args, outcomes: &mut [Outcome]) -> String {
    let mut text = format!(
        "## Load (`cargo xtask soak`)\n\nMeasured {}: the release `dealer-portal` binary, {} \
         office managers at once (one per dealership, each from its own loopback address) \
         signing in, listing staff and requests, filing new-user requests and signing out \
         for {} s. Allowed failures: 429 and 503 only. Peak RSS bound: {} MiB.\n\n\
         | backend | calls ok | per second | unexpected errors | 429/503 | peak RSS |\n\
         | --- | --- | --- | --- | --- | --- |\n",
        Utc::now().format("%Y-%m-%d %H:%M UTC"),
        args.clients,
        args.seconds,
        args.max_rss_mib
    );
    for o in outcomes.iter() {
        let ok: usize = o.tally.ok.values().map(Vec::len).sum();
        let errors: u64 = o.tally.errors.values().sum();
        let deliberate: u64 = o.tally.deliberate.values().sum();
        text.push_str(&format!(
            "| {} | {ok} | {:.0} | {errors} | {deliberate} | {:.0} MiB |\n",
            o.backend,
            ok as f64 / o.seconds,
            o.peak_rss_kib as f64 / 1024.0
        ));
    }
    text.push_str("\n| backend | call | count | p50 ms | p95 ms | p99 ms |\n| --- | --- | --- | --- | --- | --- |\n");
    for o in outcomes.iter_mut() {
        for (op, times) in o.tally.ok.iter_mut() {
            times.sort();
            text.push_str(&format!(
                "| {} | {op} | {} | {:.1} | {:.1} | {:.1} |\n",
                o.backend,
                times.len(),
                pct(times, 0.5),
                pct(times, 0.95),
                pct(times, 0.99)
            ));
        }
        for (what, n) in o.tally.deliberate.iter().chain(o.tally.errors.iter()) {
            text.push_str(&format!("| {} | {what} | {n} | | | |\n", o.backend));
        }
        for (why, n) in &o.refusals {
            text.push_str(&format!(
                "| {} | sign-in refused, audit log says `{why}` | {n} | | | |\n",
                o.backend
            ));
        }
    }
    text
}

/// Replaces the "Load" section of `path` (or appends one), leaving the rest as it is.
fn write_section(path: &Path, section: &str) -> Result<()> {
    let existing = std::fs::read_to_string(path).unwrap_or_default();
    let text = match existing.find("## Load (") {
        Some(start) => {
            let end = existing[start + 3..]
                .find("\n## ")
                .map_or(existing.len(), |i| start + 3 + i + 1);
            format!("{}{section}{}", &existing[..start], &existing[end..])
        }
        None if existing.is_empty() => format!("# Benchmarks\n\n{section}"),
        None => format!(
            "{}\n{section}",
            existing.trim_end_matches('\n').to_owned() + "\n"
        ),
    };
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let work = tempfile::tempdir()?;
    let mut outcomes = Vec::new();
    let sqlite = format!("sqlite:{}", work.path().join("load.sqlite").display());
    outcomes.push(run(&args, "SQLite", &sqlite, work.path()).await?);
    if let Some(url) = &args.postgres {
        let scratch = Scratch::create(url, "load").await?;
        let result = run(&args, "PostgreSQL", &scratch.url, work.path()).await;
        scratch.drop().await?;
        outcomes.push(result?);
    }
    let section = report(&args, &mut outcomes);
    write_section(&args.out, &section)?;
    eprintln!("\n{section}");
    let mut failures = Vec::new();
    for o in &outcomes {
        let errors: u64 = o.tally.errors.values().sum();
        if errors > 0 {
            failures.push(format!("{}: {errors} unexpected errors", o.backend));
        }
        if o.peak_rss_kib > args.max_rss_mib * 1024 {
            failures.push(format!(
                "{}: peak RSS {} MiB over the {} MiB bound",
                o.backend,
                o.peak_rss_kib / 1024,
                args.max_rss_mib
            ));
        }
        if o.tally.ok.values().map(Vec::len).sum::<usize>() == 0 {
            failures.push(format!("{}: no call succeeded", o.backend));
        }
    }
    if !failures.is_empty() {
        bail!("the load test failed: {}", failures.join("; "));
    }
    Ok(())
}
