//! The built-in portal answers only the app that started it.
//!
//! It listens on 127.0.0.1, where every other process of the computer can reach it, and a
//! web page can reach it too by DNS rebinding (a name of the page's own that it points at
//! 127.0.0.1). Neither may sign in, guess answers, lock local accounts or spend the app's
//! rate-limit budget. So every request must carry the key the app chose at launch, in
//! [`APP_KEY_HEADER`] (held in Rust, never in the web view), and name the portal by its
//! loopback address in `Host`; anything else is `401 unauthenticated` before routing.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::HOST;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

use crate::error::ApiError;

/// The header that carries the app's per-launch key.
pub const APP_KEY_HEADER: &str = "x-dealer-app-key";

#[derive(Clone)]
struct Expected {
    key: Arc<str>,
    host: Arc<str>,
}

/// `router`, answering only requests with `key` in [`APP_KEY_HEADER`] and `Host` equal to
/// `addr` (the loopback address the portal listens on).
pub fn guard(router: Router, key: &str, addr: SocketAddr) -> Router {
    let expected = Expected {
        key: key.into(),
        host: addr.to_string().into(),
    };
    router.layer(middleware::from_fn_with_state(expected, check))
}

async fn check(State(expected): State<Expected>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host_ok = headers
        .get(HOST)
        .is_some_and(|host| host.as_bytes() == expected.host.as_bytes());
    let key_ok = headers
        .get(APP_KEY_HEADER)
        .is_some_and(|key| same(key.as_bytes(), expected.key.as_bytes()));
    if host_ok && key_ok {
        next.run(request).await
    } else {
        ApiError::Unauthenticated.into_response()
    }
}

/// Equal, in time that does not depend on where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn keys_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"), "a prefix is not the key");
        assert!(!same(b"", b"abc"));
    }
}
