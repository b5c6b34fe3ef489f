//! Lockout: after the maximum number of failed attempts online access is locked, and only
//! the help desk unlocks it.
//!
//! The count itself lives in the database and changes in one atomic statement
//! (`UPDATE … SET failures = failures + 1 … RETURNING failures`); this module decides what
//! the returned count means, so every replica decides the same way. Wrong passwords count
//! toward one limit; wrong challenge answers toward their own, 1 by default (the help
//! center: "If you do not get the answers to your challenge questions correct, your online
//! access will be locked"). The help desk's verification of a caller has its own limit of
//! consecutive misses.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How many failed attempts lock an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockoutPolicy {
    max_attempts: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the lockout threshold must be between {min} and {max} failed attempts, got {got}", max = LockoutPolicy::MAX)]
pub struct LockoutConfigError {
    pub got: u32,
    /// The smallest threshold allowed for this count.
    pub min: u32,
}

/// What a failed attempt did to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureOutcome {
    /// Still open; this many attempts remain before the lock.
    Remaining(u32),
    /// This attempt reached the threshold: lock now, end sessions, tell the owner. Exactly
    /// one attempt per lock sees this, however many ran at once.
    LockedNow,
    /// The account was locked before this attempt.
    AlreadyLocked,
}

impl Default for LockoutPolicy {
    /// Five attempts, the provider's published default.
    fn default() -> Self {
        LockoutPolicy { max_attempts: 5 }
    }
}

impl LockoutPolicy {
    pub const MIN: u32 = 3;
    pub const MAX: u32 = 20;

    pub fn new(max_attempts: u32) -> Result<Self, LockoutConfigError> {
        if (Self::MIN..=Self::MAX).contains(&max_attempts) {
            Ok(LockoutPolicy { max_attempts })
        } else {
            Err(LockoutConfigError {
                got: max_attempts,
                min: Self::MIN,
            })
        }
    }

    /// The wrong challenge answers that lock (1 to [`Self::MAX`]): unlike passwords, one is
    /// allowed, and is the default ([`Self::ANSWERS_DEFAULT`]).
    pub fn for_answers(max_attempts: u32) -> Result<Self, LockoutConfigError> {
        if (1..=Self::MAX).contains(&max_attempts) {
            Ok(LockoutPolicy { max_attempts })
        } else {
            Err(LockoutConfigError {
                got: max_attempts,
                min: 1,
            })
        }
    }

    /// A wrong answer locks at once, as the help center says.
    pub const ANSWERS_DEFAULT: u32 = 1;

    pub fn max_attempts(self) -> u32 {
        self.max_attempts
    }

    /// Decide from the failure count *after* this attempt was counted atomically.
    pub fn after_failure(self, failures_now: u32) -> FailureOutcome {
        match failures_now.cmp(&self.max_attempts) {
            std::cmp::Ordering::Less => FailureOutcome::Remaining(self.max_attempts - failures_now),
            std::cmp::Ordering::Equal => FailureOutcome::LockedNow,
            std::cmp::Ordering::Greater => FailureOutcome::AlreadyLocked,
        }
    }

    pub fn is_locked(self, failures: u32) -> bool {
        failures >= self.max_attempts
    }
}

/// The help desk may miss a caller's secret answer this many times in a row before the
/// account is locked (a caller guessing on the phone is an attack too).
pub const HELP_DESK_VERIFICATION_LIMIT: u32 = 3;

/// Once the misses in a row reach [`HELP_DESK_VERIFICATION_LIMIT`], the help desk cannot
/// verify that caller again until this many hours after the last miss (nothing is checked
/// meanwhile); then one more try, and a miss pauses it again. A match ends the streak.
pub const HELP_DESK_VERIFICATION_PAUSE_HOURS: i64 = 24;

/// How many more misses the help desk may make verifying a caller before the account is
/// locked and verification paused, for the console to say in words: `misses` in a row so
/// far, `paused` while nothing is checked. After a pause one try remains.
pub fn verification_tries_left(misses: u32, paused: bool) -> u32 {
    if paused {
        0
    } else {
        HELP_DESK_VERIFICATION_LIMIT.saturating_sub(misses).max(1)
    }
}

