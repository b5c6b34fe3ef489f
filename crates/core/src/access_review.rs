//! Access reviews (issue 17): every quarter each dealership's office manager confirms who
//! still needs what, and what nobody confirms is taken away.
//!
//! A review (a "campaign") opens for one dealership on a schedule, `every_days` after the
//! previous one opened (or after the dealership came on, for its first), and is due at
//! close of business Eastern time `deadline_days` calendar days later, moved on to the next
//! business day when that day is none. It lists every active, locked and inactive person of
//! the dealership with the applications they hold; the office manager decides each one —
//! keep, remove some applications, or deactivate with a reason — and can finish only when
//! every person is decided. Finishing files one User ID Request per decision that changes
//! something ([`AccessDecision::request`]), through the ordinary request workflow.
//!
//! Nobody decides their own access: an office manager's own row is decided by another
//! office manager of the dealership, or by the provider when there is none
//! ([`may_decide`]).
//!
//! Pure rules: every function takes `now` and the calendar as parameters.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::access::{AccessRole, AccountState};
use crate::forms::{REASON_MAX_CHARS, RequestForm};
use crate::ids::UserId;
use crate::schedule::{ReviewCalendar, eastern_instant};

/// How often reviews open and how long each one runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPolicy {
    /// Days from one review's opening to the next (`DEALER_ACCESS_REVIEW_EVERY`, 90).
    pub every_days: u32,
    /// Calendar days from opening to the deadline (14), moved on to a business day.
    pub deadline_days: u32,
    /// What the deadline does to an unfinished review (`DEALER_ACCESS_REVIEW_ON_DEADLINE`).
    pub on_deadline: OnDeadline,
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            every_days: 90,
            deadline_days: 14,
            on_deadline: OnDeadline::Escalate,
        }
    }
}

crate::text_enum! {
    /// What happens at the deadline of a review that is not finished. Either way the
    /// provider's reviewers see it in their queue.
    #[derive(ts_rs::TS)]
    #[ts(export)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum OnDeadline {
        /// The reviewers are told; nobody loses access.
        Escalate = "escalate",
        /// And everyone not yet decided is suspended until a decision is made.
        SuspendUnreviewed = "suspend_unreviewed",
    }
}

/// The reminders of one review, in the order they fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Reminder {
    /// When it opens.
    Opened,
    /// Seven days before the deadline.
    WeekBefore,
    /// Three days before the deadline.
    ThreeDaysBefore,
    /// On the day of the deadline (its Eastern calendar day).
    OnTheDay,
}

impl Reminder {
    pub const ALL: [Reminder; 4] = [
        Reminder::Opened,
        Reminder::WeekBefore,
        Reminder::ThreeDaysBefore,
        Reminder::OnTheDay,
    ];

    /// Its number in the stored "last reminder sent" column (0 = none sent).
    pub fn ordinal(self) -> i64 {
        match self {
            Reminder::Opened => 1,
            Reminder::WeekBefore => 2,
            Reminder::ThreeDaysBefore => 3,
            Reminder::OnTheDay => 4,
        }
    }

    /// The reminder with that number, if any.
    pub fn from_ordinal(n: i64) -> Option<Reminder> {
        Reminder::ALL.into_iter().find(|r| r.ordinal() == n)
    }
}

impl ReviewPolicy {
    /// A policy from its settings: a review every 7 to 366 days, due 1 to 60 days after it
    /// opens and before the next one would.
    pub fn new(
        every_days: u32,
        deadline_days: u32,
        on_deadline: OnDeadline,
    ) -> Result<Self, String> {
        if !(7..=366).contains(&every_days) {
            return Err(format!(
                "DEALER_ACCESS_REVIEW_EVERY must be from 7 to 366 days, not {every_days}"
            ));
        }
        if !(1..=60).contains(&deadline_days) || deadline_days >= every_days {
            return Err(format!(
                "DEALER_ACCESS_REVIEW_DEADLINE_DAYS must be from 1 to 60 days and fewer than \
                 DEALER_ACCESS_REVIEW_EVERY ({every_days}), not {deadline_days}"
            ));
        }
        Ok(ReviewPolicy {
            every_days,
            deadline_days,
            on_deadline,
        })
    }

