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
    let bar = progress(dealers as u64, "dealers");
    for chunk in (0..dealers).collect::<Vec<_>>().chunks(CHUNK) {
        let mut sql = String::from("INSERT INTO dealers (pdn, name, active, created_at) VALUES ");
        for (i, d) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("('{}', 'Dealer {d}', 1, {ms})", pdn(*d)));
        }
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(store.pool())
            .await?;
        bar.inc(chunk.len() as u64);
    }
    bar.finish();

    let total = dealers * per_dealer;
    let bar = progress(total as u64, "users");
    let mut rng = rand::rng();
    let mut n = 0;
    while n < total {
        let mut tx = store.pool().begin().await?;
        for _ in 0..10 {
            if n >= total {
                break;
            }
            let end = (n + CHUNK).min(total);
            let mut sql = String::from(
                "INSERT INTO users (user_id, pdn, role, first_name, last_name, email, state, \
                 password_hash, activity_since, last_sign_in_at, created_at) VALUES ",
            );
            for u in n..end {
                let (d, k) = (u / per_dealer, u % per_dealer);
                let role = if k == 0 { "office_manager" } else { "staff" };
                // Office managers are active and signed in today; staff are a mix, some
                // past the 60-day clock.
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
                if u > n {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "('user{u}', '{}', '{role}', 'First{k}', 'Last{d}', 'user{u}@bench.example', \
                     '{state}', '{phc}', {since}, {since}, {ms})",
                    pdn(d)
                ));
            }
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
            bar.inc((end - n) as u64);
            n = end;
        }
        tx.commit().await?;
    }
    bar.finish();

    let bar = progress(requests as u64, "requests");
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
    let mut n = 0;
    while n < requests {
        let mut tx = store.pool().begin().await?;
        for _ in 0..10 {
            if n >= requests {
                break;
            }
            let end = (n + CHUNK).min(requests);
            let mut sql = String::from(
                "INSERT INTO requests (pdn, kind, state, user_id, first_name, last_name, email, \
                 applications, submitted_by, submitted_at, due_at, updated_at) VALUES ",
            );
            for r in n..end {
                let d = r % dealers;
                let submitted = ms - rng.random_range(0..(90 * 86_400_000_i64));
                let due = submitted + Duration::hours(30).num_milliseconds();
                if r > n {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "('{}', '{}', '{}', 'req{r}', 'Req', 'Uest{r}', 'req{r}@bench.example', \
                     'smartcash', 'user{}', {submitted}, {due}, {submitted})",
                    pdn(d),
                    kinds[r % kinds.len()],
                    states[rng.random_range(0..states.len())],
                    d * per_dealer
                ));
            }
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
            bar.inc((end - n) as u64);
            n = end;
        }
        tx.commit().await?;
    }
    bar.finish();
    // Fresh statistics for the planner, as a real deployment's autovacuum would have.
    let analyze = match store.backend() {
        dealer_portal::store::Backend::Sqlite => "ANALYZE",
        dealer_portal::store::Backend::Postgres => "ANALYZE",
    };
    sqlx::query(analyze).execute(store.pool()).await?;
    Ok(())
}
