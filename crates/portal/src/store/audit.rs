//! The audit log: every security-relevant event with actor, target, PDN, time, outcome and
//! client address. Text is escaped on the way in, so a crafted user ID cannot forge lines
//! in a log viewer; no secret is ever passed here. The event and outcome are stored as
//! their text, the detail as the JSON of its typed value.

use chrono::{DateTime, Utc};
use dealer_api::{AuditDetail, AuditEvent, AuditOutcome};
use sqlx::{AnyConnection, Row};

use super::{Result, Store, from_ms, ms};

#[derive(Debug, Clone)]
pub struct Entry {
    pub event: AuditEvent,
    pub outcome: AuditOutcome,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub pdn: Option<String>,
    pub client_addr: Option<String>,
    pub detail: Option<AuditDetail>,
}

impl Entry {
    /// An entry of `event` ending in `outcome` with nobody named yet.
    pub fn new(event: AuditEvent, outcome: AuditOutcome) -> Self {
        Entry {
            event,
            outcome,
            actor: None,
            target: None,
            pdn: None,
            client_addr: None,
            detail: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub event: AuditEvent,
    pub outcome: AuditOutcome,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub pdn: Option<String>,
    pub client_addr: Option<String>,
    pub detail: Option<AuditDetail>,
}

impl From<Record> for dealer_api::AuditEntry {
    /// An entry as the API shows it: without the PDN (the reader's own) and the client
    /// address (kept for the provider's investigations).
    fn from(r: Record) -> Self {
        dealer_api::AuditEntry {
            id: r.id,
            at: r.at,
            event: r.event,
            outcome: r.outcome,
            actor: r.actor,
            target: r.target,
            detail: r.detail,
        }
    }
}

/// The stored text of a detail: its JSON. Only numbers and names go in, never free text.
fn detail_text(detail: &AuditDetail) -> String {
    serde_json::to_string(detail).expect("an audit detail is plain data")
}

/// A stored detail: the JSON of a typed value, or the free text written before details
/// were typed, kept as a note.
fn detail_of(text: String) -> AuditDetail {
    serde_json::from_str(&text).unwrap_or(AuditDetail::Note { text })
}

/// Control characters (line breaks, escape sequences) become visible `\u{..}` escapes, and
/// text is capped, so an audit field always reads as one line of printable text.
pub fn escape(text: &str) -> String {
    const MAX: usize = 500;
    let mut out = String::with_capacity(text.len().min(MAX));
    for c in text.chars().take(MAX) {
        if c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// The columns of an audit row, in the order of [`COLUMNS`], as they are stored: text
/// escaped, the detail as JSON.
pub(crate) fn values(entry: &Entry) -> [Option<String>; 7] {
    let esc = |v: &Option<String>| v.as_deref().map(escape);
    [
        Some(entry.event.as_str().to_owned()),
        Some(entry.outcome.as_str().to_owned()),
        esc(&entry.actor),
        esc(&entry.target),
        esc(&entry.pdn),
        esc(&entry.client_addr),
        entry.detail.as_ref().map(detail_text),
    ]
}

/// The audit row's columns after `at`, in the order of [`values`].
pub(crate) const COLUMNS: &str = "event, outcome, actor, target, pdn, client_addr, detail";

/// Append an entry on `conn` (a transaction when the event changes other rows too).
pub async fn append(conn: &mut AnyConnection, entry: &Entry, now: DateTime<Utc>) -> Result<()> {
    let sql =
        format!("INSERT INTO audit_log (at, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(ms(now));
    for value in values(entry) {
        insert = insert.bind(value);
    }
    insert.execute(conn).await?;
    Ok(())
}

impl Store {
    pub async fn audit(&self, entry: &Entry, now: DateTime<Utc>) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        append(&mut conn, entry, now).await
    }

    /// Newest first; `pdn` scopes to one dealership (an office manager's view), `None` is
    /// the provider's whole log.
    pub async fn audit_log(
        &self,
        pdn: Option<&str>,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Record>> {
        let mut conn = self.conn().await?;
        let rows = sqlx::query(
            "SELECT id, at, event, outcome, actor, target, pdn, client_addr, detail FROM audit_log \
             WHERE ($1 IS NULL OR pdn = $1) AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
        )
        .bind(pdn)
        .bind(before_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(record).collect()
    }

    /// One person's events (those naming them as target: their sign-ins, locks, resets,
    /// and what others did to their account), newest first. `pdn` scopes to one
    /// dealership as in [`Store::audit_log`].
    pub async fn audit_of(
        &self,
        pdn: Option<&str>,
        target: &str,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Record>> {
        let mut conn = self.conn().await?;
        let rows = sqlx::query(
            "SELECT id, at, event, outcome, actor, target, pdn, client_addr, detail FROM audit_log \
             WHERE target = $1 AND ($2 IS NULL OR pdn = $2) AND ($3 IS NULL OR id < $3) \
             ORDER BY id DESC LIMIT $4",
        )
        .bind(target)
        .bind(pdn)
        .bind(before_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(record).collect()
    }
}

fn record(row: &sqlx::any::AnyRow) -> Result<Record> {
    Ok(Record {
        id: row.try_get("id")?,
        at: from_ms(row.try_get("at")?),
        // A name written by a newer replica reads as unknown, not as an error.
        event: row
            .try_get::<String, _>("event")?
            .parse()
            .unwrap_or(AuditEvent::Unknown),
        outcome: row
            .try_get::<String, _>("outcome")?
            .parse()
            .unwrap_or(AuditOutcome::Unknown),
        actor: row.try_get("actor")?,
        target: row.try_get("target")?,
        pdn: row.try_get("pdn")?,
        client_addr: row.try_get("client_addr")?,
        detail: row.try_get::<Option<String>, _>("detail")?.map(detail_of),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_is_stored_as_json_and_old_free_text_reads_as_a_note() {
        let detail = AuditDetail::FailedAttempts {
            failures: 5,
            attempt_kind: dealer_core::lockout::AttemptKind::Password,
        };
        assert_eq!(detail_of(detail_text(&detail)), detail);
        assert_eq!(
            detail_of("5 failed attempts (password)".into()),
            AuditDetail::Note {
                text: "5 failed attempts (password)".into()
            },
            "rows written before details were typed still show"
        );
    }

    #[test]
    fn escape_keeps_one_printable_line() {
        assert_eq!(escape("pat\nFAKE line"), "pat\\u{a}FAKE line");
        assert_eq!(
            escape("a\u{202e}b"),
            "a\\u{202e}b",
            "bidi overrides cannot reorder a log line"
        );
        assert_eq!(escape("Núñez"), "Núñez");
        assert_eq!(escape(&"x".repeat(600)).len(), 500);
    }
}
