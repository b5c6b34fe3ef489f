//! Background jobs. They keep their state in the database (leases, timestamps), so any
//! number of portal replicas can run them at once without doing anything twice.

pub mod access_reviews;
pub mod inactivity;
pub mod mail;

use std::fmt::{Debug, Display};
use std::future::Future;
use std::time::Duration;

/// When a job's first pass runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstPass {
    /// In the job's task, beside whatever starts next: a server answers at once and a long
    /// first pass (a million users) does not hold its readiness back.
    Beside,
    /// Before [`start_every`] returns: what starts next (the built-in portal's listener)
    /// sees its outcome, e.g. a review due while the computer was off is open before the
    /// first sign-in is answered.
    Awaited,
}

/// How often the business-calendar jobs run after their first pass.
const CLOCK_JOBS_EVERY: Duration = Duration::from_secs(15 * 60);

/// The jobs that keep the business calendar: the 60-day inactivity clock and the access
/// reviews. Each runs once (beside or before returning, as `first` says), then every
/// [`CLOCK_JOBS_EVERY`], until the process ends.
pub async fn start_clock_jobs(state: &crate::AppState, first: FirstPass) {
    let every = CLOCK_JOBS_EVERY;
    start_every(
        state.clone(),
        every,
        first,
        "inactivity job",
        |state: crate::AppState| async move { inactivity::run_once(&state).await },
    )
    .await;
    start_every(
        state.clone(),
        every,
        first,
        "access-review job",
        |state: crate::AppState| async move { access_reviews::run_once(&state).await },
    )
    .await;
}

/// Run `job` once (beside or before returning, as `first` says), then every `every` until
/// the process ends, logging under `name` what a run did (when it did something) and why
/// a run failed.
pub async fn start_every<S, O, E, F, Fut>(
    state: S,
    every: Duration,
    first: FirstPass,
    name: &'static str,
    job: F,
) -> tokio::task::JoinHandle<()>
where
    S: Clone + Send + 'static,
    F: Fn(S) -> Fut + Send + 'static,
    Fut: Future<Output = Result<O, E>> + Send,
    O: Debug + Default + PartialEq,
    E: Display,
{
    let run = move |job: &F, state: &S| {
        let pass = job(state.clone());
        async move {
            match pass.await {
                Ok(done) if done != O::default() => tracing::info!(?done, "{name}"),
                Ok(_) => {}
                Err(err) => tracing::error!(error = %err, "{name}"),
            }
        }
    };
    let next = match first {
        FirstPass::Beside => tokio::time::Instant::now(),
        FirstPass::Awaited => {
            run(&job, &state).await;
            tokio::time::Instant::now() + every
        }
    };
    tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(next, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            run(&job, &state).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn counting(passes: Arc<AtomicU32>) -> impl Fn(()) -> std::future::Ready<Result<u32, String>> {
        move |()| std::future::ready(Ok(passes.fetch_add(1, Ordering::SeqCst) + 1))
    }

    #[tokio::test(start_paused = true)]
    async fn an_awaited_first_pass_is_done_before_start_returns_and_the_next_waits_its_turn() {
        let passes = Arc::new(AtomicU32::new(0));
        let every = Duration::from_secs(900);
        let job = start_every(
            (),
            every,
            FirstPass::Awaited,
            "test job",
            counting(passes.clone()),
        )
        .await;
        assert_eq!(
            passes.load(Ordering::SeqCst),
            1,
            "the built-in portal serves only after the start-up pass, so a review due while the computer was off is open before the first sign-in"
        );
        tokio::time::sleep(every / 2).await;
        assert_eq!(
            passes.load(Ordering::SeqCst),
            1,
            "the awaited pass counts as the first: no second pass at once"
        );
        tokio::time::sleep(every).await;
        assert_eq!(
            passes.load(Ordering::SeqCst),
            2,
            "then one pass every interval"
        );
        job.abort();
    }

    #[tokio::test(start_paused = true)]
    async fn a_first_pass_beside_does_not_hold_the_start_back() {
        let passes = Arc::new(AtomicU32::new(0));
        let every = Duration::from_secs(900);
        let job = start_every(
            (),
            every,
            FirstPass::Beside,
            "test job",
            counting(passes.clone()),
        )
        .await;
        assert_eq!(
            passes.load(Ordering::SeqCst),
            0,
            "a server answers before its first pass is done"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(
            passes.load(Ordering::SeqCst),
            1,
            "the first pass runs at start, in the job's task"
        );
        tokio::time::sleep(every).await;
        assert_eq!(
            passes.load(Ordering::SeqCst),
            2,
            "then one pass every interval"
        );
        job.abort();
    }
}
