//! Shared helpers for the portal's integration tests (`crate::support` in every module of
//! the one test binary).

// The journeys crate includes `smtp.rs` alone and uses only part of it.
#![allow(dead_code)]

pub mod app;
pub mod db;
pub mod process;
pub mod requests;
pub mod smtp;
pub mod tls;

/// Each named `async fn(TestApp)` of the calling module as two tests: on SQLite, and on
/// PostgreSQL (ignored unless asked for: `--ignored` with `DEALER_TEST_POSTGRES_URL`), each
/// on a fresh store set up by the module's `dealerships` fixture.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(super::dealerships(crate::support::db::sqlite().await).await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                #[ignore = "needs DEALER_TEST_POSTGRES_URL; run with --ignored"]
                async fn $name() {
                    super::$name(super::dealerships(crate::support::db::postgres().await).await).await;
                }
            )*
        }
    };
}
pub(crate) use on_both_backends;
