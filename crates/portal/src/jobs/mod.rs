//! Background jobs. They keep their state in the database (leases, timestamps), so any
//! number of portal replicas can run them at once without doing anything twice.

pub mod access_reviews;
pub mod inactivity;
pub mod mail;

use std::fmt::{Debug, Display};
use std::future::Future;
use std::time::Duration;

use crate::AppState;

/// Run `job` at start and then every `every` until the process ends, logging under `name`
/// what a run did (when it did something) and why a run failed.
pub fn spawn_every<O, E, F, Fut>(
    state: AppState,
    every: Duration,
    name: &'static str,
    job: F,
) -> tokio::task::JoinHandle<()>
where
    F: Fn(AppState) -> Fut + Send + 'static,
    Fut: Future<Output = Result<O, E>> + Send,
    O: Debug + Default + PartialEq,
    E: Display,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match job(state.clone()).await {
                Ok(done) if done != O::default() => tracing::info!(?done, "{name}"),
                Ok(_) => {}
                Err(err) => tracing::error!(error = %err, "{name}"),
            }
        }
    })
}
