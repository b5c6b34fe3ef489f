//! `cargo xtask bench`: how fast the portal is, as ratios against a baseline measured in
//! the same run on the same machine (raw argon2id on the same pool, the same query in raw
//! SQL on the same database), because these machines are shared and noisy. Writes
//! `BENCHMARKS.md`: ratios first, absolute numbers second.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::Utc;
use clap::Parser;
use dealer_api::{DealerUsersFilter, RequestFilter};
use dealer_bench::{PASSWORD, Scratch, app as desktop, scale};
use dealer_client::Client;
use dealer_portal::clock::SystemClock;
use dealer_portal::config::HelpDeskConfig;
use dealer_portal::hashing::Hasher;
use dealer_portal::rate_limit::{Limits, RateLimiter};
use dealer_portal::store::{Store, sessions};
use dealer_portal::{AppState, HelpDesk, Parts, Settings, app};
use sqlx::Row;

/// Later flags override earlier ones: xtask passes defaults first, the user's arguments last.
#[derive(Debug, Parser)]
#[command(args_override_self = true)]
struct Args {
    /// Where the report goes.
    #[arg(long, default_value = "BENCHMARKS.md")]
    out: PathBuf,
    /// Also measure on this PostgreSQL (a schema of its own is created and dropped).
    #[arg(long, env = "DEALER_BENCH_POSTGRES_URL")]
    postgres: Option<String>,
    #[arg(long, default_value_t = 10_000)]
    dealers: usize,
    #[arg(long, default_value_t = 100)]
    per_dealer: usize,
    #[arg(long, default_value_t = 1_000_000)]
    requests: usize,
    /// The app's binary as it ships (desktop profile): its cold start, idle memory and size.
    #[arg(long, requires = "bare")]
    app: Option<PathBuf>,
    /// The bare Tauri window (crates/bare-window) built with the same profile: the baseline.
    #[arg(long, requires = "app")]
    bare: Option<PathBuf>,
    /// The app's deb package: its size goes into the report beside the binary's.
    #[arg(long)]
    deb: Option<PathBuf>,
    /// Measured starts of each (alternating; medians reported).
    #[arg(long, default_value_t = 7)]
    app_runs: usize,
    /// Only the desktop rows (no data generated).
    #[arg(long)]
    skip_portal: bool,
    /// The portal on PostgreSQL only (with `--postgres`), not on SQLite: for a look at one
    /// backend while changing it; a full run measures both.
    #[arg(long)]
    skip_sqlite: bool,
    /// Only the list and queue rows (no sign-in rows): for a look at them while changing
    /// them, e.g. under `perf record`; a full run measures everything.
    #[arg(long)]
    lists_only: bool,
    /// The command line as the report shows it.
    #[arg(long, default_value = "cargo xtask bench")]
    command: String,
}

/// One measured row.
#[derive(Debug)]
struct Measured {
    measure: String,
    backend: &'static str,
    ratio: f64,
    goal: &'static str,
    /// `None` for a reference row, which has no goal of its own.
    met: Option<bool>,
    absolute: String,
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a short list"
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Time `f` `reps` times for each of `keys`, baseline and subject interleaved so both see
/// the same noise; sorted latencies of each.
async fn paired<K: Clone, A, B, FA, FB>(
    keys: &[K],
    reps: usize,
    baseline: A,
    subject: B,
) -> Result<(Vec<Duration>, Vec<Duration>)>
where
    A: Fn(K) -> FA,
    B: Fn(K) -> FB,
    FA: Future<Output = Result<()>>,
    FB: Future<Output = Result<()>>,
{
    let (mut base, mut subj) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        for key in keys {
            let t = Instant::now();
            baseline(key.clone()).await?;
            base.push(t.elapsed());
            let t = Instant::now();
            subject(key.clone()).await?;
            subj.push(t.elapsed());
        }
    }
    base.sort();
    subj.sort();
    Ok((base, subj))
}

type Job = std::pin::Pin<Box<dyn Future<Output = Result<()>> + Send>>;

/// Run `jobs`, `concurrency` at a time; how long they took together.
async fn run_jobs(jobs: Vec<Job>, concurrency: usize) -> Result<Duration> {
    let t = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    let mut jobs = jobs.into_iter();
    for job in jobs.by_ref().take(concurrency) {
        set.spawn(job);
    }
    while let Some(done) = set.join_next().await {
        done??;
        if let Some(job) = jobs.next() {
            set.spawn(job);
        }
    }
    Ok(t.elapsed())
}

