//! User ID Requests: the request rows, their history, and the compare-and-set that makes
//! every transition happen once however many reviewers race on it.
//!
//! A transition is `UPDATE … WHERE id = $1 AND state = $from`: of concurrent attempts from
//! one state exactly one changes a row; the others see zero rows and answer 409 with the
//! state the request is in now. The effects of the transition, its history row, its mail
//! and its audit row go in the same transaction (see `crate::workflow`).

use super::UserKey;
use dealer_api::RequestId;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::ids::{Pdn, UserId};
use dealer_core::requests::{HistoryAction, RequestKind, RequestState};
use dealer_core::text::UnknownText;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::users::account_state;
use super::{Result, Store, StoreError, from_ms, ms};

/// Everything a new request row holds.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub pdn: Pdn,
    pub kind: RequestKind,
    pub user_id: String,
    pub user_pk: Option<UserKey>,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub job_role: Option<String>,
    pub applications: Vec<String>,
    pub reason: Option<String>,
    pub needs_steps: bool,
    pub prior_state: Option<AccountState>,
    pub submitted_by: Option<String>,
    pub status_token_hash: Option<String>,
    pub import_key: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

/// A stored request. `Debug` leaves out the status token hash.
#[derive(Clone)]
pub struct StoredRequest {
    pub id: RequestId,
    pub pdn: Pdn,
    pub dealership_name: String,
    pub kind: RequestKind,
    pub state: RequestState,
    pub user_id: String,
    pub user_pk: Option<UserKey>,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub job_role: Option<String>,
    pub applications: Vec<String>,
    pub reason: Option<String>,
    pub needs_steps: bool,
    pub prior_state: Option<AccountState>,
    pub submitted_by: Option<String>,
    pub status_token_hash: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl std::fmt::Debug for StoredRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredRequest")
            .field("id", &self.id)
            .field("pdn", &self.pdn)
            .field("kind", &self.kind)
            .field("state", &self.state)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

impl StoredRequest {
    /// The row `new` became under `id`, as read back.
    pub fn from_new(id: RequestId, new: &NewRequest, dealership_name: &str) -> StoredRequest {
        StoredRequest {
            id,
            pdn: new.pdn.clone(),
            dealership_name: dealership_name.to_owned(),
            kind: new.kind,
            state: RequestState::Submitted,
            user_id: new.user_id.clone(),
            user_pk: new.user_pk,
            first_name: new.first_name.clone(),
            last_name: new.last_name.clone(),
            email: new.email.clone(),
            phone: new.phone.clone(),
            job_role: new.job_role.clone(),
            applications: new.applications.clone(),
            reason: new.reason.clone(),
            needs_steps: new.needs_steps,
            prior_state: new.prior_state,
            submitted_by: new.submitted_by.clone(),
            status_token_hash: new.status_token_hash.clone(),
            submitted_at: new.submitted_at,
            due_at: new.due_at,
            updated_at: new.submitted_at,
        }
    }

    /// Past due while the provider owes the next step.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.state.awaits_provider() && now > self.due_at
    }
}

/// One row of a request's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub action: HistoryAction,
    pub from: Option<RequestState>,
    pub to: RequestState,
    pub note: Option<String>,
}

/// Which requests a list shows.
#[derive(Debug, Clone, Default)]
pub struct RequestQuery {
    /// One dealership (always set for an office manager, from their session).
    pub pdn: Option<Pdn>,
    /// One state; `None` with `open_only` shows every state that is not terminal.
    pub state: Option<RequestState>,
    pub open_only: bool,
    pub kind: Option<RequestKind>,
    /// Only overdue (`true`) or only not overdue (`false`).
    pub overdue: Option<bool>,
    /// User ID or name contains this (lower case).
    pub search: Option<String>,
    /// Exactly this person's requests.
    pub user_id: Option<UserId>,
    /// The order of the page.
    pub order: RequestOrder,
    /// Only the provider's turn (submitted, in review, approved) or only the dealership's
    /// (needs information).
    pub waiting_on: Option<dealer_api::WaitingOn>,
    pub limit: i64,
    /// The page starts after this row of the page before (`None`: the first page).
    pub after: Option<PageKey>,
}

