//! Dealerships: one PDN, one name, an optional address and phone; open or closed. A
//! closed dealership keeps its people and history; they cannot sign in.

use chrono::{DateTime, Utc};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::forms::Dealership;
use dealer_core::ids::{DealershipName, Pdn};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::sync::LazyLock;

use super::requests::like_pattern;
use super::{Result, Store, StoreError, from_ms, ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dealer {
    pub pdn: Pdn,
    pub name: DealershipName,
    pub active: bool,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A dealership with how many people it has: what the provider admin lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerSummary {
    pub dealer: Dealer,
    /// Office managers who can act (active, locked or inactive; not pending or deactivated).
    pub office_managers: i64,
    /// Every user ID of the dealership that is not deactivated.
    pub users: i64,
}

const DEALER_COLUMNS: &str =
    "d.pdn, d.name, d.active, d.address, d.phone, d.closed_at, d.created_at";

/// Account states in which an office manager still manages, as an SQL list.
static MANAGING: LazyLock<String> = LazyLock::new(|| {
    format!(
        "({})",
        super::sql_texts(&[AccountState::Active, AccountState::Inactive])
    )
});

fn dealer_from_row(row: &AnyRow) -> Result<Dealer> {
    let corrupt = |e: dealer_core::ids::IdError| StoreError::Corrupt(e.to_string());
    Ok(Dealer {
        pdn: Pdn::parse(&row.try_get::<String, _>("pdn")?).map_err(corrupt)?,
        name: DealershipName::parse(&row.try_get::<String, _>("name")?).map_err(corrupt)?,
        active: row.try_get::<i64, _>("active")? != 0,
        address: row.try_get("address")?,
        phone: row.try_get("phone")?,
        closed_at: row.try_get::<Option<i64>, _>("closed_at")?.map(from_ms),
        created_at: from_ms(row.try_get("created_at")?),
    })
}

/// Office managers of `pdn` who still manage, read inside the caller's transaction.
pub async fn managing_office_managers(conn: &mut AnyConnection, pdn: &Pdn) -> Result<i64> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM users WHERE pdn = $1 AND role = $2 AND state IN {}",
        *MANAGING
    );
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(pdn.as_str())
        .bind(AccessRole::OfficeManager.as_str())
        .fetch_one(conn)
        .await?
        .try_get("n")?)
}

