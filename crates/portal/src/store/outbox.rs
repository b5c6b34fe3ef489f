//! The mail outbox: a message is written in the same transaction as the event that causes
//! it, so it is never lost and never sent for an event that did not happen. A sender task
//! delivers it later (see `crate::mail`); with no SMTP configured it stays queued and
//! visible to staff.

use std::sync::OnceLock;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use chrono::{DateTime, Utc};
use rand::TryRngCore;
use sqlx::{AnyConnection, Row};
use zeroize::Zeroizing;

use super::{Result, Store, from_ms, ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// What kind of message this is (`account_locked`, …), for staff and tests.
    pub kind: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    /// Given up on (permanent refusal or too many attempts).
    pub failed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub kind: String,
    pub attempts: u32,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// A sealed body: this prefix, then hex of a 12-byte nonce and the ChaCha20-Poly1305
/// ciphertext (the mail's kind is its associated data).
const SEALED: &str = "sealed:v1:";

/// The server secret that seals when no key is configured.
pub const OUTBOX_KEY_SECRET: &str = "outbox_seal";

static CONFIGURED_KEY: OnceLock<Zeroizing<[u8; 32]>> = OnceLock::new();

/// Seal secret-bearing mail with `key` (`DEALER_OUTBOX_KEY`, kept out of the database)
/// for the rest of this process. Without it a key kept in the database (`server_secrets`)
/// seals, which keeps codes out of the outbox table itself but not out of a whole
/// database copy. False when a key was set already.
pub fn use_sealing_key(key: [u8; 32]) -> bool {
    CONFIGURED_KEY.set(Zeroizing::new(key)).is_ok()
}

/// `DEALER_OUTBOX_KEY`, when this process was given one.
pub(crate) fn configured_key() -> Option<Zeroizing<[u8; 32]>> {
    CONFIGURED_KEY.get().cloned()
}

pub(crate) async fn sealing_key(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
) -> Result<Zeroizing<[u8; 32]>> {
    match CONFIGURED_KEY.get() {
        Some(key) => Ok(key.clone()),
        None => Ok(Zeroizing::new(
            super::resets::server_secret(conn, OUTBOX_KEY_SECRET, now).await?,
        )),
    }
}

/// `body` sealed under `key`, bound to `kind`.
pub fn seal(key: &[u8; 32], kind: &str, body: &str) -> String {
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng
        .try_fill_bytes(&mut nonce)
        .expect("the OS random source works");
    let cipher = ChaCha20Poly1305::new(key.into());
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: body.as_bytes(),
                aad: kind.as_bytes(),
            },
        )
        .expect("sealing a mail body in memory cannot fail");
    format!("{SEALED}{}{}", hex::encode(nonce), hex::encode(sealed))
}

/// The body `stored` holds: itself when not sealed; `None` when sealed under another key
/// (or for another kind, or tampered with).
pub fn unseal(key: &[u8; 32], kind: &str, stored: &str) -> Option<String> {
    let Some(hex_text) = stored.strip_prefix(SEALED) else {
        return Some(stored.to_owned());
    };
    let bytes = hex::decode(hex_text).ok()?;
    if bytes.len() < 12 {
        return None;
    }
    let (nonce, sealed) = bytes.split_at(12);
    let plain = ChaCha20Poly1305::new(key.into())
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: kind.as_bytes(),
            },
        )
        .ok()?;
    String::from_utf8(plain).ok()
}

/// Queue `mail` on `conn`; a secret-bearing body ([`SECRET_KINDS`]) is sealed first, so
/// its code is never in the outbox in clear.
pub async fn enqueue(
    conn: &mut AnyConnection,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> Result<i64> {
    let body = if SECRET_KINDS.contains(&mail.kind) {
        let key = sealing_key(&mut *conn, now).await?;
        seal(&key, mail.kind, &mail.body)
    } else {
        mail.body.clone()
    };
    let row = sqlx::query(
        "INSERT INTO outbox (created_at, to_addr, subject, body, kind, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $1) RETURNING id",
    )
    .bind(ms(now))
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&body)
    .bind(mail.kind)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get("id")?)
}

fn queued_from_row(row: &sqlx::any::AnyRow) -> Result<QueuedMail> {
    Ok(QueuedMail {
        id: row.try_get("id")?,
        failed_at: row.try_get::<Option<i64>, _>("failed_at")?.map(from_ms),
        created_at: from_ms(row.try_get("created_at")?),
        to: row.try_get("to_addr")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        kind: row.try_get("kind")?,
        attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
        sent_at: row.try_get::<Option<i64>, _>("sent_at")?.map(from_ms),
        last_error: row.try_get("last_error")?,
    })
}

