//! The help desk's side of an account: verifications of a caller by their secret question,
//! the streak of misses that locks, and the unlock that a fresh verification allows.
//!
//! Every verification is a row (`help_desk_verifications`): who verified whom, when, and
//! whether the answer matched. An unlock consumes one matched row of the same help-desk
//! person in one statement, so two unlocks can never share a verification. Misses in a row
//! are counted on the user (`verify_failures`) in one atomic statement, like sign-in
//! failures, and a match resets the streak.

use super::UserKey;
use chrono::{DateTime, Utc};
use dealer_api::ApprovalAction;
use dealer_core::access::AccountState;
use dealer_core::lockout::AttemptKind;
use sqlx::{AnyConnection, Row};

use super::users::{USER_COLUMNS, User, UserColumns};
use super::{Result, Store, ms};

/// What one verification did to the user's streak of misses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyCount {
    /// Misses in a row after this verification (0 after a match).
    pub failures: u32,
    /// This miss made the streak reach the limit: exactly one verification per streak sees
    /// this, however many ran at once.
    pub reached_limit: bool,
    /// This miss set the lock (the account was not locked before).
    pub locked_now: bool,
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Take the user's row for this transaction (a write that changes nothing): concurrent
/// verifications of one caller then take turns, so a check with
/// [`verification_paused_until`] after it holds until [`record_verification`].
pub async fn hold_user_row(conn: &mut AnyConnection, user_pk: UserKey) -> Result<()> {
    sqlx::query("UPDATE users SET verify_failures = verify_failures WHERE id = $1")
        .bind(user_pk)
        .execute(conn)
        .await?;
    Ok(())
}

/// Until when the help desk may not verify `user_pk`: their misses in a row reached `limit`
/// and the last one was less than `pause` ago. `None`: a verification may go ahead. A read;
/// in the recording transaction, call [`hold_user_row`] first.
pub async fn verification_paused_until(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    limit: u32,
    pause: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    let row = sqlx::query(
        "SELECT u.verify_failures, \
           (SELECT MAX(v.at) FROM help_desk_verifications v \
             WHERE v.user_pk = u.id AND v.matched = 0) AS last_miss \
         FROM users u WHERE u.id = $1",
    )
    .bind(user_pk)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let failures = count(row.try_get("verify_failures")?);
    let last_miss: Option<i64> = row.try_get("last_miss")?;
    Ok(match last_miss.map(super::from_ms) {
        Some(last) if failures >= limit && now < last + pause => Some(last + pause),
        _ => None,
    })
}