    /// When a dealership's next review opens: `every_days` after the last one opened, or
    /// after the dealership came on when it has had none.
    pub fn next_opening(
        &self,
        dealership_since: DateTime<Utc>,
        last_opened: Option<DateTime<Utc>>,
    ) -> DateTime<Utc> {
        last_opened.unwrap_or(dealership_since) + Duration::days(i64::from(self.every_days))
    }

    /// Whether a review is due to open now (at the opening instant it is).
    pub fn opens_now(
        &self,
        dealership_since: DateTime<Utc>,
        last_opened: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> bool {
        now >= self.next_opening(dealership_since, last_opened)
    }

    /// The deadline of a review opened at `opened_at`: close of business Eastern time on the
    /// `deadline_days`-th calendar day after the Eastern day it opened, or on the first
    /// business day after that day when it is a weekend day or holiday.
    pub fn deadline(&self, calendar: &ReviewCalendar, opened_at: DateTime<Utc>) -> DateTime<Utc> {
        let opened = eastern_day(opened_at);
        let mut day = opened + Duration::days(i64::from(self.deadline_days));
        if !calendar.is_business_day(day) {
            day = calendar.next_business_day_after(day);
        }
        eastern_instant(day, calendar.close_of_business)
    }

    /// The reminder to send now, if any: the latest one that has fallen due and comes after
    /// `last_sent` (reminders that fell due together, say while the portal was down, are
    /// sent as one: the latest).
    pub fn reminder_due(
        &self,
        opened_at: DateTime<Utc>,
        deadline: DateTime<Utc>,
        last_sent: Option<Reminder>,
        now: DateTime<Utc>,
    ) -> Option<Reminder> {
        let deadline_day = eastern_day(deadline);
        // When each reminder falls due; one whose day began before the review opened never
        // does (a short review has no "week before").
        let falls_due = |r: Reminder| -> Option<DateTime<Utc>> {
            let day = match r {
                Reminder::Opened => return Some(opened_at),
                Reminder::WeekBefore => deadline_day - Duration::days(7),
                Reminder::ThreeDaysBefore => deadline_day - Duration::days(3),
                Reminder::OnTheDay => deadline_day,
            };
            Some(eastern_instant(day, chrono::NaiveTime::MIN)).filter(|at| *at >= opened_at)
        };
        Reminder::ALL
            .into_iter()
            .rfind(|r| Some(*r) > last_sent && falls_due(*r).is_some_and(|at| now >= at))
    }

    /// Whether a review that is not finished has passed its deadline (at the deadline
    /// instant it has not).
    pub fn is_overdue(deadline: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now > deadline
    }
}

fn eastern_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&crate::schedule::EASTERN).date_naive()
}

/// Whether a person is reviewed: everyone of the dealership who holds a user ID that can
/// still be used or brought back (active, locked, inactive); not someone pending or gone.
pub fn is_reviewed(state: AccountState) -> bool {
    matches!(
        state,
        AccountState::Active | AccountState::Locked | AccountState::Inactive
    )
}

/// Whether a person nobody decided on is put on hold when a review passes its deadline
/// under [`OnDeadline::SuspendUnreviewed`]: everyone but the office managers, who must
/// still sign in to finish the review (their own rows are for the provider to decide).
pub fn held_at_deadline(role: AccessRole) -> bool {
    role != AccessRole::OfficeManager
}

/// The office manager's decision on one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(tag = "decision", rename_all = "snake_case", deny_unknown_fields)]
pub enum AccessDecision {
    /// Still needs everything they hold.
    Keep,
    /// No longer needs these applications (some or all of the ones held).
    Remove { applications: Vec<String> },
    /// No longer needs access at all.
    Deactivate { reason: String },
}

