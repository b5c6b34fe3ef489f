//! The mail outbox: a message is written in the same transaction as the event that causes
//! it, so it is never lost and never sent for an event that did not happen. A sender task
//! delivers it later (see `crate::mail`); with no SMTP configured it stays queued and
//! visible to staff.

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

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

pub async fn enqueue(
    conn: &mut AnyConnection,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO outbox (created_at, to_addr, subject, body, kind, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $1) RETURNING id",
    )
    .bind(ms(now))
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
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
/// requested by their office manager or a person invited by a provider admin. The body
/// must wait in the outbox until it is sent; once delivered, or given up on, it is
/// replaced with [`REMOVED_SECRET`], so the database never keeps a usable code in clear.
pub const SECRET_KINDS: [&str; 2] = ["enrollment_code", "invitation"];

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
        rows.iter().map(queued_from_row).collect()
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
        rows.iter().map(queued_from_row).collect()
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
