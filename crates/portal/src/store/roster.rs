//! A dealership's roster as its office manager sees it: every user of one PDN with what
//! their lock and failure counts say. Scoped by the PDN of the manager's session, never
//! by the request.

use dealer_core::ids::Pdn;
use sqlx::Row;

use super::users::{USER_COLUMNS, User, user_from_row};
use super::{Result, Store};

/// One user of a dealership, with the help-desk misses in a row that
/// [`User`] does not carry.
#[derive(Debug, Clone)]
pub struct RosterEntry {
    pub user: User,
    pub verify_failures: u32,
}

impl Store {
    /// The users of one dealership, by user ID.
    pub async fn roster(&self, pdn: &Pdn) -> Result<Vec<RosterEntry>> {
        let mut conn = self.conn().await?;
        // One read of the dealership's rows (not the users and then their counts): the
        // list is an office manager's most frequent request.
        let sql = format!(
            "SELECT {USER_COLUMNS}, verify_failures FROM users WHERE pdn = $1 ORDER BY user_id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(pdn.as_str())
            .fetch_all(&mut *conn)
            .await?;
        rows.iter()
            .map(|row| {
                let misses: i64 = row.try_get("verify_failures")?;
                Ok(RosterEntry {
                    user: user_from_row(row)?,
                    verify_failures: u32::try_from(misses).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }
}
