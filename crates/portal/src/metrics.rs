//! Prometheus metrics: requests by route and status with latency, plus the security events
//! that operations watch (sign-in outcomes, locks). Text format at `GET /metrics`.
//!
//! Kept in memory per replica (Prometheus scrapes each replica and sums); a route is its
//! matched pattern (`/api/v1/sessions/{id}`), never the raw path, so IDs cannot blow up the
//! label set.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Debug, Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
    events: BTreeMap<(&'static str, &'static str), u64>,
}

#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn observe_request(&self, method: &str, route: &str, status: u16, took: Duration) {
        let mut inner = self.lock();
        *inner
            .requests
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        let h = inner.latency.entry(route.to_owned()).or_default();
        let secs = took.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                h.counts[i] += 1;
            }
        }
        h.count += 1;
        h.sum += secs;
    }

    /// Count a security event, e.g. `("sign_in", "wrong_password")`.
    pub fn event(&self, name: &'static str, outcome: &'static str) {
        *self.lock().events.entry((name, outcome)).or_default() += 1;
    }

    /// Prometheus text exposition format.
    pub fn render(&self) -> String {
        let inner = self.lock();
        let mut out = String::new();
        out.push_str(
            "# HELP dealer_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE dealer_http_requests_total counter\n");
        for ((method, route, status), n) in &inner.requests {
            let _ = writeln!(
                out,
                "dealer_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
        out.push_str(
            "# HELP dealer_http_request_duration_seconds HTTP request latency by route.\n",
        );
        out.push_str("# TYPE dealer_http_request_duration_seconds histogram\n");
        for (route, h) in &inner.latency {
            let route = label(route);
            for (bound, n) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(
                    out,
                    "dealer_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "dealer_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "dealer_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "dealer_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP dealer_security_events_total Security events by kind and outcome.\n");
        out.push_str("# TYPE dealer_security_events_total counter\n");
        for ((name, outcome), n) in &inner.events {
            let _ = writeln!(
                out,
                "dealer_security_events_total{{event=\"{name}\",outcome=\"{outcome}\"}} {n}"
            );
        }
        out
    }
}

/// Escape a label value (backslash, quote, newline).
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware recording every request under its matched route.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    state.metrics().observe_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms_in_prometheus_text() {
        let m = Metrics::default();
        m.observe_request(
            "GET",
            "/api/v1/sessions/{id}",
            200,
            Duration::from_millis(30),
        );
        m.observe_request(
            "GET",
            "/api/v1/sessions/{id}",
            200,
            Duration::from_millis(3),
        );
        m.event("sign_in", "locked");
        let text = m.render();
        assert!(text.contains("dealer_http_requests_total{method=\"GET\",route=\"/api/v1/sessions/{id}\",status=\"200\"} 2"), "{text}");
        assert!(text.contains("dealer_http_request_duration_seconds_bucket{route=\"/api/v1/sessions/{id}\",le=\"0.005\"} 1"));
        assert!(text.contains("dealer_http_request_duration_seconds_bucket{route=\"/api/v1/sessions/{id}\",le=\"0.05\"} 2"));
        assert!(
            text.contains("dealer_security_events_total{event=\"sign_in\",outcome=\"locked\"} 1")
        );
    }
}
