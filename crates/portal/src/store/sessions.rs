//! Sessions: random 256-bit bearer tokens, stored only as SHA-256 hashes, with idle and
//! absolute timeouts.

use super::UserKey;
use chrono::{DateTime, Duration, Utc};
use rand::TryRngCore;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use std::sync::LazyLock;

use super::audit;
use super::users::{SIGNED_IN, USER_COLUMNS, User, user_from_row};
use super::{Result, Store, from_ms, ms};
use dealer_core::access::AccountState;

/// How stale `last_seen_at` may get before a request writes it again. A write on every
/// authenticated request was most of an office manager's list request on SQLite
/// (`cargo xtask bench`); the price is that the idle timeout may end a session up to this
/// much sooner than the exact idle time would.
pub const TOUCH_EVERY: Duration = Duration::seconds(30);

/// A bearer token as handed to the client once. `Debug` never shows it.
pub struct Token(String);

impl Token {
    /// 32 bytes from the OS random source, hex encoded.
    pub fn generate() -> Token {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng
            .try_fill_bytes(&mut bytes)
            .expect("the OS random source works");
        Token(hex::encode(bytes))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> String {
        hash_token(&self.0)
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

/// What the database keeps of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh public id for a session (listing and revoking never show the token).
pub(super) fn public_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the OS random source works");
    hex::encode(bytes)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub user_pk: UserKey,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

/// A session from `row`, whose columns are named `<prefix><column>` (`""` for the table's
/// own names, `"session_"` where a join with the user renamed them).
fn session_from_row(row: &sqlx::any::AnyRow, prefix: &str) -> Result<Session> {
    let column = |name: &str| format!("{prefix}{name}");
    Ok(Session {
        id: row.try_get(column("id").as_str())?,
        user_pk: row.try_get(column("user_pk").as_str())?,
        created_at: from_ms(row.try_get(column("created_at").as_str())?),
        last_seen_at: from_ms(row.try_get(column("last_seen_at").as_str())?),
        expires_at: from_ms(row.try_get(column("expires_at").as_str())?),
        client_addr: row.try_get(column("client_addr").as_str())?,
        user_agent: row.try_get(column("user_agent").as_str())?,
    })
}

/// Start a session on `conn`; returns the token (shown once) and the session.
pub async fn create(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    timeouts: Timeouts,
    client_addr: Option<&str>,
    user_agent: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(Token, Session)> {
    let (token, session) = new_session(user_pk, timeouts, client_addr, user_agent, now);
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_pk, created_at, last_seen_at, expires_at, client_addr, user_agent) \
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
    )
    .bind(&session.id)
    .bind(token.hash())
    .bind(user_pk)
    .bind(ms(now))
    .bind(ms(session.expires_at))
    .bind(session.client_addr.as_deref())
    .bind(session.user_agent.as_deref())
    .execute(conn)
    .await?;
    Ok((token, session))
}

/// A new session's token and row, not yet stored.
fn new_session(
    user_pk: UserKey,
    timeouts: Timeouts,
    client_addr: Option<&str>,
    user_agent: Option<&str>,
    now: DateTime<Utc>,
) -> (Token, Session) {
    let session = Session {
        id: public_id(),
        user_pk,
        created_at: now,
        last_seen_at: now,
        expires_at: now + timeouts.absolute,
        client_addr: client_addr.map(str::to_owned),
        user_agent: user_agent.map(|ua| ua.chars().take(200).collect()),
    };
    (Token::generate(), session)
}

/// A password sign-in's writes in one statement, on PostgreSQL (whose data-modifying `WITH`
/// makes them one atomic statement, one round trip where a transaction takes five): the
/// user row's record as [`super::Store::record_sign_in`] makes it, the session as
/// [`create`] stores it, and `entry` as [`audit::append`] appends it. `None`, and nothing
/// written, when the record's conditions no longer hold (locked, another state or
/// password, a temporary password spent meanwhile). The session remembers where the
/// sign-in came from: the client's address and user agent.
pub async fn open_at_once(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    verified_hash: &str,
    timeouts: Timeouts,
    (client_addr, user_agent): (Option<&str>, Option<&str>),
    entry: &audit::Entry,
    now: DateTime<Utc>,
) -> Result<Option<(Token, Session)>> {
    let (token, session) = new_session(user_pk, timeouts, client_addr, user_agent, now);
    let sql = format!(
        "WITH signed AS (UPDATE users SET {SIGNED_IN} RETURNING id), \
         opened AS (INSERT INTO sessions (id, token_hash, user_pk, created_at, last_seen_at, \
             expires_at, client_addr, user_agent) \
           SELECT $5, $6, id, $2, $2, $7, $8, $9 FROM signed RETURNING user_pk) \
         INSERT INTO audit_log (at, {}) \
           SELECT $2, $10, $11, $12, $13, $14, $15, $16 FROM opened RETURNING id",
        audit::COLUMNS
    );
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_pk)
        .bind(ms(now))
        .bind(verified_hash)
        .bind(AccountState::Active.as_str())
        .bind(&session.id)
        .bind(token.hash())
        .bind(ms(session.expires_at))
        .bind(session.client_addr.clone())
        .bind(session.user_agent.clone());
    for value in audit::values(entry) {
        insert = insert.bind(value);
    }
    let row = insert.fetch_optional(conn).await?;
    Ok(row.map(|_| (token, session)))
}

/// End every live session of a user (lock, unlock, password reset, deactivation).
pub async fn revoke_all(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    now: DateTime<Utc>,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = $2 WHERE user_pk = $1 AND revoked_at IS NULL",
    )
    .bind(user_pk)
    .bind(ms(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

impl Store {
    /// The live session of a token: not revoked, not past its absolute expiry, not idle for
    /// longer than the idle timeout. Marks it used (`last_seen_at`) when its last mark is
    /// [`TOUCH_EVERY`] old or more, so most requests only read.
    pub async fn session_by_token(
        &self,
        token: &str,
        timeouts: Timeouts,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>> {
        Ok(self
            .session_and_user(token, timeouts, now)
            .await?
            .map(|(session, _)| session))
    }

    /// The live session of a token (as [`Store::session_by_token`]) with its person, read
    /// in one query: every authenticated request starts here, and on PostgreSQL each query
    /// is a round trip to the server.
    pub async fn session_and_user(
        &self,
        token: &str,
        timeouts: Timeouts,
        now: DateTime<Utc>,
    ) -> Result<Option<(Session, User)>> {
        // Written once: every authenticated request runs it.
        static SQL: LazyLock<String> = LazyLock::new(|| {
            format!(
                "SELECT s.id AS session_id, s.user_pk AS session_user_pk, \
                   s.created_at AS session_created_at, s.last_seen_at AS session_last_seen_at, \
                   s.expires_at AS session_expires_at, s.client_addr AS session_client_addr, \
                   s.user_agent AS session_user_agent, u.* \
                 FROM sessions s JOIN (SELECT {USER_COLUMNS} FROM users) u ON u.id = s.user_pk \
                 WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 \
                   AND s.last_seen_at > $3"
            )
        });
        let row = sqlx::query(sqlx::AssertSqlSafe(SQL.as_str()))
            .bind(hash_token(token))
            .bind(ms(now))
            .bind(ms(now - timeouts.idle))
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut session = session_from_row(&row, "session_")?;
        let user = user_from_row(&row)?;
        if now - session.last_seen_at >= TOUCH_EVERY {
            sqlx::query(
                "UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2",
            )
            .bind(&session.id)
            .bind(ms(now))
            .execute(self.pool())
            .await?;
            session.last_seen_at = now;
        }
        Ok(Some((session, user)))
    }

    /// A user's live sessions, newest first.
    pub async fn sessions_of(
        &self,
        user_pk: UserKey,
        timeouts: Timeouts,
        now: DateTime<Utc>,
    ) -> Result<Vec<Session>> {
        let rows = sqlx::query(
            "SELECT id, user_pk, created_at, last_seen_at, expires_at, client_addr, user_agent FROM sessions \
             WHERE user_pk = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3 \
             ORDER BY created_at DESC",
        )
        .bind(user_pk)
        .bind(ms(now))
        .bind(ms(now - timeouts.idle))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|row| session_from_row(row, "")).collect()
    }

    /// Revoke one session of `user_pk`; false when there is no such live session of theirs.
    pub async fn revoke_session(
        &self,
        user_pk: UserKey,
        session_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query("UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND user_pk = $2 AND revoked_at IS NULL")
            .bind(session_id)
            .bind(user_pk)
            .bind(ms(now))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn revoke_all_sessions(&self, user_pk: UserKey, now: DateTime<Utc>) -> Result<u64> {
        let mut conn = self.pool().acquire().await?;
        revoke_all(&mut conn, user_pk, now).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bit_random_and_never_debug_printed() {
        let a = Token::generate();
        let b = Token::generate();
        assert_eq!(a.expose().len(), 64, "32 bytes, hex");
        assert_ne!(a.expose(), b.expose());
        assert_eq!(format!("{a:?}"), "Token(***)");
        assert_ne!(a.hash(), a.expose(), "only the hash is stored");
        assert_eq!(a.hash().len(), 64);
    }
}