/// A page of requests, and how many match in all.
#[derive(Debug, Clone)]
pub struct RequestsPage {
    pub requests: Vec<StoredRequest>,
    /// How many match, counted up to [`COUNT_CAP`].
    pub total: i64,
    /// More than [`COUNT_CAP`] match; `total` is the cap.
    pub capped: bool,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<PageKey>,
}

/// A list counts its matches up to this many and then says "1,000+": a count stops at the
/// cap instead of visiting every match (a third of a million open requests at scale).
pub const COUNT_CAP: i64 = 1000;

/// Where a page starts (keyset pagination): the sort key of the last row of the page
/// before. Rows that come or go between pages move no row into the next page twice or out
/// of it, as an offset would; and a page deep in the list costs what the first one does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageKey {
    /// The order's time (submitted, due or last changed), epoch milliseconds.
    pub at: i64,
    pub id: RequestId,
    /// The dealership's name: the `Dealership` order only.
    pub dealership: Option<String>,
}

impl PageKey {
    /// The key of `row` in `order`.
    fn of(row: &StoredRequest, order: RequestOrder) -> PageKey {
        let at = match order {
            RequestOrder::Newest => row.submitted_at,
            RequestOrder::Due | RequestOrder::Dealership => row.due_at,
            RequestOrder::Waiting => row.updated_at,
        };
        PageKey {
            at: ms(at),
            id: row.id,
            dealership: (order == RequestOrder::Dealership).then(|| row.dealership_name.clone()),
        }
    }

    /// The key as an opaque cursor: `<ms>.<id>` (and `.<name>` in the dealership order).
    pub fn to_cursor(&self) -> String {
        match &self.dealership {
            Some(name) => format!("{}.{}.{name}", self.at, self.id.0),
            None => format!("{}.{}", self.at, self.id.0),
        }
    }

    /// A cursor [`PageKey::to_cursor`] gave out for `order`, or `None`.
    pub fn from_cursor(cursor: &str, order: RequestOrder) -> Option<PageKey> {
        let mut parts = cursor.splitn(3, '.');
        let at = parts.next()?.parse().ok()?;
        let id = RequestId(parts.next()?.parse().ok()?);
        let dealership = parts.next().map(str::to_owned);
        (dealership.is_some() == (order == RequestOrder::Dealership)).then_some(PageKey {
            at,
            id,
            dealership,
        })
    }
}

/// The order of a page of requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RequestOrder {
    /// Newest submitted first (the manager's list).
    #[default]
    Newest,
    /// Due soonest first (the reviewer queue).
    Due,
    /// Waiting longest since its last change first.
    Waiting,
    /// By dealership name, then due soonest.
    Dealership,
}

const COLUMNS: &str = "r.id, r.pdn, d.name AS dealership_name, r.kind, r.state, r.user_id, r.user_pk, \
     r.first_name, r.last_name, r.email, r.phone, r.job_role, r.applications, r.reason, r.needs_steps, \
     r.prior_state, r.submitted_by, r.status_token_hash, r.submitted_at, r.due_at, r.updated_at";

/// `'a', 'b', …`: the states for which `keep` holds, as an SQL list. The states come from
/// dealer-core's enum, never from input, so the list is safe to splice into a query.
fn states_sql(keep: impl Fn(RequestState) -> bool) -> String {
    let states: Vec<RequestState> = RequestState::ALL.into_iter().filter(|s| keep(*s)).collect();
    super::sql_texts(&states)
}

/// The terminal states (`completed`, `rejected`, `cancelled`) as an SQL list.
static TERMINAL_SQL: LazyLock<String> = LazyLock::new(|| states_sql(RequestState::is_terminal));
/// The states in which the business-day promise runs, as an SQL list.
static AWAITS_PROVIDER_SQL: LazyLock<String> =
    LazyLock::new(|| states_sql(RequestState::awaits_provider));

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

pub fn request_kind(text: &str) -> Result<RequestKind> {
    text.parse()
        .map_err(|e: UnknownText| corrupt(e.to_string()))
}

pub fn request_state(text: &str) -> Result<RequestState> {
    text.parse()
        .map_err(|e: UnknownText| corrupt(e.to_string()))
}