/// Record one verification of `user_pk` by `agent_pk` on `conn` (a transaction with its
/// audit row). A match resets the streak of misses; a miss counts one in the same statement
/// that, at `limit` misses in a row, locks an account that is not locked yet.
pub async fn record_verification(
    conn: &mut AnyConnection,
    agent_pk: UserKey,
    user_pk: UserKey,
    matched: bool,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<VerifyCount> {
    sqlx::query(
        "INSERT INTO help_desk_verifications (agent_pk, user_pk, at, matched) VALUES ($1, $2, $3, $4)",
    )
    .bind(agent_pk)
    .bind(user_pk)
    .bind(ms(now))
    .bind(i64::from(matched))
    .execute(&mut *conn)
    .await?;
    if matched {
        sqlx::query("UPDATE users SET verify_failures = 0 WHERE id = $1")
            .bind(user_pk)
            .execute(&mut *conn)
            .await?;
        return Ok(VerifyCount {
            failures: 0,
            reached_limit: false,
            locked_now: false,
        });
    }
    let row = sqlx::query(
        "UPDATE users SET verify_failures = verify_failures + 1, \
           locked_at = CASE WHEN locked_at IS NULL AND verify_failures + 1 >= $2 THEN $3 ELSE locked_at END, \
           lock_kind = CASE WHEN locked_at IS NULL AND verify_failures + 1 >= $2 THEN $4 ELSE lock_kind END \
         WHERE id = $1 \
         RETURNING verify_failures, locked_at, lock_kind",
    )
    .bind(user_pk)
    .bind(i64::from(limit))
    .bind(ms(now))
    .bind(AttemptKind::HelpDeskVerification.as_str())
    .fetch_one(&mut *conn)
    .await?;
    let failures = count(row.try_get("verify_failures")?);
    let locked_at: Option<i64> = row.try_get("locked_at")?;
    let lock_kind: Option<String> = row.try_get("lock_kind")?;
    let reached_limit = failures == limit;
    Ok(VerifyCount {
        failures,
        reached_limit,
        locked_now: reached_limit
            && locked_at == Some(ms(now))
            && lock_kind.as_deref() == Some(AttemptKind::HelpDeskVerification.as_str()),
    })
}

/// Ask a second provider admin to approve `agent_pk` unlocking `user_pk` (one of the
/// provider's own people); a request of the same asker still waiting since `since` is
/// reused. Its id.
pub async fn ask_unlock_approval(
    conn: &mut AnyConnection,
    action: ApprovalAction,
    user_pk: UserKey,
    agent_pk: UserKey,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let waiting: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM unlock_approvals WHERE user_pk = $1 AND requested_by = $2 \
           AND approved_at IS NULL AND requested_at >= $3 AND action = $4 ORDER BY id DESC LIMIT 1",
    )
    .bind(user_pk)
    .bind(agent_pk)
    .bind(ms(since))
    .bind(action.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = waiting {
        return Ok(id);
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO unlock_approvals (user_pk, requested_by, requested_at, action) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_pk)
    .bind(agent_pk)
    .bind(ms(now))
    .bind(action.as_str())
    .fetch_one(conn)
    .await?)
}

/// Use up an approval given since `since` of `agent_pk` unlocking `user_pk`, in one
/// statement: of two unlocks racing for it, one gets its id.
pub async fn consume_unlock_approval(
    conn: &mut AnyConnection,
    action: ApprovalAction,
    user_pk: UserKey,
    agent_pk: UserKey,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE unlock_approvals SET used_at = $4 WHERE used_at IS NULL AND id = ( \
           SELECT id FROM unlock_approvals WHERE user_pk = $1 AND requested_by = $2 \
             AND approved_at IS NOT NULL AND approved_at >= $3 AND used_at IS NULL \
             AND action = $5 \
           ORDER BY id DESC LIMIT 1) \
         RETURNING id",
    )
    .bind(user_pk)
    .bind(agent_pk)
    .bind(ms(since))
    .bind(ms(now))
    .bind(action.as_str())
    .fetch_optional(conn)
    .await?)
}

fn approval_action(text: &str) -> Result<ApprovalAction> {
    text.parse()
        .map_err(|_| super::StoreError::Corrupt(format!("approval action {text:?}")))
}

/// An approval waiting for a provider admin, with who it is for and who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingApproval {
    pub id: i64,
    pub action: ApprovalAction,
    pub user_pk: UserKey,
    pub requested_by_pk: UserKey,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
}

/// What an admin's approval did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    /// Approved: the asker may now do `action` to `user_pk`.
    Approved {
        user_pk: UserKey,
        action: ApprovalAction,
    },
    /// No such request waiting (approved already, too old, or never asked).
    NotWaiting,
    /// The admin asked for it, or it is their own account: a second person must approve.
    OwnRequest,
}

