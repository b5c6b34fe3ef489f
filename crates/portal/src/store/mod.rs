//! The portal's store: one set of SQL over SQLite (default) and PostgreSQL.
//!
//! Queries go through sqlx's `Any` driver with `$1`-style placeholders, which both backends
//! read the same way, and plain column types (text, 64-bit integers; times are UTC epoch
//! milliseconds, flags 0/1), so one query serves both and one conformance suite proves it.
//! Each backend has its own migrations (`migrations/sqlite`, `migrations/postgres`),
//! embedded and run at start. Counters change in one atomic statement
//! (`UPDATE … RETURNING`), never read-modify-write.

/// `struct $name { column, … }`: where each named column is in a result set, found by
/// name once (`$name::of(first_row)`) and then read by position in every row. A list of a
/// hundred rows otherwise looks the same names up in each row (a third of the work of
/// turning a manager's user list into users, in issue 18's profile). A missing column is
/// an error, as reading it by name was.
macro_rules! column_positions {
    ($(#[$doc:meta])* $vis:vis struct $name:ident { $($column:ident),* $(,)? }) => {
        $(#[$doc])*
        $vis struct $name {
            $($column: usize,)*
        }

        impl $name {
            $vis fn of(row: &sqlx::any::AnyRow) -> $crate::store::Result<$name> {
                use sqlx::{Column as _, Row as _};
                Ok($name {
                    $($column: row.try_column(stringify!($column))?.ordinal(),)*
                })
            }

            /// `read` on every row of `rows`, one result set, with the positions found in
            /// its first row (none to find when there is no row).
            $vis fn map_rows<T>(
                rows: &[sqlx::any::AnyRow],
                read: impl Fn(&$name, &sqlx::any::AnyRow) -> $crate::store::Result<T>,
            ) -> $crate::store::Result<Vec<T>> {
                let Some(first) = rows.first() else {
                    return Ok(Vec::new());
                };
                let columns = $name::of(first)?;
                rows.iter().map(|row| read(&columns, row)).collect()
            }
        }
    };
}

pub mod access_reviews;
pub mod audit;
pub mod backup;
pub mod dealers;
pub mod email_changes;
pub mod email_codes;
pub mod enrollments;
pub mod help_desk;
pub mod inactivity;
pub mod outbox;
pub mod requests;
pub mod resets;
pub mod roster;
pub mod sessions;
pub mod two_step;
pub mod users;

pub use users::UserKey;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write (mapped to 409 in one place).
    #[error("already exists")]
    Conflict,
    #[error("not found")]
    NotFound,
    #[error("this build of the portal has no PostgreSQL support; use a sqlite: database URL")]
    PostgresNotBuilt,
    #[error("database URL must start with sqlite: or postgres://")]
    UnknownUrl,
    #[error("database error: {0}")]
    Db(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
            sqlx::Error::RowNotFound => StoreError::NotFound,
            _ => StoreError::Db(err),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A pooled connection used this recently is taken as live without a ping (see
/// [`Store::connect_unmigrated`]).
pub const ALIVE_BYPASS: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The dealership this handle works for ([`Store::for_dealership`]): on PostgreSQL its
    /// reads run in a transaction that sets `dealer.pdn`, so row-level security (migration
    /// 0007) shows them that dealership's rows only.
    dealership: Option<String>,
    /// Server secrets (`server_secrets`) read once: each is written once, on first use,
    /// and never changes, so every handle of this pool shares what it read.
    secrets: std::sync::Arc<std::sync::Mutex<SecretCache>>,
}

type SecretCache = std::collections::HashMap<String, zeroize::Zeroizing<[u8; 32]>>;

/// A connection for one read: pooled as it is, or a transaction scoped to the dealership
/// of the handle that opened it. Either is an `AnyConnection` to the queries.
pub enum Conn {
    Pooled(sqlx::pool::PoolConnection<sqlx::Any>),
    Scoped(sqlx::Transaction<'static, sqlx::Any>),
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Conn::Pooled(_) => "Conn::Pooled",
            Conn::Scoped(_) => "Conn::Scoped",
        })
    }
}

impl std::ops::Deref for Conn {
    type Target = sqlx::AnyConnection;

    fn deref(&self) -> &Self::Target {
        match self {
            Conn::Pooled(conn) => conn,
            Conn::Scoped(tx) => tx,
        }
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            Conn::Pooled(conn) => conn,
            Conn::Scoped(tx) => tx,
        }
    }
}

