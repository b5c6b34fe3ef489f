//! `dealer-portal backup`: a consistent copy of a SQLite database, taken while the portal
//! serves, with SQLite's online-backup API (`sqlite3_backup_*`, the same one the `sqlite3`
//! shell's `.backup` uses).
//!
//! The copy is one moment of the database: it is made in a single backup step, which reads
//! inside one read transaction. In WAL mode that transaction never blocks the portal's
//! writers, and what they commit meanwhile is simply not in the copy. The copy is then
//! checked (`PRAGMA quick_check`) before the command says it is done. A copy is restored by
//! stopping the portal and putting the file in place of the database (docs/operating.md).

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use sqlx::sqlite::SqliteConnectOptions;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "dealer-portal backup copies a SQLite database; back up PostgreSQL with pg_dump (docs/operating.md)"
    )]
    NeedsPgDump,
    #[error("an in-memory database has nothing to back up")]
    InMemory,
    #[error("database URL must start with sqlite: or postgres://")]
    UnknownUrl,
    #[error("{0}: there is no database there")]
    NoDatabase(PathBuf),
    #[error("{0} exists already; a backup never overwrites a file")]
    Exists(PathBuf),
    #[error("cannot create {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database stayed busy for {0:?}; try again")]
    Busy(Duration),
    #[error("the copy at {path} fails its check: {verdict}")]
    CheckFailed { path: PathBuf, verdict: String },
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Url(#[from] sqlx::Error),
}

/// How long the single backup step may wait for a lock (a checkpoint, a schema change).
const PATIENCE: Duration = Duration::from_secs(30);

/// Copy the SQLite database at `url` to the new file `to`, and check the copy. `to` must not
/// exist; on any failure nothing is left at `to`.
pub async fn sqlite(url: &str, to: &Path) -> Result<(), BackupError> {
    let source = source_file(url)?;
    let to = to.to_owned();
    tokio::task::spawn_blocking(move || copy(&source, &to))
        .await
        .unwrap_or_else(|join| std::panic::resume_unwind(join.into_panic()))
}

/// The database file a `sqlite:` URL names.
fn source_file(url: &str) -> Result<PathBuf, BackupError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(BackupError::NeedsPgDump);
    }
    if !url.starts_with("sqlite:") {
        return Err(BackupError::UnknownUrl);
    }
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Err(BackupError::InMemory);
    }
    let options = SqliteConnectOptions::from_str(url)?;
    let file = options.get_filename().to_owned();
    if !file.is_file() {
        return Err(BackupError::NoDatabase(file));
    }
    Ok(file)
}

fn copy(source: &Path, to: &Path) -> Result<(), BackupError> {
    // Claim the name first, atomically: a second backup to the same name, or yesterday's
    // copy under it, is never overwritten. An empty file is an empty SQLite database.
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => BackupError::Exists(to.to_owned()),
            _ => BackupError::Create {
                path: to.to_owned(),
                source,
            },
        })?;
    let done = copy_into(source, to).and_then(|()| check(to));
    if done.is_err() {
        let _ = std::fs::remove_file(to);
    }
    done
}

fn copy_into(source: &Path, to: &Path) -> Result<(), BackupError> {
    // Read-write without create: the source must exist, and a WAL database's shared-memory
    // index may need creating when the portal is not running. The backup only reads it.
    let from = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    from.busy_timeout(PATIENCE)?;
    let mut into = Connection::open(to)?;
    let backup = Backup::new(&from, &mut into)?;
    let started = std::time::Instant::now();
    loop {
        // -1: every page in one step, so the copy is one read transaction (one moment).
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked if started.elapsed() < PATIENCE => {
                std::thread::sleep(Duration::from_millis(100));
            }
            StepResult::Busy | StepResult::Locked => return Err(BackupError::Busy(PATIENCE)),
            // Only returned for a positive page count; treat as "go on".
            _ => {}
        }
    }
}

fn check(copy: &Path) -> Result<(), BackupError> {
    let conn = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(BackupError::CheckFailed {
            path: copy.to_owned(),
            verdict,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_is_named_by_a_sqlite_url_only() {
        assert!(matches!(
            source_file("postgres://u@localhost/db"),
            Err(BackupError::NeedsPgDump)
        ));
        assert!(matches!(
            source_file("sqlite::memory:"),
            Err(BackupError::InMemory)
        ));
        assert!(matches!(
            source_file("mysql://x"),
            Err(BackupError::UnknownUrl)
        ));
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.sqlite");
        assert!(
            matches!(
                source_file(&format!("sqlite:{}", missing.display())),
                Err(BackupError::NoDatabase(_))
            ),
            "a typo in the database path is named, not backed up as an empty file"
        );
    }

    #[test]
    fn a_failed_backup_leaves_nothing_behind_and_an_existing_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_db = dir.path().join("garbage.sqlite");
        std::fs::write(&not_a_db, vec![7u8; 8192]).unwrap();
        let to = dir.path().join("copy.sqlite");
        assert!(
            copy(&not_a_db, &to).is_err(),
            "a file that is not a database"
        );
        assert!(
            !to.exists(),
            "no half-written copy is left to be mistaken for a backup"
        );

        std::fs::write(&to, b"yesterday").unwrap();
        let db = dir.path().join("real.sqlite");
        Connection::open(&db)
            .unwrap()
            .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        assert!(matches!(copy(&db, &to), Err(BackupError::Exists(_))));
        assert_eq!(
            std::fs::read(&to).unwrap(),
            b"yesterday",
            "never overwritten"
        );
    }
}