struct Bench {
    store: Store,
    client: Client,
    hasher: Hasher,
    phc: String,
    backend: &'static str,
    rows: Vec<Measured>,
    args: Arc<Args>,
    /// The manager's request list over HTTP, sorted: the queue's row compares with it.
    manager_requests: Vec<Duration>,
}

impl Bench {
    async fn start(store: Store, backend: &'static str, args: Arc<Args>) -> Result<Bench> {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let hasher = Hasher::new(workers, 4096);
        let phc = hasher.hash(PASSWORD).await?;
        let state = AppState::new(Parts {
            store: store.clone(),
            clock: Arc::new(SystemClock),
            hasher: hasher.clone(),
            limits: Limits {
                by_ip: RateLimiter::new(1_000_000, Duration::from_secs(1)),
                by_user: RateLimiter::new(1_000_000, Duration::from_secs(1)),
                public: RateLimiter::new(1_000_000, Duration::from_secs(1)),
                ..Limits::default()
            },
            // The lists and sign-ins measured here are password-only; the second step has a
            // row of its own.
            settings: Settings {
                two_step: dealer_core::two_step::TwoStepPolicy::optional_for_everyone(),
                ..Settings::default()
            },
            help_desk: HelpDesk::from_config(&HelpDeskConfig::default()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            axum::serve(
                listener,
                app(state).into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
        });
        Ok(Bench {
            store,
            client: Client::new(&format!("http://{addr}"))?,
            hasher,
            phc,
            backend,
            rows: Vec::new(),
            args,
            manager_requests: Vec::new(),
        })
    }

    /// Users that can sign in (active, unlocked, used recently), `n` of them.
    async fn active_users(&self, n: i64, skip: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT user_id FROM users WHERE state = 'active' AND role = 'staff' \
             AND activity_since > $3 ORDER BY id LIMIT $1 OFFSET $2",
        )
        .bind(n)
        .bind(skip)
        // Signed in within the last 50 days: not inactive by the 60-day clock.
        .bind((Utc::now() - chrono::Duration::days(50)).timestamp_millis())
        .fetch_all(self.store.pool())
        .await?;
        Ok(rows.iter().map(|r| r.get::<String, _>("user_id")).collect())
    }

    /// The row key of `user_id`.
    async fn user_key(&self, user_id: &str) -> Result<dealer_portal::store::UserKey> {
        Ok(
            sqlx::query_scalar("SELECT id FROM users WHERE user_id = $1")
                .bind(user_id)
                .fetch_one(self.store.pool())
                .await?,
        )
    }

    /// A session token for `user_id`, made in the store (no argon2 on the way).
    async fn token(&self, user_id: &str) -> Result<String> {
        let pk = self.user_key(user_id).await?;
        let mut conn = self.store.pool().acquire().await?;
        let (token, _) = sessions::create(
            &mut conn,
            pk,
            sessions::Timeouts::default(),
            None,
            None,
            Utc::now(),
        )
        .await?;
        Ok(token.expose().to_owned())
    }

    async fn sign_in_throughput(&mut self) -> Result<()> {
        /// Alternating rounds of each side.
        const ROUNDS: usize = 3;
        let users = self.active_users(240, 0).await?;
        let concurrency = 2 * std::thread::available_parallelism().map_or(2, |n| n.get());
        let run = |jobs| run_jobs(jobs, concurrency);
        let raw_jobs = || {
            users
                .iter()
                .map(|_| {
                    let (hasher, phc) = (self.hasher.clone(), self.phc.clone());
                    Box::pin(async move {
                        anyhow::ensure!(hasher.verify(PASSWORD, &phc).await?.ok);
                        Ok(())
                    })
                        as std::pin::Pin<Box<dyn Future<Output = Result<()>> + Send>>
                })
                .collect::<Vec<_>>()
        };
        let http_jobs = || {
            users
                .iter()
                .map(|user| {
                    let (client, user) = (self.client.clone(), user.clone());
                    Box::pin(async move {
                        client.sign_in(&user, PASSWORD).await?;
                        Ok(())
                    })
                        as std::pin::Pin<Box<dyn Future<Output = Result<()>> + Send>>
                })
                .collect::<Vec<_>>()
        };
        // Rounds alternate, so both sides see the same moments of a shared machine.
        let (mut raw, mut http) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..ROUNDS {
            raw += run(raw_jobs()).await?;
            http += run(http_jobs()).await?;
        }
        #[expect(clippy::cast_precision_loss, reason = "a rate")]
        let n = (users.len() * ROUNDS) as f64;
        let (raw_rate, http_rate) = (n / raw.as_secs_f64(), n / http.as_secs_f64());
        let ratio = http_rate / raw_rate;
        self.rows.push(Measured {
            measure: format!(
                "sign-in throughput over HTTP ({} users × {ROUNDS} alternating rounds, {concurrency} at once)",
                users.len()
            ),
            backend: self.backend,
            ratio,
            goal: "≥ 0.9×",
            met: Some(ratio >= 0.9),
            absolute: format!("{http_rate:.1}/s vs raw argon2id verify {raw_rate:.1}/s"),
        });
        Ok(())
    }

    /// Sign-ins with two-step sign-in on (password, then the authenticator's code) against
    /// password-only sign-ins of other users, in alternating rounds. Each person signs in
    /// once (a code's step is accepted once), so every round has its own people.
    async fn two_step_sign_in_throughput(&mut self) -> Result<()> {
        use dealer_core::two_step::{RecoveryCode, TotpSecret};
        /// More rounds than the password-only row: the difference sought is a few percent.
        const ROUNDS: usize = 6;
        const PER_ROUND: i64 = 80;
        let concurrency = 2 * std::thread::available_parallelism().map_or(2, |n| n.get());
        let plain = self.active_users(PER_ROUND * ROUNDS as i64, 500).await?;
        let stepped = self
            .active_users(PER_ROUND * ROUNDS as i64, 500 + PER_ROUND * ROUNDS as i64)
            .await?;
        let secret = TotpSecret::from_random(*b"bench two-step key 1");
        let codes: Vec<_> = (0..10u8)
            .map(|i| RecoveryCode::from_random([9, 8, 7, 6, 5, 4, i]))
            .collect();
        for user in &stepped {
            let pk = self.user_key(user).await?;
            let mut conn = self.store.pool().acquire().await?;
            dealer_portal::store::two_step::begin(&mut conn, pk, &secret, Utc::now()).await?;
            anyhow::ensure!(
                dealer_portal::store::two_step::confirm(&mut conn, pk, 1, &codes, Utc::now())
                    .await?
            );
        }
        let (mut base, mut subject) = (Duration::ZERO, Duration::ZERO);
        // Each side's steps timed apart: the password step of both, and the code step.
        let timed = Arc::new(std::sync::Mutex::new([Vec::new(), Vec::new(), Vec::new()]));
        let per_round = usize::try_from(PER_ROUND)?;
        for round in 0..ROUNDS {
            let people = round * per_round..(round + 1) * per_round;
            let jobs: Vec<Job> = plain[people.clone()]
                .iter()
                .map(|user| {
                    let (client, user, timed) =
                        (self.client.clone(), user.clone(), Arc::clone(&timed));
                    Box::pin(async move {
                        let t = Instant::now();
                        client.sign_in(&user, PASSWORD).await?;
                        timed.lock().expect("not poisoned")[0].push(t.elapsed());
                        Ok(())
                    }) as Job
                })
                .collect();
            base += run_jobs(jobs, concurrency).await?;
            let jobs: Vec<Job> = stepped[people]
                .iter()
                .map(|user| {
                    let (client, user, secret, timed) = (
                        self.client.clone(),
                        user.clone(),
                        secret.clone(),
                        Arc::clone(&timed),
                    );
                    Box::pin(async move {
                        let t = Instant::now();
                        let dealer_client::SignInStep::CodeNeeded(step) =
                            client.sign_in_step(&user, PASSWORD).await?
                        else {
                            anyhow::bail!("{user} signed in without the second step");
                        };
                        let first = t.elapsed();
                        let now = u64::try_from(Utc::now().timestamp())?;
                        let t = Instant::now();
                        client
                            .second_step(&step.two_step_token, &secret.code_at(now))
                            .await?;
                        let mut timed = timed.lock().expect("not poisoned");
                        timed[1].push(first);
                        timed[2].push(t.elapsed());
                        Ok(())
                    }) as Job
                })
                .collect();
            subject += run_jobs(jobs, concurrency).await?;
        }
        let ratio = base.as_secs_f64() / subject.as_secs_f64();
        #[expect(clippy::cast_precision_loss, reason = "a rate")]
        let n = (per_round * ROUNDS) as f64;
        let mut timed = std::mem::take(&mut *timed.lock().expect("not poisoned"));
        let mean = |times: &[Duration]| {
            let n = u32::try_from(times.len().max(1)).unwrap_or(u32::MAX);
            ms(times.iter().sum::<Duration>() / n)
        };
        timed[2].sort();
        self.rows.push(Measured {
            measure: format!(
                "sign-in throughput with two-step sign-in (password + code) vs password only \
                 ({per_round} users × {ROUNDS} alternating rounds, {concurrency} at once)"
            ),
            backend: self.backend,
            ratio,
            goal: "≥ 0.95×",
            met: Some(ratio >= 0.95),
            absolute: format!(
                "{:.1}/s vs {:.1}/s; mean password step {:.1} ms vs {:.1} ms, code step {:.2} ms \
                 (p95 {:.2} ms)",
                n / subject.as_secs_f64(),
                n / base.as_secs_f64(),
                mean(&timed[1]),
                mean(&timed[0]),
                mean(&timed[2]),
                ms(pct(&timed[2], 0.95)),
            ),
        });
        Ok(())
    }

    async fn failed_sign_in_timing(&mut self) -> Result<()> {
        let users = self.active_users(100, 300).await?;
        let (mut unknown, mut wrong) = (Vec::new(), Vec::new());
        for (i, user) in users.iter().enumerate() {
            let t = Instant::now();
            let _ = self
                .client
                .sign_in(&format!("nobody{i}"), "wrong guess here")
                .await;
            unknown.push(t.elapsed());
            let t = Instant::now();
            let _ = self.client.sign_in(user, "wrong guess here").await;
            wrong.push(t.elapsed());
        }
        unknown.sort();
        wrong.sort();
        let (u, w) = (pct(&unknown, 0.5), pct(&wrong, 0.5));
        let ratio = ms(u) / ms(w);
        self.rows.push(Measured {
            measure: "failed sign-in time, unknown user ÷ wrong password (p50)".into(),
            backend: self.backend,
            ratio,
            goal: "0.9–1.1",
            met: Some((0.9..=1.1).contains(&ratio)),
            absolute: format!("{:.2} ms vs {:.2} ms", ms(u), ms(w)),
        });
        Ok(())
    }

    fn push_latency(&mut self, measure: String, base: &[Duration], subj: &[Duration]) {
        let (b50, b95, s50, s95) = (
            pct(base, 0.5),
            pct(base, 0.95),
            pct(subj, 0.5),
            pct(subj, 0.95),
        );
        let r50 = ms(s50) / ms(b50);
        let r95 = ms(s95) / ms(b95);
        self.rows.push(Measured {
            measure,
            backend: self.backend,
            ratio: r50.max(r95),
            goal: "≤ 1.5×",
            met: Some(r50 <= 1.5 && r95 <= 1.5),
            absolute: format!(
                "p50 {:.2} ms vs raw {:.2} ms ({r50:.2}×); p95 {:.2} ms vs raw {:.2} ms ({r95:.2}×)",
                ms(s50),
                ms(b50),
                ms(s95),
                ms(b95)
            ),
        });
    }

    async fn lists(&mut self) -> Result<()> {
        let args = Arc::clone(&self.args);
        let sample: Vec<usize> = (0..20).map(|i| (i * 7919) % args.dealers).collect();
        let mut keys = Vec::new();
        for d in &sample {
            let manager = format!("user{}", d * args.per_dealer);
            keys.push((scale::pdn(*d), self.token(&manager).await?));
        }
        let (store, client) = (self.store.clone(), self.client.clone());
        let raw_users = |(pdn, _): (String, String)| {
            let store = store.clone();
            async move {
                // The rows and each user's applications, as the list shows them.
                let rows = sqlx::query(
                    "SELECT *, (SELECT string_agg(a.application, ',' ORDER BY a.application) \
                       FROM user_applications a WHERE a.user_pk = users.id) AS applications \
                     FROM users WHERE pdn = $1 ORDER BY user_id",
                )
                .bind(pdn)
                .fetch_all(store.pool())
                .await?;
                anyhow::ensure!(!rows.is_empty());
                Ok(())
            }
        };
        let (base, subj) = paired(&keys, 10, &raw_users, |(pdn, token): (String, String)| {
            let client = client.clone();
            async move {
                let users = client
                    .dealer_users(&token, &pdn, &DealerUsersFilter::default())
                    .await?;
                anyhow::ensure!(!users.is_empty());
                Ok(())
            }
        })
        .await?;
        // The floor under the list rows: an authenticated request that reads nothing else
        // (GET /me: the HTTP round trip and the session's query), against the same raw
        // query. No list can cost less than this plus its own query.
        let (raw, me) = paired(&keys, 10, &raw_users, |(_, token): (String, String)| {
            let client = client.clone();
            async move {
                client.me(&token).await?;
                Ok(())
            }
        })
        .await?;
        let floor = ms(pct(&me, 0.5)) / ms(pct(&raw, 0.5));
        self.rows.push(Measured {
            measure: "authenticated round trip with nothing to list (GET /me), vs the user list's raw SQL: the floor under the list rows".into(),
            backend: self.backend,
            ratio: floor,
            goal: "—",
            met: None,
            absolute: format!(
                "p50 {:.2} ms vs raw user list {:.2} ms; p95 {:.2} ms",
                ms(pct(&me, 0.5)),
                ms(pct(&raw, 0.5)),
                ms(pct(&me, 0.95)),
            ),
        });
        self.push_latency(
            format!(
                "manager's user list ({} per dealership), HTTP vs raw SQL",
                args.per_dealer
            ),
            &base,
            &subj,
        );

        let (base, subj) = paired(
            &keys,
            10,
            |(pdn, _): (String, String)| {
                let store = store.clone();
                async move {
                    // What the list asks for: the count up to its cap, and the page with
                    // one row more (whether a next page exists).
                    let total: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM (SELECT 1 FROM requests r WHERE r.pdn = $1 LIMIT 1001) c",
                    )
                    .bind(&pdn)
                    .fetch_one(store.pool())
                    .await?;
                    let rows = sqlx::query(
                        "SELECT r.*, d.name FROM requests r JOIN dealers d ON d.pdn = r.pdn \
                         WHERE r.pdn = $1 ORDER BY r.submitted_at DESC, r.id DESC LIMIT 51",
                    )
                    .bind(&pdn)
                    .fetch_all(store.pool())
                    .await?;
                    anyhow::ensure!(total > 0 && !rows.is_empty());
                    Ok(())
                }
            },
            |(pdn, token): (String, String)| {
                let client = client.clone();
                async move {
                    let page = client
                        .dealer_requests(&token, &pdn, &RequestFilter::default())
                        .await?;
                    anyhow::ensure!(page.total > 0);
                    Ok(())
                }
            },
        )
        .await?;
        self.push_latency(
            "manager's request list (newest 50 and the total), HTTP vs raw SQL".into(),
            &base,
            &subj,
        );
        self.manager_requests = subj;
        Ok(())
    }