/// UTC epoch milliseconds, the one time representation in the database.
/// `'a', 'b'`: the stored texts of `values`, for an SQL `IN (…)` list. Only for the texts of
/// our own enums (dealer-core's `text_enum!`, one spelling each), never for input.
pub fn sql_texts<T: std::fmt::Display>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

impl Store {
    /// Connect to `url` (`sqlite:path` — created if missing — or `postgres://…`) and run
    /// the migrations of that backend.
    pub async fn connect(url: &str) -> Result<Store> {
        let store = Self::connect_unmigrated(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connect without touching the schema.
    pub async fn connect_unmigrated(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            if !cfg!(feature = "postgres") {
                return Err(StoreError::PostgresNotBuilt);
            }
            Backend::Postgres
        } else {
            return Err(StoreError::UnknownUrl);
        };
        let url = match backend {
            // Create the file on first start.
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            // A connection leaving the pool is checked only when it sat idle long enough to
            // have died unnoticed (the server restarted, a proxy dropped it): one idle for
            // ALIVE_BYPASS or more is pinged first, and one that does not answer is closed
            // and another taken. sqlx's default pinged every time, a round trip before each
            // use: on PostgreSQL an office manager's list paid two (authentication and the
            // scoped read). HikariCP draws the same line at the same half second.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= ALIVE_BYPASS {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers never block the writer; a busy writer waits instead
                        // of failing; foreign keys on; NORMAL sync is crash-safe in WAL.
                        // secure_delete: replaced or deleted content is overwritten with
                        // zeros, so a removed secret (a delivered enrollment code) does not
                        // linger in the file's free space.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 15000; \
                             PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                             PRAGMA secure_delete = ON;",
                        )
                        .await?;
                    } else {
                        // No parallel plans: the portal's queries are pages of 50 and counts
                        // that stop at a thousand, and starting workers costs more than they
                        // save (10 ms of a 1 ms query, measured). Row security's filter makes
                        // the planner expect far fewer matches than there are, so without this
                        // it chose a parallel scan for the reviewer queue's capped count.
                        conn.execute("SET max_parallel_workers_per_gather = 0")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store {
            pool,
            backend,
            dealership: None,
            secrets: std::sync::Arc::default(),
        })
    }

    /// This store as one dealership's office manager uses it. On PostgreSQL row-level
    /// security then shows its reads that dealership's rows only, whatever their `WHERE`
    /// says: a query that forgot its PDN filter returns nothing of another dealership.
    /// (SQLite has no row-level security; the queries' own filters are the guard there.)
    pub fn for_dealership(&self, pdn: &dealer_core::ids::Pdn) -> Store {
        Store {
            dealership: Some(pdn.to_string()),
            ..self.clone()
        }
    }

    /// A connection for this handle's reads: for a dealership's handle on PostgreSQL, a
    /// transaction that has set `dealer.pdn` for itself (`SET LOCAL`, gone when it ends).
    pub async fn conn(&self) -> Result<Conn> {
        match (&self.dealership, self.backend) {
            (Some(pdn), Backend::Postgres) => {
                // The transaction and its setting in one round trip (one simple query of two
                // statements). The PDN is spliced, not bound: it is a parsed `Pdn`, five
                // digits, so it holds no quote.
                debug_assert!(pdn.len() == 5 && pdn.bytes().all(|b| b.is_ascii_digit()));
                let tx = self
                    .pool
                    .begin_with(sqlx::AssertSqlSafe(format!(
                        "BEGIN; SELECT set_config('dealer.pdn', '{pdn}', true)"
                    )))
                    .await?;
                Ok(Conn::Scoped(tx))
            }
            _ => Ok(Conn::Pooled(self.pool.acquire().await?)),
        }
    }

    async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The database answers (readiness).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