/// An unlock needs a successful verification of that user by the same help-desk person
/// within this many minutes.
pub const UNLOCK_AFTER_VERIFICATION_MINUTES: i64 = 15;

/// Unlocking one of the provider's own people (reviewer, help desk, provider admin) needs
/// a second provider admin's approval: an asked-for approval waits this many hours...
pub const UNLOCK_APPROVAL_WAITS_HOURS: i64 = 24;
/// ...and, once given, lets the asker unlock within this many minutes.
pub const UNLOCK_APPROVAL_VALID_MINUTES: i64 = 60;

crate::text_enum! {
    /// The kind of attempt that failed, kept with the lock so the office manager can see why.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum AttemptKind {
        Password = "password",
        ChallengeAnswer = "challenge_answer",
        HelpDeskVerification = "help_desk_verification",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_tries_count_down_to_the_pause_and_one_after_it() {
        for (misses, paused, left, why) in [
            (0, false, 3, "a fresh caller has the whole limit"),
            (1, false, 2, "each miss in a row takes one"),
            (2, false, 1, "the next miss locks"),
            (3, true, 0, "nothing is checked during the pause"),
            (
                3,
                false,
                1,
                "after the pause one try, and a miss pauses again",
            ),
            (
                7,
                false,
                1,
                "however long the streak, one try after a pause",
            ),
        ] {
            assert_eq!(verification_tries_left(misses, paused), left, "{why}");
        }
    }

    #[test]
    fn default_locks_on_the_fifth_failed_attempt() {
        let p = LockoutPolicy::default();
        let outcomes: Vec<_> = (1..=7).map(|n| p.after_failure(n)).collect();
        assert_eq!(
            outcomes,
            [
                FailureOutcome::Remaining(4),
                FailureOutcome::Remaining(3),
                FailureOutcome::Remaining(2),
                FailureOutcome::Remaining(1),
                FailureOutcome::LockedNow,
                FailureOutcome::AlreadyLocked,
                FailureOutcome::AlreadyLocked,
            ],
            "the fifth failure locks, exactly once"
        );
        assert!(!p.is_locked(4) && p.is_locked(5) && p.is_locked(9));
    }

    #[test]
    fn exactly_one_of_any_number_of_concurrent_failures_sees_locked_now() {
        for max in LockoutPolicy::MIN..=LockoutPolicy::MAX {
            let p = LockoutPolicy::new(max).unwrap();
            // The database hands out counts 1..=100 to 100 concurrent attempts.
            let locked_now = (1..=100)
                .filter(|&n| p.after_failure(n) == FailureOutcome::LockedNow)
                .count();
            assert_eq!(
                locked_now, 1,
                "one lock event per threshold of {max}: one owner email, one audit row"
            );
        }
    }

    #[test]
    fn threshold_is_configurable_within_sane_bounds() {
        assert_eq!(LockoutPolicy::new(3).unwrap().max_attempts(), 3);
        assert_eq!(
            LockoutPolicy::new(10).unwrap().after_failure(10),
            FailureOutcome::LockedNow
        );
        assert_eq!(
            LockoutPolicy::new(2),
            Err(LockoutConfigError { got: 2, min: 3 }),
            "below 3 locks people out by typos"
        );
        assert!(LockoutPolicy::new(21).is_err(), "above 20 invites guessing");
        assert!(LockoutPolicy::new(0).is_err());
    }

    #[test]
    fn one_wrong_answer_may_lock_but_never_none() {
        let answers = LockoutPolicy::for_answers(LockoutPolicy::ANSWERS_DEFAULT).unwrap();
        assert_eq!(
            answers.after_failure(1),
            FailureOutcome::LockedNow,
            "the help center: a wrong answer locks"
        );
        assert_eq!(
            LockoutPolicy::for_answers(0),
            Err(LockoutConfigError { got: 0, min: 1 }),
            "answers always lock at some point"
        );
        assert!(LockoutPolicy::for_answers(21).is_err());
        assert_eq!(
            LockoutPolicy::for_answers(0).unwrap_err().to_string(),
            "the lockout threshold must be between 1 and 20 failed attempts, got 0"
        );
    }
}
