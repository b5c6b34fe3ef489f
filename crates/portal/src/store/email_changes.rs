//! A signed-in person's new email, waiting for the code mailed to it (migration 0011).
//!
//! The change takes effect only when the 6-digit code sent to the new address comes back:
//! [`CODE_MINUTES`] and [`CODE_TRIES`] tries, counted in the statement that checks the
//! limit, so racing tries cannot exceed it. One change waits per person; asking again
//! replaces it (and its code). The code is stored only as an HMAC under a server secret,
//! bound to the person.

use chrono::{DateTime, Duration, Utc};
use sqlx::{AnyConnection, Row};

use super::email_codes::{EmailCode, canonical_email};
use super::{Result, UserKey, ms};
use crate::pepper::hmac_sha256;

/// How long a code works.
pub const CODE_MINUTES: i64 = 10;
/// Tries at one code; the last wrong one ends it.
pub const CODE_TRIES: i64 = 5;
/// The server secret (`server_secrets`) that keys the codes' hashes.
pub const EMAIL_CHANGE_SECRET: &str = "email_change";

fn code_hash(secret: &[u8; 32], user_pk: UserKey, typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let message = format!("{}:{digits}", user_pk.0);
    hex::encode(&*hmac_sha256(secret, message.as_bytes()))
}

/// `user_pk` asks to change their email to `email`: the code to mail there, and when it
/// stops working. A change already waiting is replaced.
pub async fn start(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    email: &str,
    secret: &[u8; 32],
    now: DateTime<Utc>,
) -> Result<(EmailCode, DateTime<Utc>)> {
    let code = EmailCode::generate();
    let expires_at = now + Duration::minutes(CODE_MINUTES);
    sqlx::query(
        "INSERT INTO email_changes (user_pk, email, code_hash, attempts, created_at, expires_at) \
         VALUES ($1, $2, $3, 0, $4, $5) \
         ON CONFLICT (user_pk) DO UPDATE SET email = $2, code_hash = $3, attempts = 0, \
           created_at = $4, expires_at = $5",
    )
    .bind(user_pk)
    .bind(canonical_email(email))
    .bind(code_hash(secret, user_pk, code.expose()))
    .bind(ms(now))
    .bind(ms(expires_at))
    .execute(conn)
    .await?;
    Ok((code, expires_at))
}

/// Try `typed` at `user_pk`'s waiting change: the new email when the code is right, live
/// and tries remain (the change is used up then); `None` otherwise, alike.
pub async fn confirm(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    typed: &str,
    secret: &[u8; 32],
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let tried = sqlx::query(
        "UPDATE email_changes SET attempts = attempts + 1 \
         WHERE user_pk = $1 AND expires_at > $2 AND attempts < $3 \
         RETURNING email, code_hash",
    )
    .bind(user_pk)
    .bind(ms(now))
    .bind(CODE_TRIES)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(tried) = tried else {
        return Ok(None);
    };
    let stored: String = tried.try_get("code_hash")?;
    if stored != code_hash(secret, user_pk, typed) {
        return Ok(None);
    }
    let done = sqlx::query("DELETE FROM email_changes WHERE user_pk = $1 AND code_hash = $2")
        .bind(user_pk)
        .bind(&stored)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        // Another try with the same code used it first.
        return Ok(None);
    }
    Ok(Some(tried.try_get("email")?))
}

/// The email `user_pk` is changing to, while its code is live.
pub async fn waiting(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    now: DateTime<Utc>,
) -> Result<Option<(String, DateTime<Utc>)>> {
    let row = sqlx::query(
        "SELECT email, expires_at FROM email_changes \
         WHERE user_pk = $1 AND expires_at > $2 AND attempts < $3",
    )
    .bind(user_pk)
    .bind(ms(now))
    .bind(CODE_TRIES)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("email")?,
            super::from_ms(r.try_get("expires_at")?),
        ))
    })
    .transpose()
}

/// Set `user_pk`'s email (as confirmed): false when the account is gone.
pub async fn set_email(conn: &mut AnyConnection, user_pk: UserKey, email: &str) -> Result<bool> {
    let done = sqlx::query("UPDATE users SET email = $2 WHERE id = $1")
        .bind(user_pk)
        .bind(canonical_email(email))
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Set (or clear) `user_pk`'s business phone, in E.164.
pub async fn set_phone(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    phone: Option<&str>,
) -> Result<bool> {
    let done = sqlx::query("UPDATE users SET phone = $2 WHERE id = $1")
        .bind(user_pk)
        .bind(phone)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_hash_is_keyed_bound_to_its_person_and_never_the_code() {
        let key = [5u8; 32];
        let hash = code_hash(&key, UserKey(7), "042917");
        assert_eq!(
            hash,
            code_hash(&key, UserKey(7), " 042 917 "),
            "spaces do not matter"
        );
        assert_ne!(hash, code_hash(&[6u8; 32], UserKey(7), "042917"), "keyed");
        assert_ne!(hash, code_hash(&key, UserKey(8), "042917"), "per person");
        assert!(!hash.contains("042917"));
    }
}
