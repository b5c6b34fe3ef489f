//! Inactivity: a user ID with no successful sign-in for 60 days is deactivated, and comes
//! back only through a reactivation request.
//!
//! The clock starts at the last successful sign-in, or at activation for someone who never
//! signed in; a completed reactivation restarts it (the store records the reactivation as
//! the new start). Owners get a reminder a week before.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InactivityPolicy {
    /// Days without a successful sign-in after which the ID is inactive (60).
    pub days: u32,
    /// Days before that when the owner is reminded (7).
    pub reminder_days: u32,
}

impl Default for InactivityPolicy {
    fn default() -> Self {
        InactivityPolicy {
            days: 60,
            reminder_days: 7,
        }
    }
}

/// Where a user ID stands on the inactivity clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum InactivityStatus {
    /// Well inside the period.
    Active {
        #[serde(with = "crate::wire_time")]
        #[ts(as = "DateTime<Utc>")]
        deactivates_at: DateTime<Utc>,
    },
    /// Inside the reminder window: "deactivates in N days". `days_left` counts started
    /// days, so it is 1 on the last day and never 0 while still active.
    DeactivatesSoon {
        #[serde(with = "crate::wire_time")]
        #[ts(as = "DateTime<Utc>")]
        deactivates_at: DateTime<Utc>,
        days_left: u32,
    },
    /// The period has run out.
    Inactive {
        #[serde(with = "crate::wire_time")]
        #[ts(as = "DateTime<Utc>")]
        since: DateTime<Utc>,
    },
}

impl InactivityPolicy {
    /// The moment a clock started at `last_activity` runs out.
    pub fn deactivates_at(&self, last_activity: DateTime<Utc>) -> DateTime<Utc> {
        last_activity + Duration::days(i64::from(self.days))
    }

    /// `last_activity` is the last successful sign-in, or activation/reactivation if none.
    pub fn status(&self, last_activity: DateTime<Utc>, now: DateTime<Utc>) -> InactivityStatus {
        let deactivates_at = self.deactivates_at(last_activity);
        if now >= deactivates_at {
            return InactivityStatus::Inactive {
                since: deactivates_at,
            };
        }
        let left = deactivates_at - now;
        // Round up: 6 days and 1 second left is "7 days".
        let days_left = left.num_days() + i64::from(left > Duration::days(left.num_days()));
        if days_left <= i64::from(self.reminder_days) {
            InactivityStatus::DeactivatesSoon {
                deactivates_at,
                days_left: u32::try_from(days_left).unwrap_or(u32::MAX),
            }
        } else {
            InactivityStatus::Active { deactivates_at }
        }
    }

    /// The first moment the owner should be reminded (start of the reminder window).
    pub fn reminder_at(&self, last_activity: DateTime<Utc>) -> DateTime<Utc> {
        self.deactivates_at(last_activity) - Duration::days(i64::from(self.reminder_days))
    }

    /// The latest last activity whose reminder is due at `now`: a clock started at or
    /// before it has `reminder_at <= now`. What the store compares a column with.
    pub fn reminder_cutoff(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - (self.reminder_at(now) - now)
    }

    /// The latest last activity whose clock has run out at `now`: a clock started at or
    /// before it has `deactivates_at <= now`.
    pub fn deactivation_cutoff(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - (self.deactivates_at(now) - now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn the_cutoffs_a_store_compares_with_are_the_clocks_own_moments() {
        let p = InactivityPolicy::default();
        let now = t(20, 12);
        for offset_minutes in [-1, 0, 1] {
            let last = p.reminder_cutoff(now) + Duration::minutes(offset_minutes);
            assert_eq!(
                last <= p.reminder_cutoff(now),
                p.reminder_at(last) <= now,
                "a reminder is due exactly when the last activity is at or before the cutoff"
            );
            let last = p.deactivation_cutoff(now) + Duration::minutes(offset_minutes);
            assert_eq!(
                last <= p.deactivation_cutoff(now),
                p.deactivates_at(last) <= now,
                "inactive exactly when the last activity is at or before the cutoff"
            );
        }
    }

    fn t(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, d, h, 0, 0).unwrap()
    }

    #[test]
    fn a_user_id_is_inactive_exactly_sixty_days_after_the_last_sign_in() {
        let p = InactivityPolicy::default();
        let last = t(1, 9);
        let deadline = last + Duration::days(60);
        assert_eq!(
            p.status(last, deadline - Duration::seconds(1)),
            InactivityStatus::DeactivatesSoon {
                deactivates_at: deadline,
                days_left: 1
            },
            "one second before the deadline it is still active, with 1 day left"
        );
        assert_eq!(
            p.status(last, deadline),
            InactivityStatus::Inactive { since: deadline },
            "at 60 days it is inactive"
        );
    }

    #[test]
    fn countdown_starts_seven_days_before_and_counts_started_days() {
        let p = InactivityPolicy::default();
        let last = t(1, 9);
        let deadline = p.deactivates_at(last);
        assert!(matches!(
            p.status(last, last),
            InactivityStatus::Active { .. }
        ));
        assert!(
            matches!(
                p.status(last, deadline - Duration::days(7) - Duration::seconds(1)),
                InactivityStatus::Active { .. }
            ),
            "more than 7 days left is plain active"
        );
        assert_eq!(
            p.status(last, deadline - Duration::days(7)),
            InactivityStatus::DeactivatesSoon {
                deactivates_at: deadline,
                days_left: 7
            }
        );
        assert_eq!(
            p.status(last, deadline - Duration::days(3) + Duration::hours(5)),
            InactivityStatus::DeactivatesSoon {
                deactivates_at: deadline,
                days_left: 3
            }
        );
        assert_eq!(p.reminder_at(last), deadline - Duration::days(7));
    }

    #[test]
    fn a_new_sign_in_restarts_the_clock() {
        let p = InactivityPolicy::default();
        let now = t(1, 9) + Duration::days(59);
        assert!(matches!(
            p.status(t(1, 9), now),
            InactivityStatus::DeactivatesSoon { days_left: 1, .. }
        ));
        assert!(
            matches!(p.status(now, now), InactivityStatus::Active { .. }),
            "signing in today resets to 60 days"
        );
    }

    proptest! {
        #[test]
        fn status_is_inactive_iff_sixty_days_have_passed(offset_secs in 0i64..(120 * 86_400)) {
            let p = InactivityPolicy::default();
            let last = t(1, 0);
            let now = last + Duration::seconds(offset_secs);
            let inactive = matches!(p.status(last, now), InactivityStatus::Inactive { .. });
            prop_assert_eq!(inactive, offset_secs >= 60 * 86_400);
            if let InactivityStatus::DeactivatesSoon { days_left, .. } = p.status(last, now) {
                prop_assert!((1..=7).contains(&days_left));
            }
        }
    }
}
