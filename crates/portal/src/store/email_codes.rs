//! A registrant's proof of email: a 6-digit code by mail, asked for with a random token.
//!
//! Registration says nothing about which user IDs exist until the registrant has shown
//! they read the mail of the address they register with. The code works for
//! [`CODE_MINUTES`] and [`CODE_TRIES`] tries; once it is right the same token is the proof
//! for [`PROOF_MINUTES`]: it lets its holder check up to [`CHECKS_PER_PROOF`] user IDs and
//! register once, with that email at that PDN. Only hashes are stored: SHA-256 of the
//! token, and a keyed SHA-256 of the code (a server secret, the token's hash and the code),
//! so a copy of the database neither shows a code nor lets one be tried offline without
//! the secret as well.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

use super::resets::server_secret;
use super::sessions::{Token, hash_token};
use super::{Result, from_ms, ms};

/// How long a code works.
pub const CODE_MINUTES: i64 = 10;
/// Tries at one code; the last wrong one ends it.
pub const CODE_TRIES: i64 = 5;
/// How long a confirmed email stays proven: time enough to finish the registration.
pub const PROOF_MINUTES: i64 = 60;
/// User IDs one proof may check.
pub const CHECKS_PER_PROOF: i64 = 20;
/// The server secret (`server_secrets`) that keys the codes' hashes.
pub const EMAIL_CODE_SECRET: &str = "email_code";

/// Six digits, as mailed once. `Debug` never shows them.
pub struct EmailCode(String);

impl EmailCode {
    pub fn generate() -> EmailCode {
        EmailCode(format!("{:06}", rand::rng().random_range(0..1_000_000u32)))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for EmailCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EmailCode(***)")
    }
}

/// A code on its way: the token that names it (for the registrant), the code (for the
/// mail) and when it stops working.
#[derive(Debug)]
pub struct Issued {
    pub token: Token,
    pub code: EmailCode,
    pub expires_at: DateTime<Utc>,
}

/// A proven email: whose, for which PDN, until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    pub id: i64,
    pub email: String,
    pub pdn: String,
    pub expires_at: DateTime<Utc>,
    /// User-ID checks it has left.
    pub checks_left: i64,
}

/// An email as compared and stored: trimmed, lowercased.
pub fn canonical_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The stored form of `typed` for the code named by `token_hash`: digits only count, so
/// "123 456" is "123456".
fn code_hash(secret: &[u8; 32], token_hash: &str, typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let mut hash = Sha256::new();
    hash.update(secret);
    hash.update([0]);
    hash.update(token_hash.as_bytes());
    hash.update([0]);
    hash.update(digits.as_bytes());
    hex::encode(hash.finalize())
}

