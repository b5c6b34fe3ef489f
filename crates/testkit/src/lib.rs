//! dealer-testkit: what every Dealer Access test needs, in one place.
//!
//! - [`db`]: throwaway stores, a fresh SQLite file or a fresh schema on the PostgreSQL
//!   server named by `DEALER_TEST_POSTGRES_URL` (`cargo xtask test` starts one on loopback);
//! - [`smtp`]: a real SMTP server on 127.0.0.1 that keeps what it receives;
//! - [`Portal`]: the portal library serving on a loopback socket with the demo data, its
//!   mail going to that SMTP server, and a `dealer-client` for it, as the app drives it;
//! - [`on_both_backends!`]: each test of a module run on SQLite and on PostgreSQL.
//!
//! No mocks: every piece is the real component on loopback.

pub mod db;
mod portal;
pub mod smtp;

pub use portal::Portal;

/// Each named `async fn(T)` of the calling module as two tests, on SQLite and on PostgreSQL
/// (ignored unless asked for: `--ignored` with `DEALER_TEST_POSTGRES_URL`), each given
/// `fixture(store).await` on a fresh store, where `fixture` is an
/// `async fn(dealer_testkit::db::TestStore) -> T` of the calling module.
///
/// `on_both_backends!(fixture; a, b)` runs each on tokio's current-thread runtime;
/// `on_both_backends!(fixture, multi_thread; a, b)` on two worker threads, for tests that
/// race requests against each other.
#[macro_export]
macro_rules! on_both_backends {
    ($fixture:ident; $($name:ident),* $(,)?) => {
        $crate::on_both_backends!(@tests $fixture, ::tokio::test; $($name),*);
    };
    ($fixture:ident, multi_thread; $($name:ident),* $(,)?) => {
        $crate::on_both_backends!(
            @tests $fixture, ::tokio::test(flavor = "multi_thread", worker_threads = 2);
            $($name),*
        );
    };
    (@tests $fixture:ident, $test:meta; $($name:ident),*) => {
        mod sqlite {
            $(
                #[$test]
                async fn $name() {
                    super::$name(super::$fixture($crate::db::sqlite().await).await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[$test]
                #[ignore = "needs DEALER_TEST_POSTGRES_URL; run with --ignored"]
                async fn $name() {
                    super::$name(super::$fixture($crate::db::postgres().await).await).await;
                }
            )*
        }
    };
}
