//! Users: accounts, their password hash and questions, and the lockout counter.

use chrono::{DateTime, Utc};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::ids::{Pdn, UserId};
use dealer_core::inactivity::{InactivityPolicy, InactivityStatus};
use dealer_core::lockout::{AttemptKind, FailureOutcome, LockoutPolicy};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{Result, Store, StoreError, from_ms, ms};

/// Everything needed to create an account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub user_id: UserId,
    pub pdn: Option<Pdn>,
    pub role: AccessRole,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub job_role: Option<String>,
    pub state: AccountState,
    /// PHC string; `None` until the person enrolls.
    pub password_hash: Option<String>,
    pub must_change_password: bool,
}

/// A user's row key: internal to the portal, never on the wire (people are known by their
/// user ID). Typed so it cannot be swapped with a request's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::Type)]
#[sqlx(transparent)]
pub struct UserKey(pub i64);

/// A stored account. `Debug` leaves out the password hash.
#[derive(Clone)]
pub struct User {
    pub pk: UserKey,
    pub user_id: UserId,
    pub pdn: Option<Pdn>,
    pub role: AccessRole,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub job_role: Option<String>,
    /// The stored state; see [`User::state`] for the one that counts.
    pub stored_state: AccountState,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    /// A temporary password (`must_change_password`) works for one sign-in until then; a
    /// sign-in with it sets this to its own time, which spends it.
    pub temporary_password_expires_at: Option<DateTime<Utc>>,
    pub failed_attempts: u32,
    /// Wrong challenge answers since the last right ones or unlock.
    pub answer_failures: u32,
    pub locked_at: Option<DateTime<Utc>>,
    pub lock_kind: Option<AttemptKind>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub activity_since: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Two-step sign-in is set up and confirmed (read with the account, so neither sign-in
    /// nor an authenticated request unseals the secret to learn it).
    pub two_step_on: bool,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("pk", &self.pk)
            .field("user_id", &self.user_id)
            .field("pdn", &self.pdn)
            .field("role", &self.role)
            .field("stored_state", &self.stored_state)
            .field("failed_attempts", &self.failed_attempts)
            .field("locked_at", &self.locked_at)
            .finish_non_exhaustive()
    }
}

impl User {
    /// An active account with a lock on it is locked; every other state stands as stored.
    pub fn state(&self) -> AccountState {
        match (self.stored_state, self.locked_at) {
            (AccountState::Active, Some(_)) => AccountState::Locked,
            (state, _) => state,
        }
    }

    pub fn is_locked(&self) -> bool {
        self.locked_at.is_some()
    }

    /// The state that counts for people: a lock on an active account makes it locked, and
    /// an active account whose inactivity clock ran out is inactive even before the
    /// inactivity job marks it.
    pub fn status(&self, policy: &InactivityPolicy, now: DateTime<Utc>) -> AccountState {
        match self.state() {
            AccountState::Active
                if matches!(
                    policy.status(self.activity_since, now),
                    InactivityStatus::Inactive { .. }
                ) =>
            {
                AccountState::Inactive
            }
            state => state,
        }
    }
}

/// A sign-in's record on its user row, `SET … WHERE …` ($1 the user, $2 now, $3 the hash
/// the password was checked against, $4 `active`): only while the account is still active,
/// unlocked and on that password, and a temporary password still unspent.
pub(super) const SIGNED_IN: &str = "failed_attempts = 0, last_sign_in_at = $2, activity_since = $2, \
       reminder_sent_at = NULL, \
       temporary_password_expires_at = CASE WHEN must_change_password = 1 THEN $2 ELSE NULL END \
     WHERE id = $1 AND locked_at IS NULL AND state = $4 AND password_hash = $3 \
       AND (must_change_password = 0 OR temporary_password_expires_at > $2)";

/// What besides the account decides whether a right password signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The user's dealership is open (always, for the provider's own people).
    pub dealership_open: bool,
    /// An access review past its deadline holds the user until a decision.
    pub on_hold: bool,
}

