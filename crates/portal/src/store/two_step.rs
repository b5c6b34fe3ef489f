//! Two-step sign-in's stored half (migration 0008): each person's authenticator secret,
//! sealed, with the step of the last code it accepted, and their recovery codes, hashed.
//!
//! The rules are dealer-core's (`two_step`); this module keeps what must hold when many
//! requests race: a step is used at most once (one `UPDATE … WHERE last_step < $step`),
//! a recovery code at most once (one `UPDATE … WHERE used_at IS NULL`).

use chrono::{DateTime, Utc};
use dealer_core::two_step::{RecoveryCode, TotpSecret};
use sqlx::{AnyConnection, Row};

use super::outbox::{seal, sealing_key, unseal};
use super::resets::server_secret;
use super::sessions::{Token, hash_token};
use super::{Result, Store, StoreError, UserKey, from_ms, ms};
use crate::pepper::hmac_sha256;

/// The associated data a secret is sealed with: a sealed mail body cannot pass for one.
const SEALED_KIND: &str = "two_step_secret";

/// The server secret keying the recovery codes' HMAC.
pub const RECOVERY_SECRET: &str = "recovery_codes";

/// A person's two-step sign-in as stored.
#[derive(Debug, Clone)]
pub struct TwoStep {
    pub secret: TotpSecret,
    pub created_at: DateTime<Utc>,
    /// `None` while being set up: sign-in does not ask for a code yet.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The step of the last code accepted.
    pub last_step: Option<u64>,
}

/// Start (or start again) setting up `user_pk`'s two-step sign-in with `secret`. Refused
/// ([`StoreError::Conflict`]) when a confirmed one exists: that one is reset first.
pub async fn begin(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    secret: &TotpSecret,
    now: DateTime<Utc>,
) -> Result<()> {
    let key = sealing_key(&mut *conn, now).await?;
    let sealed = seal(&key, SEALED_KIND, &hex::encode(secret.as_bytes()));
    let written = sqlx::query(
        "INSERT INTO two_step (user_pk, secret_sealed, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_pk) DO UPDATE SET secret_sealed = $2, created_at = $3, last_step = NULL \
         WHERE two_step.confirmed_at IS NULL",
    )
    .bind(user_pk)
    .bind(&sealed)
    .bind(ms(now))
    .execute(conn)
    .await?;
    if written.rows_affected() == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

/// `user_pk`'s two-step sign-in, confirmed or being set up, its secret unsealed with `key`
/// ([`Store::sealing_key`]).
pub async fn of(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    key: &[u8; 32],
) -> Result<Option<TwoStep>> {
    let row = sqlx::query(
        "SELECT secret_sealed, created_at AS two_step_created, confirmed_at AS two_step_confirmed, \
         last_step FROM two_step WHERE user_pk = $1",
    )
    .bind(user_pk)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => from_row(&row, key),
        None => Ok(None),
    }
}

/// A two-step row read as `secret_sealed`, `two_step_created`, `two_step_confirmed` and
/// `last_step` (NULL `secret_sealed`: none, from an outer join).
fn from_row(row: &sqlx::any::AnyRow, key: &[u8; 32]) -> Result<Option<TwoStep>> {
    let Some(sealed) = row.try_get::<Option<String>, _>("secret_sealed")? else {
        return Ok(None);
    };
    let corrupt = || StoreError::Corrupt("a two-step secret does not unseal".into());
    if !sealed.starts_with("sealed:") {
        // Never written in clear: a row that is was not written by this portal.
        return Err(corrupt());
    }
    let plain = zeroize::Zeroizing::new(unseal(key, SEALED_KIND, &sealed).ok_or_else(corrupt)?);
    let bytes = zeroize::Zeroizing::new(hex::decode(&plain).map_err(|_| corrupt())?);
    Ok(Some(TwoStep {
        secret: TotpSecret::from_stored(&bytes).ok_or_else(corrupt)?,
        created_at: from_ms(row.try_get("two_step_created")?),
        confirmed_at: row
            .try_get::<Option<i64>, _>("two_step_confirmed")?
            .map(from_ms),
        last_step: row
            .try_get::<Option<i64>, _>("last_step")?
            .map(|s| u64::try_from(s).unwrap_or_default()),
    }))
}