/// Consume the newest matched, unused verification of `user_pk` by `agent_pk` made at or
/// after `since`, in one statement: of two unlocks racing for it, exactly one gets its id.
pub async fn consume_verification(
    conn: &mut AnyConnection,
    agent_pk: UserKey,
    user_pk: UserKey,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let row = sqlx::query(
        "UPDATE help_desk_verifications SET used_at = $4 \
         WHERE used_at IS NULL AND id = ( \
           SELECT id FROM help_desk_verifications \
           WHERE user_pk = $1 AND agent_pk = $2 AND matched = 1 AND used_at IS NULL \
             AND at >= $3 AND at <= $4 \
           ORDER BY at DESC, id DESC LIMIT 1) \
         RETURNING id",
    )
    .bind(user_pk)
    .bind(agent_pk)
    .bind(ms(since))
    .bind(ms(now))
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

/// Lift the lock and every failure count, and set a temporary password (a PHC string)
/// that must be changed at the next sign-in and works for one sign-in until `expires_at`.
/// False when there is no such user, or when it is pending or deactivated (nothing to
/// unlock there).
pub async fn unlock_with_temporary_password(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    phc: &str,
    expires_at: DateTime<Utc>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET locked_at = NULL, lock_kind = NULL, failed_attempts = 0, answer_failures = 0, \
           verify_failures = 0, password_hash = $2, must_change_password = 1, temporary_password_expires_at = $3 \
         WHERE id = $1 AND state IN ($4, $5)",
    )
    .bind(user_pk)
    .bind(phc)
    .bind(ms(expires_at))
    .bind(AccountState::Active.as_str())
    .bind(AccountState::Inactive.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One person the help desk's search found, with their dealership's name.
#[derive(Clone, Debug)]
pub struct Found {
    pub user: User,
    pub dealership_name: Option<String>,
}

impl Store {
    /// The help desk's search, a page at a time by last name, first name and user ID:
    /// people whose user ID, name ("first last") or email contains `needle` (lower case),
    /// or, for a five-digit `needle`, the people of that PDN; never `except` (the searcher).
    /// With the number of all matches.
    pub async fn find_callers(
        &self,
        needle: &str,
        except: UserKey,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Found>, i64)> {
        let filter = "WHERE id <> $1 AND (user_id LIKE $2 ESCAPE '\\' \
             OR lower(first_name || ' ' || last_name) LIKE $2 ESCAPE '\\' \
             OR lower(email) LIKE $2 ESCAPE '\\' OR pdn = $3)";
        let pattern = super::requests::like_pattern(needle);
        let mut conn = self.conn().await?;
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM users {filter}"
        )))
        .bind(except)
        .bind(&pattern)
        .bind(needle)
        .fetch_one(&mut *conn)
        .await?;
        let sql = format!(
            "SELECT {USER_COLUMNS}, (SELECT d.name FROM dealers d WHERE d.pdn = users.pdn) \
               AS dealership_name \
             FROM users {filter} \
             ORDER BY lower(last_name), lower(first_name), user_id LIMIT $4 OFFSET $5"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(except)
            .bind(&pattern)
            .bind(needle)
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *conn)
            .await?;
        let found = UserColumns::map_rows(&rows, |columns, row| {
            Ok(Found {
                user: columns.user(row)?,
                dealership_name: row.try_get("dealership_name")?,
            })
        })?;
        Ok((found, total))
    }

    /// Whether the help desk's verifications of `user_pk` are paused now (see
    /// [`verification_paused_until`]).
    pub async fn verification_paused(
        &self,
        user_pk: UserKey,
        pause: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut conn = self.pool().acquire().await?;
        let until = verification_paused_until(
            &mut conn,
            user_pk,
            dealer_core::lockout::HELP_DESK_VERIFICATION_LIMIT,
            pause,
            now,
        )
        .await?;
        Ok(until.is_some())
    }

    /// Missed help-desk verifications in a row of one user (0 for an unknown one).
    pub async fn verify_failures(&self, user_pk: UserKey) -> Result<u32> {
        let row = sqlx::query("SELECT verify_failures FROM users WHERE id = $1")
            .bind(user_pk)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(row) => count(row.try_get("verify_failures")?),
            None => 0,
        })
    }

    /// Whether `agent_pk` has a matched, unused verification of `user_pk` made at or after
    /// `since`: checked before an unlock spends a hash ([`consume_verification`] decides).
    pub async fn has_usable_verification(
        &self,
        agent_pk: UserKey,
        user_pk: UserKey,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM help_desk_verifications \
             WHERE user_pk = $1 AND agent_pk = $2 AND matched = 1 AND used_at IS NULL \
               AND at >= $3 AND at <= $4",
        )
        .bind(user_pk)
        .bind(agent_pk)
        .bind(ms(since))
        .bind(ms(now))
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// Whether `agent_pk` holds an unused approval, given since `since`, to unlock
    /// `user_pk`: checked before an unlock spends a hash.
    pub async fn has_unlock_approval(
        &self,
        action: ApprovalAction,
        agent_pk: UserKey,
        user_pk: UserKey,
        since: DateTime<Utc>,
    ) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM unlock_approvals WHERE user_pk = $1 AND requested_by = $2 \
               AND approved_at IS NOT NULL AND approved_at >= $3 AND used_at IS NULL \
               AND action = $4",
        )
        .bind(user_pk)
        .bind(agent_pk)
        .bind(ms(since))
        .bind(action.as_str())
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    /// Approvals asked for since `since` and not given yet, oldest first.
    pub async fn waiting_unlock_approvals(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<PendingApproval>> {
        let rows = sqlx::query(
            "SELECT a.id, a.action, a.user_pk, a.requested_by, a.requested_at, u.user_id AS asker \
             FROM unlock_approvals a JOIN users u ON u.id = a.requested_by \
             WHERE a.approved_at IS NULL AND a.requested_at >= $1 ORDER BY a.id",
        )
        .bind(ms(since))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PendingApproval {
                    id: r.try_get("id")?,
                    action: approval_action(&r.try_get::<String, _>("action")?)?,
                    user_pk: r.try_get("user_pk")?,
                    requested_by_pk: r.try_get("requested_by")?,
                    requested_by: r.try_get("asker")?,
                    requested_at: super::from_ms(r.try_get("requested_at")?),
                })
            })
            .collect()
    }

    /// `admin_pk` approves request `id` (asked since `since`): never their own request or
    /// an unlock of their own account.
    pub async fn approve_unlock(
        &self,
        id: i64,
        admin_pk: UserKey,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Approval> {
        let row = sqlx::query(
            "SELECT user_pk, requested_by, action FROM unlock_approvals \
             WHERE id = $1 AND approved_at IS NULL AND requested_at >= $2",
        )
        .bind(id)
        .bind(ms(since))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(Approval::NotWaiting);
        };
        let user_pk: UserKey = row.try_get("user_pk")?;
        let asker: UserKey = row.try_get("requested_by")?;
        let action = approval_action(&row.try_get::<String, _>("action")?)?;
        if admin_pk == asker || admin_pk == user_pk {
            return Ok(Approval::OwnRequest);
        }
        let done = sqlx::query(
            "UPDATE unlock_approvals SET approved_by = $2, approved_at = $3 \
             WHERE id = $1 AND approved_at IS NULL",
        )
        .bind(id)
        .bind(admin_pk)
        .bind(ms(now))
        .execute(self.pool())
        .await?;
        Ok(if done.rows_affected() == 1 {
            Approval::Approved { user_pk, action }
        } else {
            Approval::NotWaiting
        })
    }

    /// The help-desk secret question of a user (slot 3): its catalogue key and the answer's
    /// hash, which never leaves the portal.
    pub async fn secret_question(&self, user_pk: UserKey) -> Result<Option<(String, String)>> {
        let row = sqlx::query(
            "SELECT question_id, answer_hash FROM user_questions WHERE user_pk = $1 AND slot = 3",
        )
        .bind(user_pk)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| Ok((r.try_get("question_id")?, r.try_get("answer_hash")?)))
            .transpose()
    }
}