/// Issue a code for `email` at `pdn`. Verifications that ended a day ago go in passing.
pub async fn issue(
    conn: &mut AnyConnection,
    email: &str,
    pdn: &str,
    now: DateTime<Utc>,
) -> Result<Issued> {
    sqlx::query("DELETE FROM email_verifications WHERE expires_at < $1")
        .bind(ms(now - Duration::days(1)))
        .execute(&mut *conn)
        .await?;
    let secret = server_secret(&mut *conn, EMAIL_CODE_SECRET, now).await?;
    let token = Token::generate();
    let code = EmailCode::generate();
    let expires_at = now + Duration::minutes(CODE_MINUTES);
    sqlx::query(
        "INSERT INTO email_verifications (token_hash, email, pdn, code_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token.hash())
    .bind(canonical_email(email))
    .bind(pdn)
    .bind(code_hash(&secret, &token.hash(), code.expose()))
    .bind(ms(now))
    .bind(ms(expires_at))
    .execute(conn)
    .await?;
    Ok(Issued {
        token,
        code,
        expires_at,
    })
}

fn proof_of(row: &sqlx::any::AnyRow) -> Result<Proof> {
    Ok(Proof {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        pdn: row.try_get("pdn")?,
        expires_at: from_ms(row.try_get("expires_at")?),
        checks_left: CHECKS_PER_PROOF - row.try_get::<i64, _>("checks")?,
    })
}

/// Use up a proof as its registration is stored (in that transaction): it registers once.
pub async fn consume(conn: &mut AnyConnection, proof: &Proof) -> Result<bool> {
    let done = sqlx::query("DELETE FROM email_verifications WHERE id = $1")
        .bind(proof.id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

impl super::Store {
    /// Try `typed` at the code named by `token`: the proof when it is right, the code is
    /// live and tries remain; `None` for everything else, alike. Every try is counted in
    /// the statement that checks the limit, so racing tries cannot exceed it.
    pub async fn confirm_email_code(
        &self,
        token: &str,
        typed: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Proof>> {
        let token_hash = hash_token(token);
        let mut conn = self.pool().acquire().await?;
        let secret = server_secret(&mut conn, EMAIL_CODE_SECRET, now).await?;
        let tried = sqlx::query(
            "UPDATE email_verifications SET attempts = attempts + 1 \
             WHERE token_hash = $1 AND verified_at IS NULL AND expires_at > $2 AND attempts < $3 \
             RETURNING id, code_hash",
        )
        .bind(&token_hash)
        .bind(ms(now))
        .bind(CODE_TRIES)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(tried) = tried else {
            return Ok(None);
        };
        let stored: String = tried.try_get("code_hash")?;
        if stored != code_hash(&secret, &token_hash, typed) {
            return Ok(None);
        }
        let id: i64 = tried.try_get("id")?;
        let proven = sqlx::query(
            "UPDATE email_verifications SET verified_at = $2, expires_at = $3 \
             WHERE id = $1 AND verified_at IS NULL \
             RETURNING id, email, pdn, expires_at, checks",
        )
        .bind(id)
        .bind(ms(now))
        .bind(ms(now + Duration::minutes(PROOF_MINUTES)))
        .fetch_optional(&mut *conn)
        .await?;
        proven.as_ref().map(proof_of).transpose()
    }

    /// The live proof `token` stands for, if it is one.
    pub async fn email_proof(&self, token: &str, now: DateTime<Utc>) -> Result<Option<Proof>> {
        let row = sqlx::query(
            "SELECT id, email, pdn, expires_at, checks FROM email_verifications \
             WHERE token_hash = $1 AND verified_at IS NOT NULL AND expires_at > $2",
        )
        .bind(hash_token(token))
        .bind(ms(now))
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(proof_of).transpose()
    }

    /// Spend one of the proof's user-ID checks: the proof while checks remain, else `None`
    /// (as for a token that is no proof). Counted in one statement.
    pub async fn spend_user_id_check(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Proof>> {
        let row = sqlx::query(
            "UPDATE email_verifications SET checks = checks + 1 \
             WHERE token_hash = $1 AND verified_at IS NOT NULL AND expires_at > $2 AND checks < $3 \
             RETURNING id, email, pdn, expires_at, checks",
        )
        .bind(hash_token(token))
        .bind(ms(now))
        .bind(CHECKS_PER_PROOF)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(proof_of).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_six_random_digits_and_debug_hides_it() {
        let codes: Vec<EmailCode> = (0..20).map(|_| EmailCode::generate()).collect();
        for code in &codes {
            assert!(
                code.expose().len() == 6 && code.expose().bytes().all(|b| b.is_ascii_digit()),
                "six digits, leading zeros kept: {}",
                code.expose()
            );
            assert!(
                !format!("{code:?}").contains(code.expose()),
                "Debug hides it"
            );
        }
        let distinct: std::collections::HashSet<&str> = codes.iter().map(|c| c.expose()).collect();
        assert!(distinct.len() > 15, "codes are random: {distinct:?}");
    }

    #[test]
    fn a_code_hash_is_keyed_and_bound_to_its_token() {
        let key = [3u8; 32];
        let hash = code_hash(&key, "token-a", "123456");
        assert_eq!(
            hash,
            code_hash(&key, "token-a", " 123 456 "),
            "spaces typed into the code do not matter"
        );
        assert_ne!(hash, code_hash(&[4u8; 32], "token-a", "123456"), "keyed");
        assert_ne!(hash, code_hash(&key, "token-b", "123456"), "per token");
        assert_ne!(hash, code_hash(&key, "token-a", "123457"));
        assert!(!hash.contains("123456"));
    }
}