impl QueuedMail {
    /// The message as it may be listed: who, what and where it stands, never its body.
    pub fn entry(self) -> dealer_api::OutboxEntry {
        let state = match (self.sent_at, self.failed_at) {
            (Some(_), _) => dealer_api::MailState::Sent,
            (None, Some(_)) => dealer_api::MailState::Failed,
            (None, None) => dealer_api::MailState::Queued,
        };
        dealer_api::OutboxEntry {
            id: self.id,
            created_at: self.created_at,
            to: self.to,
            subject: self.subject,
            kind: self.kind,
            state,
            attempts: self.attempts,
            sent_at: self.sent_at,
            last_error: self.last_error,
        }
    }
}

/// The mail kinds whose body carries a secret: a single-use enrollment code, for a new user
/// requested by their office manager or a person invited by a provider admin, or the code
/// that proves a registrant's email. The body
/// waits in the outbox sealed ([`seal`]) until it is sent; once delivered, or given up on,
/// it is replaced with [`REMOVED_SECRET`], so the database never keeps a code in clear.
pub const SECRET_KINDS: [&str; 4] = [
    "enrollment_code",
    "invitation",
    "registration_code",
    "email_change_code",
];

/// [`SECRET_KINDS`] as an SQL list: `'enrollment_code', 'invitation'`.
fn secret_kinds_sql() -> String {
    SECRET_KINDS
        .iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a delivered secret-bearing body becomes.
pub const REMOVED_SECRET: &str = "(This message carried a single-use code. It was removed from the outbox once the \
     message was delivered or given up on.)";

const COLUMNS: &str =
    "id, created_at, to_addr, subject, body, kind, attempts, sent_at, failed_at, last_error";

/// Which messages to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailFilter {
    Queued,
    Sent,
    Failed,
}

impl Store {
    /// The outbox for provider staff, newest first.
    pub async fn outbox_list(
        &self,
        filter: Option<MailFilter>,
        limit: i64,
    ) -> Result<Vec<QueuedMail>> {
        let condition = match filter {
            None => "TRUE",
            Some(MailFilter::Queued) => "sent_at IS NULL AND failed_at IS NULL",
            Some(MailFilter::Sent) => "sent_at IS NOT NULL",
            Some(MailFilter::Failed) => "failed_at IS NOT NULL",
        };
        let sql =
            format!("SELECT {COLUMNS} FROM outbox WHERE {condition} ORDER BY id DESC LIMIT $1");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(queued_from_row).collect()
    }

