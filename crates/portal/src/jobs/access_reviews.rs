//! The access-review job (issue 17): at start and then periodically, open the reviews the
//! schedule says are due, send each open review's reminders as they fall due (when it
//! opens, a week and three days before its deadline, and on the day), and escalate the
//! reviews that passed their deadline unfinished — the provider's reviewers see those in
//! their queue, and under `suspend_unreviewed` the people nobody decided on are put on
//! hold until a decision.
//!
//! Idempotent across replicas: opening is one statement only one replica wins, and each
//! reminder and the escalation move a stored marker on with a compare-and-set in the same
//! transaction as their mail, so nothing goes out twice.

use chrono::{DateTime, Utc};
use dealer_api::{AuditDetail, AuditEvent, AuditOutcome};
use dealer_core::access_review::{OnDeadline, Reminder, ReviewPolicy, held_at_deadline};

use crate::AppState;
use crate::error::ApiError;
use crate::store::access_reviews::{self as store, Review};
use crate::store::audit::{self, Entry};
use crate::store::outbox::{self, OutgoingMail};
use crate::store::sessions;
use crate::store::users::User;
use crate::workflow::access_review::{acting_managers, open};

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub opened: usize,
    pub reminded: usize,
    pub escalated: usize,
    pub held: usize,
}

/// "Friday, December 18, 2026 at 5:00 PM Eastern".
fn when(at: DateTime<Utc>) -> String {
    at.with_timezone(&dealer_core::schedule::EASTERN)
        .format("%A, %B %-d, %Y at %-I:%M %p Eastern")
        .to_string()
}

fn people(n: u32) -> String {
    if n == 1 {
        "1 person".into()
    } else {
        format!("{n} people")
    }
}

/// The reminder `reminder` of `review` to one of its office managers.
fn reminder_mail(manager: &User, review: &Review, reminder: Reminder) -> OutgoingMail {
    let dealership = format!("{} (PDN {})", review.dealership_name, review.pdn);
    let due = when(review.deadline);
    let (subject, opening) = match reminder {
        Reminder::Opened => (
            format!("Access review for {} is open", review.dealership_name),
            format!(
                "It is time to confirm who at {dealership} still needs which applications. \
                 The review lists {} as they stand today and is due by {due}.",
                people(review.total)
            ),
        ),
        Reminder::OnTheDay => (
            format!("Access review for {} is due today", review.dealership_name),
            format!(
                "The access review of {dealership} is due today, by {due}; {} of {} are decided.",
                review.decided,
                people(review.total)
            ),
        ),
        Reminder::WeekBefore | Reminder::ThreeDaysBefore => (
            format!("Access review for {} is due soon", review.dealership_name),
            format!(
                "The access review of {dealership} is due by {due}; {} of {} are decided.",
                review.decided,
                people(review.total)
            ),
        ),
    };
    OutgoingMail {
        to: manager.email.clone(),
        subject,
        body: format!(
            "Hello {},\n\n{opening}\n\nIn Dealer Access, open Staff and choose Review access. \
             For each person, keep their access, remove the applications they no longer need, or \
             deactivate a user ID nobody should use any more; then choose Finish. Finishing \
             files the removal and deactivation requests for you.\n\nDealer Access",
            manager.first_name
        ),
        kind: "access_review_reminder",
    }
}

/// The deadline passed: to one of the office managers.
fn overdue_mail(manager: &User, review: &Review, held: usize) -> OutgoingMail {
    let undecided = review.total - review.decided;
    let hold = if held == 0 {
        String::new()
    } else {
        format!(" {held} of them cannot sign in until you decide on them.")
    };
    OutgoingMail {
        to: manager.email.clone(),
        subject: format!("Access review for {} is overdue", review.dealership_name),
        body: format!(
            "Hello {},\n\nThe access review of {} (PDN {}) was due by {} and {} {} still \
             undecided.{hold} The provider's reviewers have been told.\n\nIn Dealer Access, \
             open Staff and choose Review access to finish it.\n\nDealer Access",
            manager.first_name,
            review.dealership_name,
            review.pdn,
            when(review.deadline),
            people(undecided),
            if undecided == 1 { "is" } else { "are" },
        ),
        kind: "access_review_overdue",
    }
}

