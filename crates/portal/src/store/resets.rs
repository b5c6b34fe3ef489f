//! Online password reset and password changes: single-use reset tokens (stored only as
//! SHA-256 hashes, like session tokens), the password updates both flows end with, and
//! the per-deployment secrets the portal makes for itself.
//!
//! Server secrets live in the database, not in the configuration, so every replica of a
//! shared portal (and the embedded one) has the same value without anyone setting it: the
//! first use inserts a random value (`ON CONFLICT DO NOTHING`, so concurrent first uses
//! on several replicas agree) and every use reads the one stored. Such a secret only
//! hides what the database already shows to whoever can read it (which user IDs exist);
//! it never protects a password or an answer.

use super::UserKey;
use chrono::{DateTime, Duration, Utc};
use dealer_core::access::AccountState;
use rand::TryRngCore;
use sqlx::{AnyConnection, Row};

use super::sessions::{Token, hash_token};
use super::{Result, Store, StoreError, ms};

/// The secret keying the HMAC that picks decoy reset questions for unknown user IDs.
pub const RESET_DECOY_SECRET: &str = "reset_decoy";

/// A reset token lives this long after both answers were right.
pub const RESET_TOKEN_MINUTES: i64 = 15;

/// The 32-byte secret called `name`, made at random on first use.
pub async fn server_secret(
    conn: &mut AnyConnection,
    name: &str,
    now: DateTime<Utc>,
) -> Result<[u8; 32]> {
    let read = |value: String| -> Result<[u8; 32]> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(value, &mut out)
            .map_err(|_| StoreError::Corrupt(format!("server secret {name}")))?;
        Ok(out)
    };
    let row = sqlx::query("SELECT value FROM server_secrets WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = row {
        return read(row.try_get("value")?);
    }
    let mut fresh = [0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut fresh)
        .expect("the OS random source works");
    sqlx::query(
        "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(hex::encode(fresh))
    .bind(ms(now))
    .execute(&mut *conn)
    .await?;
    // Another replica may have won the race: the stored value is the one.
    let row = sqlx::query("SELECT value FROM server_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(&mut *conn)
        .await?;
    read(row.try_get("value")?)
}

/// Issue a reset token for `user_pk`, valid for [`RESET_TOKEN_MINUTES`]; an unused
/// earlier token of the same user stops working, so at most one is live.
pub async fn issue_reset(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    now: DateTime<Utc>,
) -> Result<Token> {
    sqlx::query("DELETE FROM password_resets WHERE user_pk = $1 AND used_at IS NULL")
        .bind(user_pk)
        .execute(&mut *conn)
        .await?;
    // Right answers end a streak of wrong ones (a lock stays until the help desk lifts it).
    sqlx::query("UPDATE users SET answer_failures = 0 WHERE id = $1 AND locked_at IS NULL")
        .bind(user_pk)
        .execute(&mut *conn)
        .await?;
    let token = Token::generate();
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_pk, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token.hash())
    .bind(user_pk)
    .bind(ms(now))
    .bind(ms(now + Duration::minutes(RESET_TOKEN_MINUTES)))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// Use up a reset token in one statement: the user it was issued to, or `None` when it
/// is unknown, used or expired. Of any number of concurrent uses exactly one succeeds.
pub async fn consume_reset(
    conn: &mut AnyConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<UserKey>> {
    let row = sqlx::query(
        "UPDATE password_resets SET used_at = $2 \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_pk",
    )
    .bind(hash_token(token))
    .bind(ms(now))
    .fetch_optional(conn)
    .await?;
    row.map(|r| r.try_get("user_pk"))
        .transpose()
        .map_err(Into::into)
}

/// A new password after a reset. The failure count starts over only when the account is
/// not locked: a lock stays until the help desk lifts it. `Some(locked)` tells whether
/// the account is locked; `None` when it left the active state meanwhile (nothing
/// changed then).
pub async fn set_password_after_reset(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    phc: &str,
) -> Result<Option<bool>> {
    let row = sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = 0, temporary_password_expires_at = NULL, \
           failed_attempts = CASE WHEN locked_at IS NULL THEN 0 ELSE failed_attempts END \
         WHERE id = $1 AND state = $3 RETURNING locked_at",
    )
    .bind(user_pk)
    .bind(phc)
    .bind(AccountState::Active.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|r| Ok(r.try_get::<Option<i64>, _>("locked_at")?.is_some()))
        .transpose()
}

/// A new password chosen by its signed-in owner: the temporary-password flag clears and,
/// the current password having been proven, the failure count starts over. False when
/// the account was locked or left the active state meanwhile (nothing changed then).
pub async fn set_changed_password(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    phc: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = 0, temporary_password_expires_at = NULL, failed_attempts = 0 \
         WHERE id = $1 AND state = $3 AND locked_at IS NULL",
    )
    .bind(user_pk)
    .bind(phc)
    .bind(AccountState::Active.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// End every live session of a user but `keep` (the one changing the password).
pub async fn revoke_other_sessions(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    keep: &str,
    now: DateTime<Utc>,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = $3 WHERE user_pk = $1 AND id <> $2 AND revoked_at IS NULL",
    )
    .bind(user_pk)
    .bind(keep)
    .bind(ms(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

impl Store {
    /// The user a live (unused, unexpired) reset token belongs to, without using it up.
    pub async fn reset_holder(&self, token: &str, now: DateTime<Utc>) -> Result<Option<UserKey>> {
        let row = sqlx::query(
            "SELECT user_pk FROM password_resets \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(hash_token(token))
        .bind(ms(now))
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| r.try_get("user_pk"))
            .transpose()
            .map_err(Into::into)
    }

    /// See [`server_secret`]; read from the database once per process.
    pub async fn server_secret(&self, name: &str, now: DateTime<Utc>) -> Result<[u8; 32]> {
        if let Some(known) = self.known_secret(name) {
            return Ok(*known);
        }
        let mut conn = self.pool().acquire().await?;
        let secret = server_secret(&mut conn, name, now).await?;
        self.secrets
            .lock()
            .expect("the secret cache is never poisoned: nothing panics holding it")
            .insert(name.to_owned(), zeroize::Zeroizing::new(secret));
        Ok(secret)
    }

    fn known_secret(&self, name: &str) -> Option<zeroize::Zeroizing<[u8; 32]>> {
        self.secrets
            .lock()
            .expect("the secret cache is never poisoned: nothing panics holding it")
            .get(name)
            .cloned()
    }

    /// The key that seals secret-bearing mail and two-step secrets: `DEALER_OUTBOX_KEY`
    /// when configured, else the database's own (read once).
    pub async fn sealing_key(&self, now: DateTime<Utc>) -> Result<zeroize::Zeroizing<[u8; 32]>> {
        match super::outbox::configured_key() {
            Some(key) => Ok(key),
            None => Ok(zeroize::Zeroizing::new(
                self.server_secret(super::outbox::OUTBOX_KEY_SECRET, now)
                    .await?,
            )),
        }
    }
}