    async fn queue(&mut self) -> Result<()> {
        let now = Utc::now();
        let mut conn = self.store.pool().acquire().await?;
        let pk = dealer_portal::store::users::insert_user(
            &mut conn,
            &dealer_portal::store::users::NewUser {
                user_id: dealer_core::ids::UserId::parse("bench.reviewer")?,
                pdn: None,
                role: dealer_core::access::AccessRole::Reviewer,
                first_name: "Bench".into(),
                last_name: "Reviewer".into(),
                email: "reviewer@bench.example".into(),
                phone: None,
                job_role: None,
                state: dealer_core::access::AccountState::Active,
                password_hash: Some(self.phc.clone()),
                must_change_password: false,
            },
            now,
        )
        .await?;
        drop(conn);
        let _ = pk;
        let token = self.token("bench.reviewer").await?;
        let (store, client) = (self.store.clone(), self.client.clone());
        let keys = vec![token; 20];
        let (base, subj) = paired(
            &keys,
            1,
            |_| {
                let store = store.clone();
                async move {
                    let now = Utc::now().timestamp_millis();
                    // The queue's own SQL: the count up to its cap, the page and one row.
                    let open = "r.state NOT IN ('completed', 'rejected', 'cancelled') \
                         AND (r.state IN ('submitted', 'in_review', 'approved') AND r.due_at < $1)";
                    let count = format!(
                        "SELECT COUNT(*) FROM (SELECT 1 FROM requests r WHERE {open} LIMIT 1001) c"
                    );
                    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count))
                        .bind(now)
                        .fetch_one(store.pool())
                        .await?;
                    let page = format!(
                        "SELECT r.*, d.name FROM requests r JOIN dealers d ON d.pdn = r.pdn \
                         WHERE {open} ORDER BY r.due_at ASC, r.id ASC LIMIT 51"
                    );
                    let rows = sqlx::query(sqlx::AssertSqlSafe(page))
                        .bind(now)
                        .fetch_all(store.pool())
                        .await?;
                    anyhow::ensure!(total > 0 && !rows.is_empty());
                    Ok(())
                }
            },
            |token: String| {
                let client = client.clone();
                async move {
                    let filter = RequestFilter {
                        overdue: Some(true),
                        ..RequestFilter::default()
                    };
                    let page = client.review_queue(&token, &filter).await?;
                    anyhow::ensure!(page.total > 0);
                    Ok(())
                }
            },
        )
        .await?;
        self.push_latency(
            format!(
                "reviewer queue, overdue only, at {} requests, HTTP vs raw SQL",
                self.args.requests
            ),
            &base,
            &subj,
        );
        // The queue's first page against the manager's list of one dealership: at scale a
        // reviewer waits about as long as a manager does.
        let (queue, manager) = (pct(&subj, 0.95), pct(&self.manager_requests, 0.95));
        let ratio = ms(queue) / ms(manager);
        self.rows.push(Measured {
            measure: format!(
                "reviewer queue (overdue, first page) p95 vs the manager's request list p95, at {} requests",
                self.args.requests
            ),
            backend: self.backend,
            ratio,
            goal: "≤ 3×",
            met: Some(ratio <= 3.0),
            absolute: format!("p95 {:.2} ms vs {:.2} ms", ms(queue), ms(manager)),
        });
        Ok(())
    }
}

