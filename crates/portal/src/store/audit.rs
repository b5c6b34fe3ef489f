//! The audit log: every security-relevant event with actor, target, PDN, time, outcome and
//! client address. Text is escaped on the way in, so a crafted user ID cannot forge lines
//! in a log viewer; no secret is ever passed here.

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use super::{Result, Store, from_ms, ms};

#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub event: &'static str,
    pub outcome: &'static str,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub pdn: Option<String>,
    pub client_addr: Option<String>,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub event: String,
    pub outcome: String,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub pdn: Option<String>,
    pub client_addr: Option<String>,
    pub detail: Option<String>,
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

/// Append an entry on `conn` (a transaction when the event changes other rows too).
pub async fn append(conn: &mut AnyConnection, entry: &Entry, now: DateTime<Utc>) -> Result<()> {
    let esc = |v: &Option<String>| v.as_deref().map(escape);
    sqlx::query(
        "INSERT INTO audit_log (at, event, outcome, actor, target, pdn, client_addr, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(ms(now))
    .bind(entry.event)
    .bind(entry.outcome)
    .bind(esc(&entry.actor))
    .bind(esc(&entry.target))
    .bind(esc(&entry.pdn))
    .bind(esc(&entry.client_addr))
    .bind(esc(&entry.detail))
    .execute(conn)
    .await?;
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
        let rows = sqlx::query(
            "SELECT id, at, event, outcome, actor, target, pdn, client_addr, detail FROM audit_log \
             WHERE ($1 IS NULL OR pdn = $1) AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
        )
        .bind(pdn)
        .bind(before_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(Record {
                    id: row.try_get("id")?,
                    at: from_ms(row.try_get("at")?),
                    event: row.try_get("event")?,
                    outcome: row.try_get("outcome")?,
                    actor: row.try_get("actor")?,
                    target: row.try_get("target")?,
                    pdn: row.try_get("pdn")?,
                    client_addr: row.try_get("client_addr")?,
                    detail: row.try_get("detail")?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
