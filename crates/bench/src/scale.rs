//! Generated scale data: dealerships, users and requests inserted in bulk (multi-row
//! INSERTs in transactions) with a progress bar. Every generated user shares one real
//! argon2id hash, so any of them can sign in with the bench password.

use chrono::{DateTime, Duration, Utc};
use dealer_portal::store::Store;
use indicatif::{ProgressBar, ProgressStyle};
use rand::Rng;

/// Rows per INSERT statement.
const CHUNK: usize = 400;

fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} {per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}

pub fn pdn(d: usize) -> String {
    format!("{:05}", 10_000 + d % 90_000)
}

/// Insert `total` generated rows into `head` (`INSERT INTO t (…) VALUES `), `CHUNK` rows a
/// statement and ten statements a transaction, with a progress bar; `row(i)` is row `i`'s
/// value tuple.
async fn insert_rows(
    store: &Store,
    what: &str,
    head: &str,
    total: usize,
    mut row: impl FnMut(usize) -> String,
) -> anyhow::Result<()> {
    let bar = progress(total as u64, what);
    let mut n = 0;
    while n < total {
        let mut tx = store.pool().begin().await?;
        for _ in 0..10 {
            if n >= total {
                break;
            }
            let end = (n + CHUNK).min(total);
            let values: Vec<String> = (n..end).map(&mut row).collect();
            sqlx::query(sqlx::AssertSqlSafe(format!("{head}{}", values.join(","))))
                .execute(&mut *tx)
                .await?;
            bar.inc((end - n) as u64);
            n = end;
        }
        tx.commit().await?;
    }
    bar.finish();
    Ok(())
}

/// `dealers` dealerships with `per_dealer` users each (the first an active office manager), and
/// `requests` requests spread over them, states and due times mixed.
pub async fn generate(
    store: &Store,
    dealers: usize,
    per_dealer: usize,
    requests: usize,
    phc: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let ms = now.timestamp_millis();
    insert_rows(
        store,
        "dealers",
        "INSERT INTO dealers (pdn, name, active, created_at) VALUES ",
        dealers,
        |d| format!("('{}', 'Dealer {d}', 1, {ms})", pdn(d)),
    )
    .await?;

    let mut rng = rand::rng();
    insert_rows(
        store,
        "users",
        "INSERT INTO users (user_id, pdn, role, first_name, last_name, email, state, \
         password_hash, activity_since, last_sign_in_at, created_at) VALUES ",
        dealers * per_dealer,
        |u| {
            let (d, k) = (u / per_dealer, u % per_dealer);
            let role = if k == 0 { "office_manager" } else { "staff" };
            // Office managers are active and signed in today; staff are a mix, some past
            // the 60-day clock.
            let state = match rng.random_range(0..100) {
                _ if k == 0 => "active",
                0..=2 => "inactive",
                3 => "deactivated",
                _ => "active",
            };
            let since = if k == 0 {
                ms
            } else {
                ms - rng.random_range(0..70_i64) * 86_400_000
            };
            format!(
                "('user{u}', '{}', '{role}', 'First{k}', 'Last{d}', 'user{u}@bench.example', \
                 '{state}', '{phc}', {since}, {since}, {ms})",
                pdn(d)
            )
        },
    )
    .await?;

    let kinds = [
        "new_user",
        "remove_application_access",
        "reactivation",
        "deactivation",
    ];
    let states = [
        "submitted",
        "in_review",
        "approved",
        "completed",
        "completed",
        "completed",
        "rejected",
        "cancelled",
        "needs_info",
    ];
    let mut rng = rand::rng();
    insert_rows(
        store,
        "requests",
        "INSERT INTO requests (pdn, kind, state, user_id, first_name, last_name, email, \
         applications, submitted_by, submitted_at, due_at, updated_at) VALUES ",
        requests,
        |r| {
            let d = r % dealers;
            let submitted = ms - rng.random_range(0..(90 * 86_400_000_i64));
            let due = submitted + Duration::hours(30).num_milliseconds();
            format!(
                "('{}', '{}', '{}', 'req{r}', 'Req', 'Uest{r}', 'req{r}@bench.example', \
                 'smartcash', 'user{}', {submitted}, {due}, {submitted})",
                pdn(d),
                kinds[r % kinds.len()],
                states[rng.random_range(0..states.len())],
                d * per_dealer
            )
        },
    )
    .await?;
    // Fresh statistics for the planner, as a real deployment's autovacuum would have.
    sqlx::query("ANALYZE").execute(store.pool()).await?;
    Ok(())
}