    /// Messages to one address, oldest first (staff view and tests).
    pub async fn outbox_to(&self, to: &str) -> Result<Vec<QueuedMail>> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE to_addr = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(to)
            .fetch_all(self.pool())
            .await?;
        let mails: Vec<QueuedMail> = rows.iter().map(queued_from_row).collect::<Result<_>>()?;
        let (opened, _) = self.unseal_all(mails).await?;
        Ok(opened)
    }

    /// Open the sealed bodies of `mails`: those that open, and the ids of those sealed
    /// under a key this portal does not have.
    async fn unseal_all(&self, mails: Vec<QueuedMail>) -> Result<(Vec<QueuedMail>, Vec<i64>)> {
        if !mails.iter().any(|m| m.body.starts_with(SEALED)) {
            return Ok((mails, Vec::new()));
        }
        let key = self.sealing_key(chrono::Utc::now()).await?;
        let mut opened = Vec::with_capacity(mails.len());
        let mut unreadable = Vec::new();
        for mut mail in mails {
            match unseal(&key, &mail.kind, &mail.body) {
                Some(body) => {
                    mail.body = body;
                    opened.push(mail);
                }
                None => unreadable.push(mail.id),
            }
        }
        Ok((opened, unreadable))
    }

    /// Claim up to `limit` due, unsent messages for `lease`: a claimed message is invisible
    /// to other senders (other replicas) until the lease runs out, so each is sent once.
    pub async fn claim_due_mail(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> Result<Vec<QueuedMail>> {
        let sql = format!(
            "UPDATE outbox SET claimed_until = $2, attempts = attempts + 1 WHERE id IN ( \
               SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
               AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY id LIMIT $3) \
             AND (claimed_until IS NULL OR claimed_until <= $1) RETURNING {COLUMNS}"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(ms(now))
            .bind(ms(now + lease))
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        let mails: Vec<QueuedMail> = rows.iter().map(queued_from_row).collect::<Result<_>>()?;
        let (opened, unreadable) = self.unseal_all(mails).await?;
        for id in unreadable {
            // Sending it would mail ciphertext: given up on, with the reason for staff.
            tracing::error!(
                mail_id = id,
                "a sealed mail does not open with this portal's key"
            );
            sqlx::query(
                "UPDATE outbox SET failed_at = $2, claimed_until = NULL, last_error = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(ms(now))
            .bind("Sealed with another key: check DEALER_OUTBOX_KEY, then send the code again.")
            .execute(self.pool())
            .await?;
        }
        Ok(opened)
    }

    /// Delivered: and a body that carried a secret is replaced (see [`SECRET_KINDS`]).
    pub async fn mark_mail_sent(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let sql = format!(
            "UPDATE outbox SET sent_at = $2, claimed_until = NULL, last_error = NULL, \
               body = CASE WHEN kind IN ({kinds}) THEN $3 ELSE body END \
             WHERE id = $1 RETURNING kind",
            kinds = secret_kinds_sql()
        );
        let kind: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(ms(now))
            .bind(REMOVED_SECRET)
            .fetch_optional(self.pool())
            .await?;
        self.forget_removed_secret(kind.as_deref()).await
    }

    /// After a secret-bearing body was replaced on SQLite: the old page still sits in the
    /// write-ahead log until a checkpoint, so checkpoint now and truncate the log (the main
    /// file's copy was zeroed by `secure_delete`). Best effort: a checkpoint that a reader
    /// holds back completes at the next one.
    async fn forget_removed_secret(&self, kind: Option<&str>) -> Result<()> {
        let secret = kind.is_some_and(|k| SECRET_KINDS.contains(&k));
        if secret && self.backend() == super::Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(self.pool())
                .await?;
        }
        Ok(())
    }

    /// A failed attempt: retry at `retry_at`, or never (`None`, a permanent failure).
    pub async fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = format!(
            "UPDATE outbox SET claimed_until = NULL, last_error = $2, \
               next_attempt_at = COALESCE($3, next_attempt_at), failed_at = CASE WHEN $3 IS NULL THEN $4 ELSE NULL END, \
               body = CASE WHEN $3 IS NULL AND kind IN ({kinds}) THEN $5 ELSE body END \
             WHERE id = $1 RETURNING kind",
            kinds = secret_kinds_sql()
        );
        let kind: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(error)
            .bind(retry_at.map(ms))
            .bind(ms(now))
            .bind(REMOVED_SECRET)
            .fetch_optional(self.pool())
            .await?;
        let given_up = retry_at.is_none();
        self.forget_removed_secret(kind.as_deref().filter(|_| given_up))
            .await
    }
}

#[cfg(test)]
mod seal_tests {
    use super::{seal, unseal};

    #[test]
    fn a_sealed_body_opens_only_with_its_key_and_kind() {
        let key = [3u8; 32];
        let sealed = seal(&key, "invitation", "Your code: ABCD-EFGH-JKLM-NPQR");
        assert!(sealed.starts_with("sealed:v1:"), "{sealed}");
        assert!(!sealed.contains("ABCD"), "no code in clear");
        assert_ne!(
            sealed,
            seal(&key, "invitation", "Your code: ABCD-EFGH-JKLM-NPQR"),
            "fresh nonce"
        );
        assert_eq!(
            unseal(&key, "invitation", &sealed).as_deref(),
            Some("Your code: ABCD-EFGH-JKLM-NPQR")
        );
        assert_eq!(
            unseal(&[4u8; 32], "invitation", &sealed),
            None,
            "another key"
        );
        assert_eq!(
            unseal(&key, "enrollment_code", &sealed),
            None,
            "bound to its kind"
        );
        // One hex digit of the tag changed to another (a fixed "00" was no change at all
        // when the tag happened to end in it: one run in 256).
        let mut tampered = sealed.clone();
        let last = tampered.pop().expect("not empty");
        tampered.push(if last == '0' { '1' } else { '0' });
        assert_ne!(tampered, sealed);
        assert_eq!(
            unseal(&key, "invitation", &tampered),
            None,
            "tampering is caught"
        );
        assert_eq!(
            unseal(&key, "invitation", "plain text").as_deref(),
            Some("plain text")
        );
    }
}
