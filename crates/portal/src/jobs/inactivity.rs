//! The inactivity job: at start and then periodically, remind owners a week before their
//! user ID goes inactive, and at 60 days without a successful sign-in mark it inactive,
//! end its sessions and tell the owner. Idempotent: running it again, or on several
//! replicas at once, acts on each user once. Provider staff (help desk, reviewers) are
//! not subject to it: they hold no dealership user ID.

use dealer_api::AuditDetail;
use dealer_api::{AuditEvent, AuditOutcome};

use chrono::{DateTime, Utc};

use crate::AppState;
use crate::store::audit::{self, Entry};
use crate::store::inactivity::{Aged, claim_deactivations, claim_reminders};
use crate::store::outbox::{self, OutgoingMail};
use crate::store::{StoreError, sessions};

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub reminded: usize,
    pub deactivated: usize,
}

fn date(at: DateTime<Utc>) -> String {
    at.with_timezone(&dealer_core::schedule::EASTERN)
        .format("%A, %B %-d, %Y")
        .to_string()
}

fn reminder(user: &Aged) -> OutgoingMail {
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access user ID will be deactivated soon".into(),
        body: format!(
            "Hello {},\n\nUser ID {} has not been used to sign in for a while. If it is not used \
             before {}, it will be deactivated, and only a reactivation request from your office \
             manager can bring it back.\n\nSign in once to keep it active.\n\nDealer Access",
            user.first_name,
            user.user_id,
            date(user.deactivates_at)
        ),
        kind: "inactivity_reminder",
    }
}

fn deactivated(user: &Aged, days: u32) -> OutgoingMail {
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access user ID is now inactive".into(),
        body: format!(
            "Hello {},\n\nUser ID {} was not used to sign in for {days} days and is now inactive. \
             To get it back, sign in with it in Dealer Access and choose \"Ask to be \
             reactivated\" (your office manager is told), or ask your office manager to file the \
             request; once it is completed you can sign in again.\n\nDealer Access",
            user.first_name, user.user_id
        ),
        kind: "inactivity_deactivated",
    }
}

/// One pass, in one transaction: claims, session ends, mails and audit rows commit
/// together or not at all.
pub async fn run_once(state: &AppState) -> Result<Outcome, StoreError> {
    let now = state.now();
    let policy = state.settings().inactivity;
    let mut tx = state.store().pool().begin().await?;
    let gone = claim_deactivations(&mut tx, &policy, now).await?;
    for user in &gone {
        sessions::revoke_all(&mut tx, user.pk, now).await?;
        outbox::enqueue(&mut tx, &deactivated(user, policy.days), now).await?;
        let entry = Entry {
            target: Some(user.user_id.clone()),
            pdn: user.pdn.clone(),
            detail: Some(AuditDetail::Inactivity { days: policy.days }),
            ..Entry::new(AuditEvent::InactivityDeactivated, AuditOutcome::Success)
        };
        audit::append(&mut tx, &entry, now).await?;
    }
    let soon = claim_reminders(&mut tx, &policy, now).await?;
    for user in &soon {
        outbox::enqueue(&mut tx, &reminder(user), now).await?;
    }
    tx.commit().await?;
    Ok(Outcome {
        reminded: soon.len(),
        deactivated: gone.len(),
    })
}