pub(super) const USER_COLUMNS: &str = "id, user_id, pdn, role, first_name, last_name, email, phone, job_role, state, \
     password_hash, must_change_password, temporary_password_expires_at, failed_attempts, answer_failures, locked_at, \
     lock_kind, last_sign_in_at, activity_since, created_at, \
     CAST(CASE WHEN EXISTS (SELECT 1 FROM two_step t WHERE t.user_pk = users.id AND t.confirmed_at IS NOT NULL) \
     THEN 1 ELSE 0 END AS BIGINT) AS two_step_on";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

/// A stored account state. A lock is kept as `locked_at`, never as the state itself.
pub fn account_state(text: &str) -> Result<AccountState> {
    match text.parse() {
        Ok(AccountState::Locked) | Err(_) => Err(corrupt(&format!("account state {text:?}"))),
        Ok(state) => Ok(state),
    }
}

column_positions! {
    /// Where each of a user's columns is in a result set ([`USER_COLUMNS`]).
    pub(super) struct UserColumns {
        id, user_id, pdn, role, first_name, last_name, email, phone, job_role, state,
        password_hash, must_change_password, temporary_password_expires_at, failed_attempts,
        answer_failures, locked_at, lock_kind, last_sign_in_at, activity_since, created_at,
        two_step_on,
    }
}

impl UserColumns {
    /// The user in `row`, a row of the result set these positions were found in. Texts
    /// that are only parsed are borrowed from the row, not copied.
    pub(super) fn user(&self, row: &AnyRow) -> Result<User> {
        let opt_time = |col: usize| -> Result<Option<DateTime<Utc>>> {
            Ok(row.try_get::<Option<i64>, _>(col)?.map(from_ms))
        };
        Ok(User {
            pk: row.try_get(self.id)?,
            user_id: UserId::parse(row.try_get::<&str, _>(self.user_id)?)
                .map_err(|_| corrupt("user_id"))?,
            pdn: row
                .try_get::<Option<&str>, _>(self.pdn)?
                .map(|p| Pdn::parse(p).map_err(|_| corrupt("pdn")))
                .transpose()?,
            role: row
                .try_get::<&str, _>(self.role)?
                .parse()
                .map_err(|_| corrupt("role"))?,
            first_name: row.try_get(self.first_name)?,
            last_name: row.try_get(self.last_name)?,
            email: row.try_get(self.email)?,
            phone: row.try_get(self.phone)?,
            job_role: row.try_get(self.job_role)?,
            stored_state: account_state(row.try_get::<&str, _>(self.state)?)?,
            password_hash: row.try_get(self.password_hash)?,
            must_change_password: row.try_get::<i64, _>(self.must_change_password)? != 0,
            temporary_password_expires_at: opt_time(self.temporary_password_expires_at)?,
            failed_attempts: u32::try_from(row.try_get::<i64, _>(self.failed_attempts)?)
                .unwrap_or(u32::MAX),
            answer_failures: u32::try_from(row.try_get::<i64, _>(self.answer_failures)?)
                .unwrap_or(u32::MAX),
            locked_at: opt_time(self.locked_at)?,
            lock_kind: row
                .try_get::<Option<&str>, _>(self.lock_kind)?
                .and_then(|text| text.parse().ok()),
            last_sign_in_at: opt_time(self.last_sign_in_at)?,
            activity_since: from_ms(row.try_get(self.activity_since)?),
            created_at: from_ms(row.try_get(self.created_at)?),
            two_step_on: row.try_get::<i64, _>(self.two_step_on)? != 0,
        })
    }
}

/// The user in one row (its columns found by name).
pub(super) fn user_from_row(row: &AnyRow) -> Result<User> {
    UserColumns::of(row)?.user(row)
}

