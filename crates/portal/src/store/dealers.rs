//! Dealerships: one PDN, one name.

use chrono::{DateTime, Utc};
use dealer_core::ids::{DealershipName, Pdn};
use sqlx::Row;

use super::{Result, Store, StoreError, ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dealer {
    pub pdn: Pdn,
    pub name: DealershipName,
    pub active: bool,
}

impl Store {
    /// Register a dealership; a PDN that exists already is a conflict.
    pub async fn create_dealer(
        &self,
        pdn: &Pdn,
        name: &DealershipName,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO dealers (pdn, name, active, created_at) VALUES ($1, $2, 1, $3)")
            .bind(pdn.as_str())
            .bind(name.as_str())
            .bind(ms(now))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn dealer(&self, pdn: &Pdn) -> Result<Option<Dealer>> {
        let row = sqlx::query("SELECT pdn, name, active FROM dealers WHERE pdn = $1")
            .bind(pdn.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            let corrupt = |e: dealer_core::ids::IdError| StoreError::Corrupt(e.to_string());
            Ok(Dealer {
                pdn: Pdn::parse(&row.try_get::<String, _>("pdn")?).map_err(corrupt)?,
                name: DealershipName::parse(&row.try_get::<String, _>("name")?).map_err(corrupt)?,
                active: row.try_get::<i64, _>("active")? != 0,
            })
        })
        .transpose()
    }
}