/// Open the reviews the schedule says are due now.
async fn open_due(state: &AppState, policy: &ReviewPolicy) -> Result<usize, ApiError> {
    let now = state.now();
    let mut conn = state.store().pool().acquire().await?;
    let due: Vec<_> = store::schedule(&mut conn)
        .await?
        .into_iter()
        .filter(|(_, since, last)| policy.opens_now(*since, *last, now))
        .collect();
    drop(conn);
    let mut opened = 0;
    for (pdn, _, _) in due {
        if open(state, &pdn, None).await?.is_some() {
            opened += 1;
        }
    }
    Ok(opened)
}

/// Send `review`'s reminder if one fell due. True when this replica sent it.
async fn remind(
    state: &AppState,
    policy: &ReviewPolicy,
    review: &Review,
) -> Result<bool, ApiError> {
    let now = state.now();
    let last = Reminder::from_ordinal(review.reminded);
    let Some(reminder) = policy.reminder_due(review.opened_at, review.deadline, last, now) else {
        return Ok(false);
    };
    let managers = acting_managers(state, &review.pdn).await?;
    let mut tx = state.store().pool().begin().await?;
    if !store::mark_reminded(&mut tx, review.id, reminder.ordinal()).await? {
        return Ok(false);
    }
    for manager in &managers {
        outbox::enqueue(&mut tx, &reminder_mail(manager, review, reminder), now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Escalate `review` (past its deadline, unfinished): mark it, hold the undecided under
/// `suspend_unreviewed` (ending their sessions), tell the office managers, audit. The
/// number held, or `None` when another replica escalated it.
async fn escalate(
    state: &AppState,
    policy: &ReviewPolicy,
    review: &Review,
) -> Result<Option<usize>, ApiError> {
    let now = state.now();
    let managers = acting_managers(state, &review.pdn).await?;
    let mut tx = state.store().pool().begin().await?;
    if !store::escalate(&mut tx, review.id, now).await? {
        return Ok(None);
    }
    let people = store::people(&mut tx, review.id).await?;
    let mut held = 0;
    if policy.on_deadline == OnDeadline::SuspendUnreviewed {
        for person in &people {
            let Some(pk) = person.user_pk else { continue };
            if person.decision.is_none()
                && held_at_deadline(person.role)
                && store::hold(&mut tx, review.id, &person.user_id, now).await?
            {
                sessions::revoke_all(&mut tx, pk, now).await?;
                held += 1;
            }
        }
    }
    for manager in &managers {
        outbox::enqueue(&mut tx, &overdue_mail(manager, review, held), now).await?;
    }
    let undecided = people.iter().filter(|p| p.decision.is_none()).count();
    let entry = Entry {
        pdn: Some(review.pdn.to_string()),
        detail: Some(AuditDetail::AccessReviewEscalated {
            review_id: review.id,
            undecided: u32::try_from(undecided).unwrap_or(u32::MAX),
            held: u32::try_from(held).unwrap_or(u32::MAX),
        }),
        ..Entry::new(AuditEvent::AccessReviewEscalated, AuditOutcome::Success)
    };
    audit::append(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(Some(held))
}

/// One pass: open what is due, then remind and escalate every open review.
pub async fn run_once(state: &AppState) -> Result<Outcome, ApiError> {
    let policy = state.settings().access_review;
    let mut done = Outcome {
        opened: open_due(state, &policy).await?,
        ..Outcome::default()
    };
    let now = state.now();
    let mut conn = state.store().pool().acquire().await?;
    let reviews = store::open_reviews(&mut conn).await?;
    drop(conn);
    for review in &reviews {
        if remind(state, &policy, review).await? {
            done.reminded += 1;
        }
        if review.escalated_at.is_none()
            && ReviewPolicy::is_overdue(review.deadline, now)
            && let Some(held) = escalate(state, &policy, review).await?
        {
            done.escalated += 1;
            done.held += held;
        }
    }
    Ok(done)
}
