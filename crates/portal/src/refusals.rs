//! Rate-limit refusals in the audit log, aggregated.
//!
//! A guesser who runs into a rate limit may send thousands of requests a minute; one audit
//! row each would flood the log (and the database) on the guesser's terms. So refusals are
//! counted per route and client address, and a row is written for the first refusal and
//! then at most once a minute, saying how many were refused since the row before.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use dealer_api::{AuditDetail, AuditEvent, AuditOutcome};

use crate::AppState;
use crate::extract::ClientInfo;
use crate::store::audit::Entry;

/// At most one row per route and address in this time.
pub const ROW_EVERY: Duration = Duration::from_secs(60);
/// Beyond this many routes × addresses, counts older than [`ROW_EVERY`] are dropped.
const MAX_TRACKED: usize = 10_000;

#[derive(Debug, Default)]
pub struct RefusalLog {
    counts: Mutex<HashMap<(String, String), Count>>,
}

#[derive(Debug)]
struct Count {
    since_row: u64,
    last_row: Instant,
}

impl RefusalLog {
    /// Count one refusal of `route` for `addr`: `Some(n)` when a row is due now, for the
    /// `n` refusals since the previous row (this one included).
    pub fn refused(&self, route: &str, addr: &str, now: Instant) -> Option<u64> {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() >= MAX_TRACKED {
            counts.retain(|_, c| now.duration_since(c.last_row) < ROW_EVERY);
        }
        let key = (route.to_owned(), addr.to_owned());
        match counts.get_mut(&key) {
            None => {
                counts.insert(
                    key,
                    Count {
                        since_row: 0,
                        last_row: now,
                    },
                );
                Some(1)
            }
            Some(count) => {
                count.since_row += 1;
                if now.duration_since(count.last_row) >= ROW_EVERY {
                    let n = count.since_row;
                    count.since_row = 0;
                    count.last_row = now;
                    Some(n)
                } else {
                    None
                }
            }
        }
    }
}

/// Middleware: a `429` answer is counted, and audited when a row is due.
pub async fn audit(
    State(state): State<AppState>,
    client: ClientInfo,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    if response.status() != StatusCode::TOO_MANY_REQUESTS {
        return response;
    }
    let addr = client.addr_text().unwrap_or_default();
    if let Some(refusals) = state.refusals().refused(&route, &addr, Instant::now()) {
        let entry = Entry {
            detail: Some(AuditDetail::RateLimited { route, refusals }),
            client_addr: client.addr_text(),
            ..Entry::new(AuditEvent::RateLimited, AuditOutcome::Refused)
        };
        if let Err(err) = state.store().audit(&entry, state.now()).await {
            tracing::warn!(error = %err, "a rate-limit refusal could not be audited");
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_refusal_is_a_row_then_one_row_a_minute_with_the_count() {
        let log = RefusalLog::default();
        let t0 = Instant::now();
        assert_eq!(log.refused("/api/v1/sessions", "203.0.113.9", t0), Some(1));
        for s in 1..60 {
            assert_eq!(
                log.refused(
                    "/api/v1/sessions",
                    "203.0.113.9",
                    t0 + Duration::from_secs(s)
                ),
                None,
                "second {s}: counted, no row"
            );
        }
        assert_eq!(
            log.refused("/api/v1/sessions", "203.0.113.9", t0 + ROW_EVERY),
            Some(60),
            "a minute on: one row for the 60 refusals since the first"
        );
        assert_eq!(
            log.refused("/api/v1/sessions", "198.51.100.4", t0 + ROW_EVERY),
            Some(1),
            "another address has its own count"
        );
        assert_eq!(
            log.refused("/api/v1/password-resets", "203.0.113.9", t0 + ROW_EVERY),
            Some(1),
            "another route too"
        );
    }
}
