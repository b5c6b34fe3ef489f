//! What `dealer-bench` (`cargo xtask bench`) and `dealer-load` (`cargo xtask soak`) share:
//! generated scale data and the desktop measurements.

pub mod app;
pub mod scale;

use dealer_portal::store::Store;

/// The password every generated user has.
pub const PASSWORD: &str = "bench horse battery staple";

/// A schema of its own on the PostgreSQL at `url`, dropped again by [`Scratch::drop`], so a
/// run never touches what else the database holds.
#[derive(Debug)]
pub struct Scratch {
    admin: Store,
    schema: String,
    /// `url` with the scratch schema as its search path.
    pub url: String,
}

impl Scratch {
    pub async fn create(url: &str, prefix: &str) -> anyhow::Result<Scratch> {
        let schema = format!("{prefix}_{}", rand::random::<u32>());
        let admin = Store::connect_unmigrated(url).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(admin.pool())
            .await?;
        let sep = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
        Ok(Scratch { admin, schema, url })
    }

    pub async fn drop(self) -> anyhow::Result<()> {
        let sql = format!("DROP SCHEMA {} CASCADE", self.schema);
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(self.admin.pool())
            .await?;
        Ok(())
    }
}
