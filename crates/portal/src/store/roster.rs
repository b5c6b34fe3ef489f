//! A dealership's roster as its office manager sees it: every user of one PDN with what
//! their lock and failure counts say. Scoped by the PDN of the manager's session, never
//! by the request.

use std::collections::HashMap;

use dealer_core::ids::Pdn;
use sqlx::Row;

use super::users::User;
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
        let users = self.users_of_dealer(pdn).await?;
        let rows = sqlx::query("SELECT id, verify_failures FROM users WHERE pdn = $1")
            .bind(pdn.as_str())
            .fetch_all(self.pool())
            .await?;
        let mut misses = HashMap::with_capacity(rows.len());
        for row in &rows {
            let pk: i64 = row.try_get("id")?;
            let n: i64 = row.try_get("verify_failures")?;
            misses.insert(pk, u32::try_from(n).unwrap_or(u32::MAX));
        }
        Ok(users
            .into_iter()
            .map(|user| RosterEntry {
                verify_failures: misses.get(&user.pk).copied().unwrap_or(0),
                user,
            })
            .collect())
    }
}