fn split_keys(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

column_positions! {
    /// Where each of a stored request's columns is in a result set.
    struct RequestColumns {
        id, pdn, dealership_name, kind, state, user_id, user_pk, first_name, last_name, email,
        phone, job_role, applications, reason, needs_steps, prior_state, submitted_by,
        status_token_hash, submitted_at, due_at, updated_at,
    }
}

impl RequestColumns {
    /// The request in `row`, a row of the result set these positions were found in.
    fn request(&self, row: &AnyRow) -> Result<StoredRequest> {
        let pdn: &str = row.try_get(self.pdn)?;
        Ok(StoredRequest {
            id: row.try_get(self.id)?,
            pdn: Pdn::parse(pdn).map_err(|_| corrupt(format!("pdn {pdn:?}")))?,
            dealership_name: row.try_get(self.dealership_name)?,
            kind: request_kind(row.try_get::<&str, _>(self.kind)?)?,
            state: request_state(row.try_get::<&str, _>(self.state)?)?,
            user_id: row.try_get(self.user_id)?,
            user_pk: row.try_get(self.user_pk)?,
            first_name: row.try_get(self.first_name)?,
            last_name: row.try_get(self.last_name)?,
            email: row.try_get(self.email)?,
            phone: row.try_get(self.phone)?,
            job_role: row.try_get(self.job_role)?,
            applications: split_keys(row.try_get::<&str, _>(self.applications)?),
            reason: row.try_get(self.reason)?,
            needs_steps: row.try_get::<i64, _>(self.needs_steps)? != 0,
            prior_state: row
                .try_get::<Option<&str>, _>(self.prior_state)?
                .map(account_state)
                .transpose()?,
            submitted_by: row.try_get(self.submitted_by)?,
            status_token_hash: row.try_get(self.status_token_hash)?,
            submitted_at: from_ms(row.try_get(self.submitted_at)?),
            due_at: from_ms(row.try_get(self.due_at)?),
            updated_at: from_ms(row.try_get(self.updated_at)?),
        })
    }
}

/// The request in one row (its columns found by name).
fn request_from_row(row: &AnyRow) -> Result<StoredRequest> {
    RequestColumns::of(row)?.request(row)
}

/// The SQL of a page of requests: the capped count and the page (one row more than the
/// page, which says whether a next page exists).
#[derive(Debug)]
pub struct PageSql {
    pub count: String,
    pub select: String,
    /// The select's parameters; the count takes the first `count_params`.
    pub params: Vec<Param>,
    pub count_params: usize,
}

/// The SQL [`Store::requests`] runs for `query`.
pub fn page_sql(query: &RequestQuery, now: DateTime<Utc>) -> PageSql {
    let where_of = |clauses: &[String]| {
        if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        }
    };
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    let bind = |p: Param, params: &mut Vec<Param>| {
        params.push(p);
        format!("${}", params.len())
    };
    if let Some(pdn) = &query.pdn {
        let n = bind(Param::Text(pdn.as_str().to_owned()), &mut params);
        clauses.push(format!("r.pdn = {n}"));
    }
    if let Some(state) = query.state {
        let n = bind(Param::Text(state.as_str().to_owned()), &mut params);
        clauses.push(format!("r.state = {n}"));
    } else if query.open_only {
        // Word for word the predicate of the index `requests_open_due`, so that both
        // backends see the index serves the queue.
        clauses.push(format!("r.state NOT IN ({})", *TERMINAL_SQL));
    }
    if let Some(kind) = query.kind {
        let n = bind(Param::Text(kind.as_str().to_owned()), &mut params);
        clauses.push(format!("r.kind = {n}"));
    }
    if let Some(overdue) = query.overdue {
        let n = bind(Param::Int(ms(now)), &mut params);
        let cond = format!("(r.state IN ({}) AND r.due_at < {n})", *AWAITS_PROVIDER_SQL);
        clauses.push(if overdue { cond } else { format!("NOT {cond}") });
    }
    match query.waiting_on {
        Some(dealer_api::WaitingOn::Us) => {
            clauses.push(format!("r.state IN ({})", *AWAITS_PROVIDER_SQL));
        }
        Some(dealer_api::WaitingOn::Dealership) => {
            let n = bind(
                Param::Text(RequestState::NeedsInfo.as_str().to_owned()),
                &mut params,
            );
            clauses.push(format!("r.state = {n}"));
        }
        None => {}
    }
    if let Some(user_id) = &query.user_id {
        let n = bind(Param::Text(user_id.as_str().to_owned()), &mut params);
        clauses.push(format!("r.user_id = {n}"));
    }
    if let Some(search) = &query.search {
        let n = bind(Param::Text(like_pattern(search)), &mut params);
        clauses.push(format!(
            "(r.user_id LIKE {n} ESCAPE '\\' OR lower(r.first_name || ' ' || r.last_name) LIKE {n} ESCAPE '\\')"
        ));
    }
    let filter = where_of(&clauses);
    // The count stops at the cap: at most COUNT_CAP + 1 matches are visited.
    let count_sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM requests r {filter} LIMIT {}) c",
        COUNT_CAP + 1
    );
    let count_params = params.len();

    // Keyset: the rows after the last one of the page before, in the order's own terms
    // (row values, which both backends compare column by column and serve from an index).
    if let Some(after) = &query.after {
        let at = bind(Param::Int(after.at), &mut params);
        let id = bind(Param::Int(after.id.0), &mut params);
        clauses.push(match query.order {
            RequestOrder::Newest => format!("(r.submitted_at, r.id) < ({at}, {id})"),
            RequestOrder::Due => format!("(r.due_at, r.id) > ({at}, {id})"),
            RequestOrder::Waiting => format!("(r.updated_at, r.id) > ({at}, {id})"),
            RequestOrder::Dealership => {
                let name = bind(
                    Param::Text(after.dealership.clone().unwrap_or_default()),
                    &mut params,
                );
                format!("(d.name, r.due_at, r.id) > ({name}, {at}, {id})")
            }
        });
    }
    let filter = where_of(&clauses);
    let order = match query.order {
        RequestOrder::Newest => "r.submitted_at DESC, r.id DESC",
        RequestOrder::Due => "r.due_at ASC, r.id ASC",
        RequestOrder::Waiting => "r.updated_at ASC, r.id ASC",
        RequestOrder::Dealership => "d.name ASC, r.due_at ASC, r.id ASC",
    };
    // One row more than the page: whether there is a next page, without a count.
    let limit = bind(Param::Int(query.limit + 1), &mut params);
    let sql = format!(
        "SELECT {COLUMNS} FROM requests r JOIN dealers d ON d.pdn = r.pdn {filter} \
         ORDER BY {order} LIMIT {limit}"
    );
    PageSql {
        count: count_sql,
        select: sql,
        params,
        count_params,
    }
}

