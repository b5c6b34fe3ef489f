//! Access reviews (issue 17, migrations 0013 and 0014): a dealership's review with the people it
//! lists as they stood when it opened, and each decision as the office manager makes it.
//!
//! The rules (who is listed, who decides whom, what a decision may say, what finishing
//! files) are dealer-core's [`dealer_core::access_review`]; this module keeps what they
//! decided. Opening and finishing are one statement each that only one caller can win: a
//! second replica opening the same dealership's review at once opens nothing (the partial
//! unique index `access_reviews_open`), and a second finish finishes nothing, so the
//! requests it files are filed once.

use chrono::{DateTime, Utc};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::access_review::AccessDecision;
use dealer_core::ids::{Pdn, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{Result, StoreError, UserKey, from_ms, ms};

/// One review of one dealership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: i64,
    pub pdn: Pdn,
    pub dealership_name: String,
    pub opened_at: DateTime<Utc>,
    /// The provider admin who opened it; `None` when the schedule did.
    pub opened_by: Option<String>,
    pub deadline: DateTime<Utc>,
    /// The last reminder sent (`Reminder::ordinal`; 0 when none).
    pub reminded: i64,
    pub escalated_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub finished_by: Option<String>,
    /// People listed, and how many of them are decided.
    pub total: u32,
    pub decided: u32,
}

/// One person on a review: who they were when it opened, and the decision on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewPerson {
    /// `None` once the account is gone from the store.
    pub user_pk: Option<UserKey>,
    pub user_id: UserId,
    pub first_name: String,
    pub last_name: String,
    pub role: AccessRole,
    pub state: AccountState,
    /// The applications held when the review opened, by key.
    pub applications: Vec<String>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub decision: Option<AccessDecision>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The request finishing filed for this person.
    pub request_id: Option<i64>,
    /// When the deadline put this person on hold (undecided, `suspend_unreviewed`).
    pub held_at: Option<DateTime<Utc>>,
}

const REVIEW_COLUMNS: &str = "r.id, r.pdn, \
     (SELECT d.name FROM dealers d WHERE d.pdn = r.pdn) AS dealership_name, r.opened_at, r.opened_by, r.deadline, r.reminded, \
     r.escalated_at, r.finished_at, r.finished_by, \
     (SELECT COUNT(*) FROM access_review_people p WHERE p.review_id = r.id) AS total, \
     (SELECT COUNT(*) FROM access_review_people p WHERE p.review_id = r.id \
        AND p.decision IS NOT NULL) AS decided";

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn count(row: &AnyRow, column: &str) -> Result<u32> {
    let n: i64 = row.try_get(column)?;
    u32::try_from(n).map_err(corrupt)
}

fn review_from_row(row: &AnyRow) -> Result<Review> {
    let pdn: String = row.try_get("pdn")?;
    Ok(Review {
        id: row.try_get("id")?,
        pdn: Pdn::parse(&pdn).map_err(corrupt)?,
        dealership_name: row
            .try_get::<Option<String>, _>("dealership_name")?
            .unwrap_or_default(),
        opened_at: from_ms(row.try_get("opened_at")?),
        opened_by: row.try_get("opened_by")?,
        deadline: from_ms(row.try_get("deadline")?),
        reminded: row.try_get("reminded")?,
        escalated_at: row.try_get::<Option<i64>, _>("escalated_at")?.map(from_ms),
        finished_at: row.try_get::<Option<i64>, _>("finished_at")?.map(from_ms),
        finished_by: row.try_get("finished_by")?,
        total: count(row, "total")?,
        decided: count(row, "decided")?,
    })
}

fn keys(text: Option<String>) -> Vec<String> {
    text.filter(|t| !t.is_empty())
        .map(|t| t.split(',').map(str::to_owned).collect())
        .unwrap_or_default()
}

fn person_from_row(row: &AnyRow) -> Result<ReviewPerson> {
    let user_id: String = row.try_get("user_id")?;
    let role: String = row.try_get("role")?;
    let state: String = row.try_get("state")?;
    let decision = match row.try_get::<Option<String>, _>("decision")?.as_deref() {
        None => None,
        Some("keep") => Some(AccessDecision::Keep),
        Some("remove") => Some(AccessDecision::Remove {
            applications: keys(row.try_get("remove")?),
        }),
        Some("deactivate") => Some(AccessDecision::Deactivate {
            reason: row
                .try_get::<Option<String>, _>("reason")?
                .unwrap_or_default(),
        }),
        Some(other) => return Err(corrupt(format!("review decision {other}"))),
    };
    Ok(ReviewPerson {
        user_pk: row.try_get("user_pk")?,
        user_id: UserId::parse(&user_id).map_err(corrupt)?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        role: role.parse().map_err(corrupt)?,
        state: state.parse().map_err(corrupt)?,
        applications: keys(row.try_get("applications")?),
        last_sign_in_at: row
            .try_get::<Option<i64>, _>("last_sign_in_at")?
            .map(from_ms),
        decision,
        decided_by: row.try_get("decided_by")?,
        decided_at: row.try_get::<Option<i64>, _>("decided_at")?.map(from_ms),
        request_id: row.try_get("request_id")?,
        held_at: row.try_get::<Option<i64>, _>("held_at")?.map(from_ms),
    })
}

