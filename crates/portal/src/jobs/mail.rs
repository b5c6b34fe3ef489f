//! The outbox sender: claims due messages with a lease, sends them over SMTP, records the
//! outcome; transient failures are retried with backoff, permanent ones kept with their
//! error for staff to see. Nothing is ever deleted.

use std::time::Duration;

use crate::AppState;
use crate::mail::{Mail, SmtpMailer, backoff};

/// How long a claimed message stays invisible to other senders.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
/// Give up on a message after this many transient failures (about a day with backoff).
pub const MAX_ATTEMPTS: u32 = 30;

/// Send what is due now; returns how many were sent.
pub async fn send_due(
    state: &AppState,
    mailer: &SmtpMailer,
) -> Result<usize, crate::store::StoreError> {
    let now = state.now();
    let batch = state.store().claim_due_mail(now, LEASE, 20).await?;
    let mut sent = 0;
    for queued in batch {
        let mail = Mail {
            to: queued.to.clone(),
            subject: queued.subject.clone(),
            text: queued.body.clone(),
        };
        match mailer.send(&mail).await {
            Ok(()) => {
                state.store().mark_mail_sent(queued.id, state.now()).await?;
                sent += 1;
            }
            Err(err) => {
                let now = state.now();
                let retry = (err.is_transient() && queued.attempts < MAX_ATTEMPTS)
                    .then(|| now + backoff(queued.attempts));
                tracing::warn!(mail_id = queued.id, kind = %queued.kind, error = %err, retry = retry.is_some(), "mail not sent");
                state
                    .store()
                    .mark_mail_failed(queued.id, &err.to_string(), retry, now)
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// Run the sender until the process ends, polling every `every`.
pub fn spawn(state: AppState, mailer: SmtpMailer, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(state, mailer, every))
}

/// The sender's loop, for a caller that runs and stops it on its own runtime (the desktop
/// app restarts it when its mail settings change).
pub async fn run(state: AppState, mailer: SmtpMailer, every: Duration) {
    /// Mail is ready while this loop runs, and not once it is stopped (dropped).
    struct Running(AppState);
    impl Drop for Running {
        fn drop(&mut self) {
            self.0.set_mail_ready(false);
        }
    }
    state.set_mail_ready(true);
    let _running = Running(state.clone());
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(err) = send_due(&state, &mailer).await {
            tracing::error!(error = %err, "outbox sender");
        }
    }
}
