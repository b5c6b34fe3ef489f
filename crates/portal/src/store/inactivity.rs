//! The inactivity clock in the database: reminders a week ahead and deactivation at 60
//! days. Each is claimed by one atomic `UPDATE … RETURNING`, so replicas running the job
//! at the same moment never act on one user twice.

use crate::store::UserKey;
use chrono::{DateTime, Utc};
use dealer_core::access::AccountState;
use dealer_core::inactivity::InactivityPolicy;
use sqlx::{AnyConnection, Row};

use super::{Result, from_ms, ms};

/// A user the job acted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aged {
    pub pk: UserKey,
    pub user_id: String,
    pub pdn: Option<String>,
    pub email: String,
    pub first_name: String,
    pub deactivates_at: DateTime<Utc>,
}

fn aged(row: &sqlx::any::AnyRow, policy: &InactivityPolicy) -> Result<Aged> {
    Ok(Aged {
        pk: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        pdn: row.try_get("pdn")?,
        email: row.try_get("email")?,
        first_name: row.try_get("first_name")?,
        deactivates_at: policy.deactivates_at(from_ms(row.try_get("activity_since")?)),
    })
}

/// Dealership users still active whose clock is inside the reminder window and who were
/// not reminded since their last sign-in; marks them reminded.
pub async fn claim_reminders(
    conn: &mut AnyConnection,
    policy: &InactivityPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<Aged>> {
    let window_start = policy.reminder_cutoff(now);
    let cutoff = policy.deactivation_cutoff(now);
    let rows = sqlx::query(
        "UPDATE users SET reminder_sent_at = $1 \
         WHERE state = $4 AND pdn IS NOT NULL AND reminder_sent_at IS NULL \
           AND activity_since <= $2 AND activity_since > $3 \
         RETURNING id, user_id, pdn, email, first_name, activity_since",
    )
    .bind(ms(now))
    .bind(ms(window_start))
    .bind(ms(cutoff))
    .bind(AccountState::Active.as_str())
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| aged(r, policy)).collect()
}

/// Dealership users active whose clock has run out; marks them inactive.
pub async fn claim_deactivations(
    conn: &mut AnyConnection,
    policy: &InactivityPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<Aged>> {
    let cutoff = policy.deactivation_cutoff(now);
    let rows = sqlx::query(
        "UPDATE users SET state = $3, inactive_at = $1 \
         WHERE state = $4 AND pdn IS NOT NULL AND activity_since <= $2 \
         RETURNING id, user_id, pdn, email, first_name, activity_since",
    )
    .bind(ms(now))
    .bind(ms(cutoff))
    .bind(AccountState::Inactive.as_str())
    .bind(AccountState::Active.as_str())
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| aged(r, policy)).collect()
}