async fn run_backend(
    store: Store,
    backend: &'static str,
    args: Arc<Args>,
) -> Result<Vec<Measured>> {
    eprintln!(
        "\n== {backend}: generating {} dealerships × {} users and {} requests",
        args.dealers, args.per_dealer, args.requests
    );
    let mut bench = Bench::start(store, backend, Arc::clone(&args)).await?;
    let t = Instant::now();
    scale::generate(
        &bench.store,
        args.dealers,
        args.per_dealer,
        args.requests,
        &bench.phc,
        Utc::now(),
    )
    .await?;
    eprintln!("generated in {:.0} s; measuring", t.elapsed().as_secs_f64());
    if !args.lists_only {
        bench.sign_in_throughput().await?;
        bench.two_step_sign_in_throughput().await?;
        bench.failed_sign_in_timing().await?;
    }
    bench.lists().await?;
    bench.queue().await?;
    Ok(bench.rows)
}

/// Cold start, idle memory and binary size of the app against the bare window.
fn desktop_rows(app: &Path, bare: &Path, deb: Option<&Path>, runs: usize) -> Result<Vec<Measured>> {
    eprintln!("\n== desktop: {runs} cold starts each of the app and the bare window");
    let (a, b) = desktop::compare(app, bare, runs)?;
    let (a_ms, b_ms) = (
        desktop::median(a.iter().map(|s| s.loaded).collect()),
        desktop::median(b.iter().map(|s| s.loaded).collect()),
    );
    let (a_kib, b_kib) = (
        desktop::median(a.iter().map(|s| s.pss_kib).collect()),
        desktop::median(b.iter().map(|s| s.pss_kib).collect()),
    );
    let size = |p: &Path| -> Result<u64> {
        Ok(std::fs::metadata(p)
            .with_context(|| format!("reading {}", p.display()))?
            .len())
    };
    let (a_size, b_size) = (size(app)?, size(bare)?);
    let mib = |bytes: u64| bytes as f64 / 1024.0 / 1024.0;
    let all = |starts: &[desktop::Start]| {
        starts
            .iter()
            .map(|s| format!("{:.0}", ms(s.loaded)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let start_ratio = a_ms.as_secs_f64() / b_ms.as_secs_f64();
    let memory_ratio = a_kib as f64 / b_kib as f64;
    let size_ratio = a_size as f64 / b_size as f64;
    Ok(vec![
        Measured {
            measure: "app cold start to page loaded (median)".into(),
            backend: "desktop",
            ratio: start_ratio,
            goal: "≤ 1.1×",
            met: Some(start_ratio <= 1.1),
            absolute: format!(
                "app {:.0} ms vs bare window {:.0} ms (app: {}; bare: {} ms)",
                ms(a_ms),
                ms(b_ms),
                all(&a),
                all(&b)
            ),
        },
        Measured {
            measure: "app idle memory, PSS of the app and its WebKit processes (median)".into(),
            backend: "desktop",
            ratio: memory_ratio,
            goal: "≤ 1.2×",
            met: Some(memory_ratio <= 1.2),
            absolute: format!(
                "app {:.1} MiB vs bare window {:.1} MiB",
                mib(a_kib * 1024),
                mib(b_kib * 1024)
            ),
        },
        Measured {
            measure: "stripped binary size, both built with the desktop profile".into(),
            backend: "desktop",
            ratio: size_ratio,
            goal: "≤ 2.5×",
            met: Some(size_ratio <= 2.5),
            absolute: format!(
                "app {:.1} MiB ({a_size} bytes) vs bare window {:.1} MiB ({b_size} bytes){}",
                mib(a_size),
                mib(b_size),
                match deb {
                    Some(deb) => {
                        let bytes = size(deb)?;
                        format!(
                            "; the app's deb package {:.1} MiB ({bytes} bytes)",
                            mib(bytes)
                        )
                    }
                    None => String::new(),
                }
            ),
        },
    ])
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or_else(|| "? GiB".into(), |kb| format!("{} GiB", kb / 1024 / 1024));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores ({cpu}), {mem} RAM")
}

fn report(args: &Args, rows: &[Measured]) -> String {
    let mut text = format!(
        "# Benchmarks\n\nMeasured {} on {}, with `{}`. Every ratio compares the portal with a \
         baseline measured in the same run on the same machine (these machines are shared and \
         noisy, so absolute times move; ratios hold better). Scale: {} dealerships × {} users \
         = {} users, {} requests, generated.\n\n## Ratios\n\n| measure | backend | ratio | goal | met |\n| --- | --- | --- | --- | --- |\n",
        Utc::now().format("%Y-%m-%d %H:%M UTC"),
        machine(),
        args.command,
        args.dealers,
        args.per_dealer,
        args.dealers * args.per_dealer,
        args.requests,
    );
    for r in rows {
        text.push_str(&format!(
            "| {} | {} | {:.2} | {} | {} |\n",
            r.measure,
            r.backend,
            r.ratio,
            r.goal,
            match r.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "—",
            }
        ));
    }
    text.push_str(
        "\n## Absolute numbers\n\n| measure | backend | numbers |\n| --- | --- | --- |\n",
    );
    for r in rows {
        text.push_str(&format!(
            "| {} | {} | {} |\n",
            r.measure, r.backend, r.absolute
        ));
    }
    text
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Arc::new(Args::parse());
    let dir = tempfile::tempdir()?;
    let sqlite = Store::connect(&format!(
        "sqlite:{}",
        dir.path().join("bench.sqlite").display()
    ))
    .await
    .context("opening the bench SQLite file")?;
    let mut rows = Vec::new();
    if !args.skip_portal && !args.skip_sqlite {
        rows.extend(run_backend(sqlite, "SQLite", Arc::clone(&args)).await?);
    }
    if let (Some(url), false) = (&args.postgres, args.skip_portal) {
        let scratch = Scratch::create(url, "bench").await?;
        let result = match Store::connect(&scratch.url).await {
            Ok(store) => run_backend(store, "PostgreSQL", Arc::clone(&args)).await,
            Err(err) => Err(err.into()),
        };
        scratch.drop().await?;
        rows.extend(result?);
    }
    match (&args.app, &args.bare) {
        (Some(app), Some(bare)) => {
            rows.extend(desktop_rows(app, bare, args.deb.as_deref(), args.app_runs)?)
        }
        _ => eprintln!("bench: no --app/--bare given; the desktop rows are not measured"),
    }
    let mut text = report(&args, &rows);
    // The other sections (the load test's, written by `cargo xtask soak`, and the notes
    // written by people) stay as they were.
    if let Ok(old) = std::fs::read_to_string(&args.out) {
        for section in old.split("\n## ").skip(1) {
            if !section.starts_with("Ratios") && !section.starts_with("Absolute numbers") {
                text.push_str("\n## ");
                text.push_str(section.trim_end_matches('\n'));
                text.push('\n');
            }
        }
    }
    std::fs::write(&args.out, &text).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("\n{text}");
    Ok(())
}
