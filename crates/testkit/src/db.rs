//! Throwaway stores for tests: a fresh SQLite file, or a fresh schema on the PostgreSQL
//! server named by `DEALER_TEST_POSTGRES_URL` (`cargo xtask test` starts one on loopback).

use dealer_portal::store::Store;

/// A store and what keeps it alive (the SQLite file's folder).
#[derive(Debug)]
pub struct TestStore {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl TestStore {
    /// The folder of a SQLite store's files (database, WAL, shared memory).
    pub fn dir(&self) -> Option<&std::path::Path> {
        self._dir.as_ref().map(tempfile::TempDir::path)
    }
}

pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().expect("a temp folder");
    let url = format!("sqlite:{}", dir.path().join("portal.sqlite").display());
    let store = Store::connect(&url)
        .await
        .expect("SQLite store opens and migrates");
    TestStore {
        store,
        _dir: Some(dir),
    }
}

pub fn postgres_url() -> String {
    std::env::var("DEALER_TEST_POSTGRES_URL").expect(
        "DEALER_TEST_POSTGRES_URL names the test PostgreSQL server (cargo xtask test sets it)",
    )
}

/// A fresh schema per test, so tests run in parallel on one database.
pub async fn postgres() -> TestStore {
    let url = postgres_schema_url().await;
    let store = Store::connect(&url)
        .await
        .expect("PostgreSQL store migrates");
    TestStore { store, _dir: None }
}

/// A URL of a fresh, empty schema on the test server (for portal processes to share).
pub async fn postgres_schema_url() -> String {
    let url = postgres_url();
    let schema = format!("t_{}", hex::encode(rand::random::<[u8; 8]>()));
    let admin = Store::connect_unmigrated(&url)
        .await
        .expect("PostgreSQL reachable");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(admin.pool())
        .await
        .expect("the test role may create schemas");
    admin.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}