impl AccessDecision {
    /// Its stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            AccessDecision::Keep => "keep",
            AccessDecision::Remove { .. } => "remove",
            AccessDecision::Deactivate { .. } => "deactivate",
        }
    }

    /// The User ID Request that finishing the review files for `user_id`, if any.
    pub fn request(&self, user_id: &UserId) -> Option<RequestForm> {
        match self {
            AccessDecision::Keep => None,
            AccessDecision::Remove { applications } => Some(RequestForm::RemoveApplicationAccess {
                user_id: user_id.to_string(),
                applications: applications.clone(),
            }),
            AccessDecision::Deactivate { reason } => Some(RequestForm::Deactivation {
                user_id: user_id.to_string(),
                reason: reason.clone(),
            }),
        }
    }
}

/// Why a decision cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecisionError {
    #[error("Choose at least one application to remove")]
    NothingToRemove,
    #[error("{user} does not have {application}, so it cannot be removed")]
    NotHeld { user: String, application: String },
    #[error("Say why access ends (for example: left the dealership on May 3)")]
    ReasonRequired,
    #[error("Keep the reason under {REASON_MAX_CHARS} characters")]
    ReasonTooLong,
}

impl DecisionError {
    /// The form field the error belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            DecisionError::NothingToRemove | DecisionError::NotHeld { .. } => "applications",
            DecisionError::ReasonRequired | DecisionError::ReasonTooLong => "reason",
        }
    }
}

/// `decision` made valid for a person holding `held`: applications to remove named once
/// each and held, a deactivation's reason given and tidied (runs of white space become one
/// space).
pub fn check_decision(
    decision: &AccessDecision,
    user: &UserId,
    held: &BTreeSet<String>,
) -> Result<AccessDecision, DecisionError> {
    match decision {
        AccessDecision::Keep => Ok(AccessDecision::Keep),
        AccessDecision::Remove { applications } => {
            let wanted: BTreeSet<String> = applications
                .iter()
                .map(|a| a.trim().to_ascii_lowercase())
                .filter(|a| !a.is_empty())
                .collect();
            if wanted.is_empty() {
                return Err(DecisionError::NothingToRemove);
            }
            if let Some(missing) = wanted.iter().find(|a| !held.contains(*a)) {
                return Err(DecisionError::NotHeld {
                    user: user.to_string(),
                    application: missing.clone(),
                });
            }
            Ok(AccessDecision::Remove {
                applications: wanted.into_iter().collect(),
            })
        }
        AccessDecision::Deactivate { reason } => {
            let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
            if reason.is_empty() {
                Err(DecisionError::ReasonRequired)
            } else if reason.chars().count() > REASON_MAX_CHARS {
                Err(DecisionError::ReasonTooLong)
            } else {
                Ok(AccessDecision::Deactivate { reason })
            }
        }
    }
}

/// Who is deciding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decider {
    /// An office manager of the dealership under review.
    OfficeManager(UserId),
    /// The provider (a provider admin or reviewer).
    Provider,
}

/// Why someone may not decide on a person.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DeciderError {
    #[error(
        "Your own access is decided by another office manager of your dealership, or by the \
         provider when there is none"
    )]
    OwnAccess,
    #[error("The dealership's office managers decide on their people")]
    DealershipDecides,
}

/// Whether `decider` may decide on `subject` (role `subject_role`) in a review of a
/// dealership that has `other_managers` office managers besides the subject who can act
/// (not deactivated). An office manager decides on everyone but themselves; the provider
/// decides on an office manager only when no other office manager can.
pub fn may_decide(
    decider: &Decider,
    subject: &UserId,
    subject_role: AccessRole,
    other_managers: usize,
) -> Result<(), DeciderError> {
    match decider {
        Decider::OfficeManager(me) if me == subject => Err(DeciderError::OwnAccess),
        Decider::OfficeManager(_) => Ok(()),
        Decider::Provider if subject_role == AccessRole::OfficeManager && other_managers == 0 => {
            Ok(())
        }
        Decider::Provider => Err(DeciderError::DealershipDecides),
    }
}

/// How far a review has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct ReviewProgress {
    pub decided: u32,
    pub total: u32,
}

impl ReviewProgress {
    /// A review can be finished once every person on it is decided.
    pub fn can_finish(self) -> bool {
        self.decided >= self.total
    }
}

#[cfg(test)]
mod tests;