/// Register a dealership on `conn`; a PDN that exists already is a conflict.
pub async fn insert_dealer(
    conn: &mut AnyConnection,
    dealership: &Dealership,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO dealers (pdn, name, active, address, phone, created_at) \
         VALUES ($1, $2, 1, $3, $4, $5)",
    )
    .bind(dealership.pdn.as_str())
    .bind(dealership.name.as_str())
    .bind(dealership.address.as_ref().map(|a| a.as_str().to_owned()))
    .bind(dealership.phone.as_ref().map(ToString::to_string))
    .bind(ms(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Change a dealership's name, address and phone; `false` when the PDN is unknown.
pub async fn update_dealer(conn: &mut AnyConnection, dealership: &Dealership) -> Result<bool> {
    let done = sqlx::query("UPDATE dealers SET name = $2, address = $3, phone = $4 WHERE pdn = $1")
        .bind(dealership.pdn.as_str())
        .bind(dealership.name.as_str())
        .bind(dealership.address.as_ref().map(|a| a.as_str().to_owned()))
        .bind(dealership.phone.as_ref().map(ToString::to_string))
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Close (`open` false) or reopen a dealership; `false` when it already was so. Closing
/// ends every session of its people in the same transaction.
pub async fn set_dealer_open(
    conn: &mut AnyConnection,
    pdn: &Pdn,
    open: bool,
    now: DateTime<Utc>,
) -> Result<Option<u64>> {
    let done = sqlx::query(
        "UPDATE dealers SET active = $2, closed_at = $3 WHERE pdn = $1 AND active = $4",
    )
    .bind(pdn.as_str())
    .bind(i64::from(open))
    .bind((!open).then(|| ms(now)))
    .bind(i64::from(!open))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    if open {
        return Ok(Some(0));
    }
    let ended = sqlx::query(
        "UPDATE sessions SET revoked_at = $2 WHERE revoked_at IS NULL \
         AND user_pk IN (SELECT id FROM users WHERE pdn = $1)",
    )
    .bind(pdn.as_str())
    .bind(ms(now))
    .execute(conn)
    .await?;
    Ok(Some(ended.rows_affected()))
}

impl Store {
    /// Register a dealership with a name only; a PDN that exists already is a conflict.
    pub async fn create_dealer(
        &self,
        pdn: &Pdn,
        name: &DealershipName,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        let dealership = Dealership {
            pdn: pdn.clone(),
            name: name.clone(),
            address: None,
            phone: None,
        };
        insert_dealer(&mut conn, &dealership, now).await
    }

    pub async fn dealer(&self, pdn: &Pdn) -> Result<Option<Dealer>> {
        let sql = format!("SELECT {DEALER_COLUMNS} FROM dealers d WHERE d.pdn = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(pdn.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(dealer_from_row).transpose()
    }

    /// Dealerships whose PDN or name contains `search` (any case), by name, a page at a
    /// time, with how many there are in all.
    pub async fn dealer_summaries(
        &self,
        search: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<DealerSummary>, i64)> {
        let pattern = search
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| like_pattern(&s.to_lowercase()));
        // With a search the pattern is $1 and the page $2, $3; without, the page is $1, $2.
        let (filter, page) = if pattern.is_some() {
            (
                "WHERE (d.pdn LIKE $1 ESCAPE '\\' OR lower(d.name) LIKE $1 ESCAPE '\\')",
                "LIMIT $2 OFFSET $3",
            )
        } else {
            ("", "LIMIT $1 OFFSET $2")
        };
        let count = format!("SELECT COUNT(*) AS n FROM dealers d {filter}");
        let mut count = sqlx::query(sqlx::AssertSqlSafe(count));
        if let Some(p) = &pattern {
            count = count.bind(p.clone());
        }
        let total: i64 = count.fetch_one(self.pool()).await?.try_get("n")?;
        let sql = format!(
            "SELECT {DEALER_COLUMNS}, \
             (SELECT COUNT(*) FROM users u WHERE u.pdn = d.pdn AND u.role = '{manager}' \
              AND u.state IN {managing}) AS managers, \
             (SELECT COUNT(*) FROM users u WHERE u.pdn = d.pdn AND u.state <> '{gone}') AS people \
             FROM dealers d {filter} ORDER BY lower(d.name), d.pdn {page}",
            manager = AccessRole::OfficeManager,
            managing = *MANAGING,
            gone = AccountState::Deactivated,
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(p) = pattern {
            query = query.bind(p);
        }
        let rows = query
            .bind(limit)
            .bind(offset)
            .fetch_all(self.pool())
            .await?;
        let items = rows
            .iter()
            .map(|row| {
                Ok(DealerSummary {
                    dealer: dealer_from_row(row)?,
                    office_managers: row.try_get("managers")?,
                    users: row.try_get("people")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total))
    }

    /// One dealership with its counts.
    pub async fn dealer_summary(&self, pdn: &Pdn) -> Result<Option<DealerSummary>> {
        let Some(dealer) = self.dealer(pdn).await? else {
            return Ok(None);
        };
        let mut conn = self.pool().acquire().await?;
        let office_managers = managing_office_managers(&mut conn, pdn).await?;
        let users: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM users WHERE pdn = $1 AND state <> $2")
                .bind(pdn.as_str())
                .bind(AccountState::Deactivated.as_str())
                .fetch_one(&mut *conn)
                .await?
                .try_get("n")?;
        Ok(Some(DealerSummary {
            dealer,
            office_managers,
            users,
        }))
    }
}
