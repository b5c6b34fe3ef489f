//! A dealership's roster as its office manager sees it: every user of one PDN with what
//! their lock and failure counts say. Scoped by the PDN of the manager's session, never
//! by the request.

use dealer_core::ids::Pdn;
use sqlx::Row;
use std::sync::LazyLock;

use super::users::{USER_COLUMNS, User, UserColumns};
use super::{Result, Store};

/// One user of a dealership, with the help-desk misses in a row that
/// [`User`] does not carry.
#[derive(Debug, Clone)]
pub struct RosterEntry {
    pub user: User,
    pub verify_failures: u32,
    /// The applications the user holds, by key.
    pub applications: Vec<String>,
}

impl Store {
    /// The users of one dealership, by user ID.
    pub async fn roster(&self, pdn: &Pdn) -> Result<Vec<RosterEntry>> {
        let mut conn = self.conn().await?;
        // One read of the dealership's rows (not the users and then their counts): the
        // list is an office manager's most frequent request.
        // Each user's applications come with the row, joined in one text (keys hold no
        // comma); `string_agg` is the same aggregate on both backends.
        static SQL: LazyLock<String> = LazyLock::new(|| {
            format!(
                "SELECT {USER_COLUMNS}, verify_failures, \
                   (SELECT string_agg(a.application, ',' ORDER BY a.application) \
                    FROM user_applications a WHERE a.user_pk = users.id) AS applications \
                 FROM users WHERE pdn = $1 ORDER BY user_id"
            )
        });
        let rows = sqlx::query(sqlx::AssertSqlSafe(SQL.as_str()))
            .bind(pdn.as_str())
            .fetch_all(&mut *conn)
            .await?;
        // The user's columns found once for the whole list, not in every row.
        UserColumns::map_rows(&rows, |columns, row| {
            let misses: i64 = row.try_get("verify_failures")?;
            let applications: Option<String> = row.try_get("applications")?;
            Ok(RosterEntry {
                user: columns.user(row)?,
                verify_failures: u32::try_from(misses).unwrap_or(u32::MAX),
                applications: applications
                    .map(|keys| keys.split(',').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })
    }
}