/// Insert a request in `submitted`. A second open new-user request for one user ID, or a
/// CSV row imported before, is [`StoreError::Conflict`].
pub async fn insert(conn: &mut AnyConnection, new: &NewRequest) -> Result<RequestId> {
    let row = sqlx::query(
        "INSERT INTO requests (pdn, kind, state, user_id, user_pk, first_name, last_name, email, phone, \
         job_role, applications, reason, needs_steps, prior_state, submitted_by, status_token_hash, \
         import_key, submitted_at, due_at, updated_at) \
         VALUES ($1, $2, $19, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $17) \
         RETURNING id",
    )
    .bind(new.pdn.as_str())
    .bind(new.kind.as_str())
    .bind(&new.user_id)
    .bind(new.user_pk)
    .bind(&new.first_name)
    .bind(&new.last_name)
    .bind(&new.email)
    .bind(new.phone.as_deref())
    .bind(new.job_role.as_deref())
    .bind(new.applications.join(","))
    .bind(new.reason.as_deref())
    .bind(i64::from(new.needs_steps))
    .bind(new.prior_state.map(AccountState::as_str))
    .bind(new.submitted_by.as_deref())
    .bind(new.status_token_hash.as_deref())
    .bind(new.import_key.as_deref())
    .bind(ms(new.submitted_at))
    .bind(ms(new.due_at))
    .bind(RequestState::Submitted.as_str())
    .fetch_one(conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Append one history row.
pub async fn record_event(
    conn: &mut AnyConnection,
    request_id: RequestId,
    event: &StoredEvent,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO request_events (request_id, at, actor, action, from_state, to_state, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(request_id)
    .bind(ms(event.at))
    .bind(event.actor.as_deref())
    .bind(event.action.as_str())
    .bind(event.from.map(RequestState::as_str))
    .bind(event.to.as_str())
    .bind(event.note.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

/// Move request `id` from `from` to `to` if it is still in `from`; `due_at` restarts the
/// business-day promise (an answered question). False when another transition won.
pub async fn compare_and_set(
    conn: &mut AnyConnection,
    id: RequestId,
    from: RequestState,
    to: RequestState,
    due_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE requests SET state = $3, updated_at = $4, due_at = COALESCE($5, due_at) \
         WHERE id = $1 AND state = $2",
    )
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(ms(now))
    .bind(due_at.map(ms))
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Escape `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub(super) fn like_pattern(needle: &str) -> String {
    let mut pattern = String::from("%");
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A bound parameter of a dynamically filtered query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    Text(String),
    Int(i64),
}

impl Store {
    pub async fn request(&self, id: RequestId) -> Result<Option<StoredRequest>> {
        let mut conn = self.conn().await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM requests r JOIN dealers d ON d.pdn = r.pdn WHERE r.id = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        row.as_ref().map(request_from_row).transpose()
    }

    /// The history of a request, oldest first.
    pub async fn request_history(&self, id: RequestId) -> Result<Vec<StoredEvent>> {
        let mut conn = self.conn().await?;
        let rows = sqlx::query(
            "SELECT at, actor, action, from_state, to_state, note FROM request_events \
             WHERE request_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredEvent {
                    at: from_ms(row.try_get("at")?),
                    actor: row.try_get("actor")?,
                    action: row
                        .try_get::<String, _>("action")?
                        .parse()
                        .map_err(|e: UnknownText| corrupt(e.to_string()))?,
                    from: row
                        .try_get::<Option<String>, _>("from_state")?
                        .as_deref()
                        .map(request_state)
                        .transpose()?,
                    to: request_state(&row.try_get::<String, _>("to_state")?)?,
                    note: row.try_get("note")?,
                })
            })
            .collect()
    }

    /// Whether an open new-user request already names this user ID.
    pub async fn new_user_request_open(&self, user_id: &str) -> Result<bool> {
        let sql = format!(
            "SELECT COUNT(*) FROM requests WHERE user_id = $1 AND kind = $2 \
             AND state NOT IN ({})",
            *TERMINAL_SQL
        );
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .bind(RequestKind::NewUser.as_str())
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    /// A page of requests matching `query`, and how many match in all (up to
    /// [`COUNT_CAP`]).
    pub async fn requests(&self, query: &RequestQuery, now: DateTime<Utc>) -> Result<RequestsPage> {
        let sql = page_sql(query, now);
        let mut conn = self.conn().await?;
        let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.count));
        for p in &sql.params[..sql.count_params] {
            count = match p {
                Param::Text(t) => count.bind(t.clone()),
                Param::Int(i) => count.bind(*i),
            };
        }
        let counted = count.fetch_one(&mut *conn).await?;
        let mut select = sqlx::query(sqlx::AssertSqlSafe(sql.select));
        for p in &sql.params {
            select = match p {
                Param::Text(t) => select.bind(t.clone()),
                Param::Int(i) => select.bind(*i),
            };
        }
        let rows = select.fetch_all(&mut *conn).await?;
        let mut requests = RequestColumns::map_rows(&rows, RequestColumns::request)?;
        let more = requests.len() as i64 > query.limit;
        requests.truncate(usize::try_from(query.limit).unwrap_or(0));
        let next = more
            .then(|| requests.last().map(|last| PageKey::of(last, query.order)))
            .flatten();
        Ok(RequestsPage {
            requests,
            total: counted.min(COUNT_CAP),
            capped: counted > COUNT_CAP,
            next,
        })
    }

    /// Name and email of every active office manager of a dealership.
    pub async fn office_managers(&self, pdn: &Pdn) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT first_name, email FROM users WHERE pdn = $1 AND role = $2 \
             AND state = $3 ORDER BY user_id",
        )
        .bind(pdn.as_str())
        .bind(AccessRole::OfficeManager.as_str())
        .bind(AccountState::Active.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("first_name")?, r.try_get("email")?)))
            .collect()
    }

    /// Whether a CSV row with this fingerprint was imported for the dealership before.
    pub async fn imported_before(&self, pdn: &Pdn, import_key: &str) -> Result<bool> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM requests WHERE pdn = $1 AND import_key = $2")
                .bind(pdn.as_str())
                .bind(import_key)
                .fetch_one(self.pool())
                .await?;
        Ok(n > 0)
    }

    /// The applications of every user of a dealership: (user key, application key), by
    /// user and application.
    pub async fn applications_of_dealer(&self, pdn: &Pdn) -> Result<Vec<(UserKey, String)>> {
        let mut conn = self.conn().await?;
        let rows = sqlx::query(
            "SELECT a.user_pk, a.application FROM user_applications a \
             JOIN users u ON u.id = a.user_pk WHERE u.pdn = $1 ORDER BY a.user_pk, a.application",
        )
        .bind(pdn.as_str())
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("user_pk")?, r.try_get("application")?)))
            .collect()
    }

    /// The applications a user holds, by key.
    pub async fn applications_of(&self, user_pk: UserKey) -> Result<Vec<String>> {
        let mut conn = self.conn().await?;
        let rows = sqlx::query(
            "SELECT application FROM user_applications WHERE user_pk = $1 ORDER BY application",
        )
        .bind(user_pk)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("application")?)).collect()
    }
}

/// Give a user these applications (those held already stay as they are).
pub async fn grant_applications(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    applications: &[String],
    now: DateTime<Utc>,
) -> Result<()> {
    for app in applications {
        sqlx::query(
            "INSERT INTO user_applications (user_pk, application, granted_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_pk, application) DO NOTHING",
        )
        .bind(user_pk)
        .bind(app)
        .bind(ms(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn remove_applications(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    applications: &[String],
) -> Result<()> {
    for app in applications {
        sqlx::query("DELETE FROM user_applications WHERE user_pk = $1 AND application = $2")
            .bind(user_pk)
            .bind(app)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Set an account's stored state if it is in one of `from`; false otherwise. With
/// `restart_clock` the 60-day inactivity clock starts again at that instant.
pub async fn set_account_state(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    from: &[AccountState],
    to: AccountState,
    restart_clock: Option<DateTime<Utc>>,
) -> Result<bool> {
    let list = super::sql_texts(from);
    let sql = format!(
        "UPDATE users SET state = $2, \
           activity_since = COALESCE($3, activity_since), \
           inactive_at = CASE WHEN $3 IS NULL THEN inactive_at ELSE NULL END, \
           reminder_sent_at = CASE WHEN $3 IS NULL THEN reminder_sent_at ELSE NULL END \
         WHERE id = $1 AND state IN ({list})"
    );
    let updated = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_pk)
        .bind(to.as_str())
        .bind(restart_clock.map(ms))
        .execute(conn)
        .await?;
    Ok(updated.rows_affected() == 1)
}

/// The account a completed new-user request created.
pub async fn set_request_user(
    conn: &mut AnyConnection,
    id: RequestId,
    user_pk: UserKey,
) -> Result<()> {
    sqlx::query("UPDATE requests SET user_pk = $2 WHERE id = $1")
        .bind(id)
        .bind(user_pk)
        .execute(conn)
        .await?;
    Ok(())
}

/// Remove a registrant's account that was never approved.
pub async fn discard_pending_account(conn: &mut AnyConnection, user_pk: UserKey) -> Result<()> {
    sqlx::query("DELETE FROM users WHERE id = $1 AND state = $2")
        .bind(user_pk)
        .bind(AccountState::Pending.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_lists_in_sql_come_from_the_state_machine() {
        assert_eq!(*TERMINAL_SQL, "'completed', 'rejected', 'cancelled'");
        assert_eq!(*AWAITS_PROVIDER_SQL, "'submitted', 'in_review', 'approved'");
    }
}