/// Create an account on `conn`; a taken user ID is [`StoreError::Conflict`].
pub async fn insert_user(
    conn: &mut AnyConnection,
    new: &NewUser,
    now: DateTime<Utc>,
) -> Result<UserKey> {
    let row = sqlx::query(
        "INSERT INTO users (user_id, pdn, role, first_name, last_name, email, phone, job_role, state, \
         password_hash, must_change_password, activity_since, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(new.user_id.as_str())
    .bind(new.pdn.as_ref().map(Pdn::as_str))
    .bind(new.role.as_str())
    .bind(&new.first_name)
    .bind(&new.last_name)
    .bind(&new.email)
    .bind(new.phone.as_deref())
    .bind(new.job_role.as_deref())
    .bind(new.state.as_str())
    .bind(new.password_hash.as_deref())
    .bind(i64::from(new.must_change_password))
    .bind(ms(now))
    .fetch_one(conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Store the three questions (slots 1, 2 challenge; 3 help-desk secret) with answer hashes.
pub async fn replace_questions(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    questions: &[(i64, String, String)],
) -> Result<()> {
    sqlx::query("DELETE FROM user_questions WHERE user_pk = $1")
        .bind(user_pk)
        .execute(&mut *conn)
        .await?;
    for (slot, question_id, answer_hash) in questions {
        sqlx::query("INSERT INTO user_questions (user_pk, slot, question_id, answer_hash) VALUES ($1, $2, $3, $4)")
            .bind(user_pk)
            .bind(*slot)
            .bind(question_id)
            .bind(answer_hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// What one failed attempt did, counted atomically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureCount {
    pub failures: u32,
    /// This attempt set the lock (exactly one attempt per lock sees this).
    pub locked_now: bool,
}

impl Store {
    /// How many accounts exist (an empty portal may be offered demo data).
    pub async fn user_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(self.pool())
            .await?)
    }

    pub async fn create_user(&self, new: &NewUser, now: DateTime<Utc>) -> Result<UserKey> {
        let mut conn = self.pool().acquire().await?;
        insert_user(&mut conn, new, now).await
    }

    pub async fn user_by_id(&self, user_id: &UserId) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE user_id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_id.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// A user as a sign-in needs them: the account, and in the same query whether their
    /// dealership is open and whether an overdue access review holds them. A sign-in is
    /// a round trip fewer for each fact read here instead of after the password.
    pub async fn user_for_sign_in(&self, user_id: &UserId) -> Result<Option<(User, Standing)>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, \
               CAST(CASE WHEN pdn IS NULL OR EXISTS (SELECT 1 FROM dealers d \
                 WHERE d.pdn = users.pdn AND d.active <> 0) THEN 1 ELSE 0 END AS BIGINT) AS dealership_open, \
               CAST(CASE WHEN pdn IS NOT NULL AND EXISTS (SELECT 1 FROM access_review_people p \
                 JOIN access_reviews r ON r.id = p.review_id WHERE p.user_pk = users.id \
                 AND p.held_at IS NOT NULL AND p.decision IS NULL AND r.finished_at IS NULL) \
                 THEN 1 ELSE 0 END AS BIGINT) AS on_hold \
             FROM users WHERE user_id = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_id.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref()
            .map(|row| {
                Ok((
                    user_from_row(row)?,
                    Standing {
                        dealership_open: row.try_get::<i64, _>("dealership_open")? != 0,
                        on_hold: row.try_get::<i64, _>("on_hold")? != 0,
                    },
                ))
            })
            .transpose()
    }

    pub async fn user_by_pk(&self, pk: UserKey) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(pk)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The users of one dealership, by user ID. Scoped by the PDN given by the caller's
    /// session, never by the request.
    pub async fn users_of_dealer(&self, pdn: &Pdn) -> Result<Vec<User>> {
        let mut conn = self.conn().await?;
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE pdn = $1 ORDER BY user_id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(pdn.as_str())
            .fetch_all(&mut *conn)
            .await?;
        UserColumns::map_rows(&rows, UserColumns::user)
    }

    /// The provider's own people (every role without a dealership), by user ID.
    pub async fn provider_staff(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE pdn IS NULL ORDER BY user_id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.pool())
            .await?;
        UserColumns::map_rows(&rows, UserColumns::user)
    }

    /// Count one failed attempt in one statement and lock at the policy's threshold.
    /// Concurrent attempts on any number of replicas each get a distinct count, so exactly
    /// one of them sets the lock. What the count means is dealer-core's decision
    /// ([`LockoutPolicy::after_failure`]); the statement only keeps it atomic.
    /// Count one failed attempt of `kind` in one statement: wrong challenge answers on their
    /// own count (`answer_failures`), everything else on `failed_attempts`; the attempt that
    /// reaches `policy`'s threshold locks an account that is not locked yet.
    pub async fn record_failure(
        &self,
        conn: &mut AnyConnection,
        user_pk: UserKey,
        kind: AttemptKind,
        policy: LockoutPolicy,
        now: DateTime<Utc>,
    ) -> Result<FailureCount> {
        // One of two fixed column names, never anything from a request.
        let column = match kind {
            AttemptKind::ChallengeAnswer => "answer_failures",
            _ => "failed_attempts",
        };
        let sql = format!(
            "UPDATE users SET {column} = {column} + 1, \
               locked_at = CASE WHEN locked_at IS NULL AND {column} + 1 >= $2 THEN $3 ELSE locked_at END, \
               lock_kind = CASE WHEN locked_at IS NULL AND {column} + 1 >= $2 THEN $4 ELSE lock_kind END \
             WHERE id = $1 \
             RETURNING {column} AS failures, locked_at"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_pk)
            .bind(i64::from(policy.max_attempts()))
            .bind(ms(now))
            .bind(kind.as_str())
            .fetch_one(conn)
            .await?;
        let failures = u32::try_from(row.try_get::<i64, _>("failures")?).unwrap_or(u32::MAX);
        let locked_at: Option<i64> = row.try_get("locked_at")?;
        // This attempt set the lock when core says the count reached the threshold now and
        // the row's lock is this attempt's (not an earlier lock of another kind).
        let reached = policy.after_failure(failures) == FailureOutcome::LockedNow;
        Ok(FailureCount {
            failures,
            locked_now: reached && locked_at == Some(ms(now)),
        })
    }

    /// Record a successful sign-in of a password verified against `verified_hash`: only
    /// while that is still the stored hash (a reset, unlock or change meanwhile makes this
    /// sign-in fail, so it never outlives the password it checked), the account is active
    /// and unlocked, and a temporary password is unspent and unexpired, which this spends.
    pub async fn record_sign_in(
        &self,
        conn: &mut AnyConnection,
        user_pk: UserKey,
        verified_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let sql = format!("UPDATE users SET {SIGNED_IN}");
        let updated = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_pk)
            .bind(ms(now))
            .bind(verified_hash)
            .bind(AccountState::Active.as_str())
            .execute(conn)
            .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Set a password (enrollment): `temporary_until` makes it a temporary one that must be
    /// changed at the next sign-in, valid for one sign-in until then.
    pub async fn set_password_hash(
        &self,
        conn: &mut AnyConnection,
        user_pk: UserKey,
        phc: &str,
        temporary_until: Option<DateTime<Utc>>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE users SET password_hash = $2, must_change_password = $3, temporary_password_expires_at = $4 \
             WHERE id = $1",
        )
        .bind(user_pk)
        .bind(phc)
        .bind(i64::from(temporary_until.is_some()))
        .bind(temporary_until.map(ms))
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Replace `old` by a stronger hash of the same password, only if `old` is still the
    /// stored hash: a rehash never overwrites a password set meanwhile. False when it was.
    pub async fn rehash_password(
        &self,
        conn: &mut AnyConnection,
        user_pk: UserKey,
        old: &str,
        fresh: &str,
    ) -> Result<bool> {
        let done =
            sqlx::query("UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2")
                .bind(user_pk)
                .bind(old)
                .bind(fresh)
                .execute(conn)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The question ids of a user, slot order (1, 2, 3).
    pub async fn questions_of(&self, user_pk: UserKey) -> Result<Vec<(i64, String, String)>> {
        let rows = sqlx::query("SELECT slot, question_id, answer_hash FROM user_questions WHERE user_pk = $1 ORDER BY slot")
            .bind(user_pk)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("slot")?,
                    r.try_get("question_id")?,
                    r.try_get("answer_hash")?,
                ))
            })
            .collect()
    }
}