/// Open a review of `pdn` due at `deadline`, listing the dealership's active, locked and
/// inactive people with the applications they hold now. `None` when one is open already
/// (whoever opened it, even at the same moment).
pub async fn open(
    conn: &mut AnyConnection,
    pdn: &Pdn,
    opened_by: Option<&str>,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO access_reviews (pdn, opened_at, opened_by, deadline) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(pdn.as_str())
    .bind(ms(now))
    .bind(opened_by)
    .bind(ms(deadline))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    // A lock is kept beside the state (`locked_at`): the review lists it as its own state,
    // as the office manager's staff list does.
    sqlx::query(
        "INSERT INTO access_review_people \
           (review_id, user_pk, user_id, first_name, last_name, role, state, applications, \
            last_sign_in_at) \
         SELECT $1, u.id, u.user_id, u.first_name, u.last_name, u.role, \
           CASE WHEN u.state = 'active' AND u.locked_at IS NOT NULL THEN 'locked' ELSE u.state END, \
           COALESCE((SELECT string_agg(a.application, ',' ORDER BY a.application) \
                     FROM user_applications a WHERE a.user_pk = u.id), ''), \
           u.last_sign_in_at \
         FROM users u WHERE u.pdn = $2 AND u.state IN ('active', 'inactive')",
    )
    .bind(id)
    .bind(pdn.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(Some(id))
}

/// The review `id` of `pdn` (another dealership's is `None`, like one that does not exist).
pub async fn review(conn: &mut AnyConnection, pdn: &Pdn, id: i64) -> Result<Option<Review>> {
    let sql =
        format!("SELECT {REVIEW_COLUMNS} FROM access_reviews r WHERE r.id = $1 AND r.pdn = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(pdn.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(review_from_row).transpose()
}

/// The reviews of `pdn`, newest first.
pub async fn reviews_of(conn: &mut AnyConnection, pdn: &Pdn) -> Result<Vec<Review>> {
    let sql = format!(
        "SELECT {REVIEW_COLUMNS} FROM access_reviews r WHERE r.pdn = $1 \
         ORDER BY r.opened_at DESC, r.id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(pdn.as_str())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(review_from_row).collect()
}

/// Which reviews the provider lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// Not finished (overdue ones included).
    Open,
    /// Not finished and past the deadline at `now`.
    Overdue(DateTime<Utc>),
    Finished,
}

/// Reviews across dealerships for the provider: `pdn` only, or every dealership; open ones
/// by deadline, finished ones newest first; at most `limit`.
pub async fn across_dealerships(
    conn: &mut AnyConnection,
    completion: Option<Completion>,
    pdn: Option<&Pdn>,
    limit: i64,
) -> Result<Vec<Review>> {
    // Every parameter appears in the text whatever the filter, so PostgreSQL knows each
    // one's type: 0 any, 1 open, 2 overdue at $3, 3 finished.
    let (which, now) = match completion {
        None => (0_i64, 0),
        Some(Completion::Open) => (1, 0),
        Some(Completion::Overdue(now)) => (2, ms(now)),
        Some(Completion::Finished) => (3, 0),
    };
    let sql = format!(
        "SELECT {REVIEW_COLUMNS} FROM access_reviews r \
         WHERE ($1 = '' OR r.pdn = $1) \
           AND ($2 = 0 OR ($2 = 1 AND r.finished_at IS NULL) \
             OR ($2 = 2 AND r.finished_at IS NULL AND r.deadline < $3) \
             OR ($2 = 3 AND r.finished_at IS NOT NULL)) \
         ORDER BY (CASE WHEN r.finished_at IS NULL THEN 0 ELSE 1 END), \
           (CASE WHEN r.finished_at IS NULL THEN r.deadline ELSE -r.finished_at END), r.id \
         LIMIT $4"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(pdn.map_or("", Pdn::as_str))
        .bind(which)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(review_from_row).collect()
}

/// Every open review of every dealership, the earliest deadline first (the jobs'
/// reminders and escalations).
pub async fn open_reviews(conn: &mut AnyConnection) -> Result<Vec<Review>> {
    let sql = format!(
        "SELECT {REVIEW_COLUMNS} FROM access_reviews r WHERE r.finished_at IS NULL \
         ORDER BY r.deadline, r.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(review_from_row).collect()
}

/// The people on review `id`, by user ID.
pub async fn people(conn: &mut AnyConnection, id: i64) -> Result<Vec<ReviewPerson>> {
    let rows = sqlx::query(
        "SELECT user_pk, user_id, first_name, last_name, role, state, applications, \
           last_sign_in_at, decision, remove, reason, decided_by, decided_at, request_id, held_at \
         FROM access_review_people WHERE review_id = $1 ORDER BY user_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(person_from_row).collect()
}

/// Record `decision` on `user_id` in review `id` by `by`, replacing an earlier one. False
/// when the review is finished or does not list that person.
pub async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    user_id: &UserId,
    decision: &AccessDecision,
    by: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let (remove, reason) = match decision {
        AccessDecision::Keep => (None, None),
        AccessDecision::Remove { applications } => (Some(applications.join(",")), None),
        AccessDecision::Deactivate { reason } => (None, Some(reason.clone())),
    };
    let done = sqlx::query(
        "UPDATE access_review_people SET decision = $1, remove = $2, reason = $3, \
           decided_by = $4, decided_at = $5 \
         WHERE review_id = $6 AND user_id = $7 AND EXISTS \
           (SELECT 1 FROM access_reviews r WHERE r.id = $6 AND r.finished_at IS NULL)",
    )
    .bind(decision.as_str())
    .bind(remove)
    .bind(reason)
    .bind(by)
    .bind(ms(now))
    .bind(id)
    .bind(user_id.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Mark review `id` finished by `by`. True for the one caller that finished it; false when
/// it was finished already (the caller then files nothing).
pub async fn finish(
    conn: &mut AnyConnection,
    id: i64,
    by: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE access_reviews SET finished_at = $1, finished_by = $2 \
         WHERE id = $3 AND finished_at IS NULL",
    )
    .bind(ms(now))
    .bind(by)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Note the request finishing filed for `user_id`.
pub async fn set_request(
    conn: &mut AnyConnection,
    id: i64,
    user_id: &UserId,
    request_id: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE access_review_people SET request_id = $1 WHERE review_id = $2 AND user_id = $3",
    )
    .bind(request_id)
    .bind(id)
    .bind(user_id.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Note that reminder `ordinal` went out for review `id`, if no later one did. True for the
/// one caller that moved it on (and so sends the mail).
pub async fn mark_reminded(conn: &mut AnyConnection, id: i64, ordinal: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE access_reviews SET reminded = $1 \
         WHERE id = $2 AND reminded < $1 AND finished_at IS NULL",
    )
    .bind(ordinal)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Mark open review `id` escalated (its deadline passed unfinished). True for the one
/// caller that did (and so tells the office managers and holds the undecided).
pub async fn escalate(conn: &mut AnyConnection, id: i64, now: DateTime<Utc>) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE access_reviews SET escalated_at = $1 \
         WHERE id = $2 AND escalated_at IS NULL AND finished_at IS NULL",
    )
    .bind(ms(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Put `user_id`, undecided on open review `id`, on hold. False when they were decided
/// (or held) meanwhile.
pub async fn hold(
    conn: &mut AnyConnection,
    id: i64,
    user_id: &UserId,
    now: DateTime<Utc>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE access_review_people SET held_at = $1 \
         WHERE review_id = $2 AND user_id = $3 AND decision IS NULL AND held_at IS NULL",
    )
    .bind(ms(now))
    .bind(id)
    .bind(user_id.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// When each dealership last had a review opened, with when the dealership came on: what
/// the schedule needs to know whom to open one for. Closed dealerships are left out.
pub async fn schedule(
    conn: &mut AnyConnection,
) -> Result<Vec<(Pdn, DateTime<Utc>, Option<DateTime<Utc>>)>> {
    let rows = sqlx::query(
        "SELECT d.pdn, d.created_at, (SELECT MAX(r.opened_at) FROM access_reviews r \
           WHERE r.pdn = d.pdn) AS last_opened \
         FROM dealers d WHERE d.closed_at IS NULL ORDER BY d.pdn",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let pdn: String = row.try_get("pdn")?;
            Ok((
                Pdn::parse(&pdn).map_err(corrupt)?,
                from_ms(row.try_get("created_at")?),
                row.try_get::<Option<i64>, _>("last_opened")?.map(from_ms),
            ))
        })
        .collect()
}