/// Record that a code of `step` was accepted: true for exactly one of any number of
/// concurrent uses of that step (and never for a step at or before the last one).
pub async fn use_step(conn: &mut AnyConnection, user_pk: UserKey, step: u64) -> Result<bool> {
    let step = i64::try_from(step).map_err(|_| StoreError::Corrupt("a step past 2^63".into()))?;
    let done = sqlx::query(
        "UPDATE two_step SET last_step = $2 \
         WHERE user_pk = $1 AND (last_step IS NULL OR last_step < $2)",
    )
    .bind(user_pk)
    .bind(step)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The set-up is confirmed by a code of `step`: sign-in asks for codes from now on, and
/// `codes` replace any recovery codes the person had. False when it was confirmed already
/// or the step was used (nothing changed then).
pub async fn confirm(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    step: u64,
    codes: &[RecoveryCode],
    now: DateTime<Utc>,
) -> Result<bool> {
    let step = i64::try_from(step).map_err(|_| StoreError::Corrupt("a step past 2^63".into()))?;
    let done = sqlx::query(
        "UPDATE two_step SET confirmed_at = $3, last_step = $2 \
         WHERE user_pk = $1 AND confirmed_at IS NULL AND (last_step IS NULL OR last_step < $2)",
    )
    .bind(user_pk)
    .bind(step)
    .bind(ms(now))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM recovery_codes WHERE user_pk = $1")
        .bind(user_pk)
        .execute(&mut *conn)
        .await?;
    let secret = server_secret(&mut *conn, RECOVERY_SECRET, now).await?;
    for code in codes {
        sqlx::query("INSERT INTO recovery_codes (user_pk, code_hash) VALUES ($1, $2)")
            .bind(user_pk)
            .bind(recovery_hash(&secret, user_pk, code))
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Use one of `user_pk`'s recovery codes (hashed under `secret`, the server secret
/// [`RECOVERY_SECRET`]): how many unused ones are left after it, or `None` when `code` is
/// not one of theirs or was used (of concurrent uses of one code, exactly one gets a number).
pub async fn use_recovery_code(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    code: &RecoveryCode,
    secret: &[u8; 32],
    now: DateTime<Utc>,
) -> Result<Option<u32>> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 \
         WHERE user_pk = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(user_pk)
    .bind(recovery_hash(secret, user_pk, code))
    .bind(ms(now))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    Ok(Some(unused_recovery_codes(conn, user_pk).await?))
}

/// How many of `user_pk`'s recovery codes are still unused.
pub async fn unused_recovery_codes(conn: &mut AnyConnection, user_pk: UserKey) -> Result<u32> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_pk = $1 AND used_at IS NULL",
    )
    .bind(user_pk)
    .fetch_one(conn)
    .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Remove `user_pk`'s two-step sign-in and recovery codes (a lost phone, after the help
/// desk verified them): they set it up again at their next sign-in. Whether there was one.
pub async fn remove(conn: &mut AnyConnection, user_pk: UserKey) -> Result<bool> {
    for forget in [
        "DELETE FROM recovery_codes WHERE user_pk = $1",
        "DELETE FROM remembered_devices WHERE user_pk = $1",
    ] {
        sqlx::query(forget)
            .bind(user_pk)
            .execute(&mut *conn)
            .await?;
    }
    let done = sqlx::query("DELETE FROM two_step WHERE user_pk = $1")
        .bind(user_pk)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Minutes a sign-in may wait between its two steps.
pub const PENDING_MINUTES: i64 = 5;

/// A sign-in between its two steps: whose password was right, and the hash it was checked
/// against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub user_pk: UserKey,
    pub password_hash: String,
    pub expires_at: DateTime<Utc>,
}

/// `user_pk`'s password (stored as `password_hash`) was right: a token for the second step,
/// live for [`PENDING_MINUTES`], and when it expires. Only its SHA-256 is stored.
pub async fn start_pending(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(Token, DateTime<Utc>)> {
    let token = Token::generate();
    let expires_at = now + chrono::Duration::minutes(PENDING_MINUTES);
    sqlx::query(
        "INSERT INTO two_step_pending (token_hash, user_pk, password_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token.hash())
    .bind(user_pk)
    .bind(password_hash)
    .bind(ms(now))
    .bind(ms(expires_at))
    .execute(conn)
    .await?;
    Ok((token, expires_at))
}

/// The sign-in `token` stands for, while it is live and unused.
pub async fn pending(
    conn: &mut AnyConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Pending>> {
    let row = sqlx::query(
        "SELECT user_pk, password_hash, expires_at FROM two_step_pending \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(ms(now))
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(Pending {
            user_pk: r.try_get("user_pk")?,
            password_hash: r.try_get("password_hash")?,
            expires_at: from_ms(r.try_get("expires_at")?),
        })
    })
    .transpose()
}

/// A second step's sign-in as one query finds it ([`Store::pending_sign_in`]).
#[derive(Debug)]
pub struct PendingSignIn {
    pub pending: Pending,
    pub user: super::users::User,
    /// The person's two-step sign-in; `Err(Corrupt)` when its secret does not unseal.
    pub two_step: Result<Option<TwoStep>>,
}

/// Use `token` up: true for exactly one of any number of concurrent uses, and never once
/// it expired.
pub async fn finish_pending(
    conn: &mut AnyConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE two_step_pending SET used_at = $2 \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(ms(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Days a computer may skip the second step once its owner asked it to.
pub const REMEMBER_DAYS: i64 = 30;

/// A computer that skips the second step of its owner's sign-in, as they see it listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RememberedDevice {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

/// Remember the computer `user_pk` just passed the second step on, for [`REMEMBER_DAYS`]:
/// the token for its keychain (shown this once; only its SHA-256 is stored).
pub async fn remember_device(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    client_addr: Option<&str>,
    user_agent: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Token> {
    let token = Token::generate();
    sqlx::query(
        "INSERT INTO remembered_devices \
           (id, token_hash, user_pk, created_at, expires_at, last_used_at, client_addr, user_agent) \
         VALUES ($1, $2, $3, $4, $5, $4, $6, $7)",
    )
    .bind(super::sessions::public_id())
    .bind(token.hash())
    .bind(user_pk)
    .bind(ms(now))
    .bind(ms(now + chrono::Duration::days(REMEMBER_DAYS)))
    .bind(client_addr)
    .bind(user_agent.map(|ua| ua.chars().take(200).collect::<String>()))
    .execute(conn)
    .await?;
    Ok(token)
}

/// Whether `token` is a live remembered computer of `user_pk` (noting its use): never
/// another person's, never past its 30 days.
pub async fn device_remembered(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE remembered_devices SET last_used_at = $3 \
         WHERE token_hash = $1 AND user_pk = $2 AND expires_at > $3",
    )
    .bind(hash_token(token))
    .bind(user_pk)
    .bind(ms(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `user_pk`'s remembered computers that have not expired, most recently used first.
pub async fn remembered_devices(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    now: DateTime<Utc>,
) -> Result<Vec<RememberedDevice>> {
    let rows = sqlx::query(
        "SELECT id, created_at, expires_at, last_used_at, client_addr, user_agent \
         FROM remembered_devices WHERE user_pk = $1 AND expires_at > $2 \
         ORDER BY last_used_at DESC, id",
    )
    .bind(user_pk)
    .bind(ms(now))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RememberedDevice {
                id: r.try_get("id")?,
                created_at: from_ms(r.try_get("created_at")?),
                expires_at: from_ms(r.try_get("expires_at")?),
                last_used_at: from_ms(r.try_get("last_used_at")?),
                client_addr: r.try_get("client_addr")?,
                user_agent: r.try_get("user_agent")?,
            })
        })
        .collect()
}

/// Forget one of `user_pk`'s remembered computers: whether it was theirs (another
/// person's id forgets nothing).
pub async fn forget_device(conn: &mut AnyConnection, user_pk: UserKey, id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM remembered_devices WHERE id = $1 AND user_pk = $2")
        .bind(id)
        .bind(user_pk)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// HMAC-SHA256 under the server secret of the user's key and the code: the same code of
/// two people hashes differently, and a copy of the table alone does not reveal it.
fn recovery_hash(secret: &[u8; 32], user_pk: UserKey, code: &RecoveryCode) -> String {
    let message = format!("{}:{}", user_pk.0, code.expose());
    hex::encode(&*hmac_sha256(secret, message.as_bytes()))
}

impl Store {
    /// The sign-in `token` stands for, while it is live and unused, with its account and
    /// its two-step sign-in as they are now (the secret unsealed, or `Err(Corrupt)` when it
    /// does not unseal): one query for the second step.
    pub async fn pending_sign_in(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PendingSignIn>> {
        let key = self.sealing_key(now).await?;
        let sql = format!(
            "SELECT {}, p.pending_hash, p.pending_expires, t.secret_sealed, t.two_step_created, \
               t.two_step_confirmed, t.last_step \
             FROM users \
             JOIN (SELECT user_pk, password_hash AS pending_hash, expires_at AS pending_expires \
                   FROM two_step_pending \
                   WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2) p \
               ON p.user_pk = users.id \
             LEFT JOIN (SELECT user_pk AS two_step_user, secret_sealed, \
                          created_at AS two_step_created, confirmed_at AS two_step_confirmed, \
                          last_step FROM two_step) t \
               ON t.two_step_user = users.id",
            super::users::USER_COLUMNS
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(hash_token(token))
            .bind(ms(now))
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            let user = super::users::user_from_row(&r)?;
            Ok(PendingSignIn {
                pending: Pending {
                    user_pk: user.pk,
                    password_hash: r.try_get("pending_hash")?,
                    expires_at: from_ms(r.try_get("pending_expires")?),
                },
                user,
                two_step: from_row(&r, &key),
            })
        })
        .transpose()
    }

    /// `user_pk`'s two-step sign-in, confirmed or being set up.
    pub async fn two_step_of(
        &self,
        user_pk: UserKey,
        now: DateTime<Utc>,
    ) -> Result<Option<TwoStep>> {
        let key = self.sealing_key(now).await?;
        let mut conn = self.pool().acquire().await?;
        of(&mut conn, user_pk, &key).await
    }
}
