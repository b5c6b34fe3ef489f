//! What every handler can reach: the store, the hashing pool, rate limits, settings derived
//! once at start, and the clock.

use crate::network::TrustedProxies;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use dealer_core::applications::ApplicationCatalogue;
use dealer_core::inactivity::InactivityPolicy;
use dealer_core::lockout::LockoutPolicy;
use dealer_core::password::PasswordPolicy;
use dealer_core::schedule::{EASTERN, HelpDeskSchedule, HelpDeskStatus, ReviewCalendar};

use crate::clock::Clock;
use crate::config::HelpDeskConfig;
use crate::hashing::Hasher;
use crate::metrics::Metrics;
use crate::rate_limit::{Limits, RateLimiter};
use crate::store::sessions::Timeouts;
use crate::store::{Store, UserKey};

#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    clock: Arc<dyn Clock>,
    store: Store,
    hasher: Hasher,
    limits: Limits,
    settings: Settings,
    help_desk: HelpDesk,
    metrics: Metrics,
    /// Help-desk verifications per help-desk person (by their account's key), checked before
    /// any hashing.
    verify_limit: RateLimiter<UserKey>,
    /// A mail sender runs ([`crate::jobs::mail::run`]): what the portal promises by mail
    /// goes out, rather than waiting in the outbox.
    mail_ready: std::sync::atomic::AtomicBool,
    /// Rate-limit refusals, counted for the audit log ([`crate::refusals`]).
    refusals: crate::refusals::RefusalLog,
}

/// Help-desk verifications one help-desk person may make at once, refilled over a minute:
/// a phone call's pace, far below guessing speed.
pub const HELP_DESK_VERIFY_PER_MINUTE: u32 = 10;

/// Policies in force, from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lockout: LockoutPolicy,
    pub password: PasswordPolicy,
    pub inactivity: InactivityPolicy,
    /// Business days and close of business for request due times.
    pub review: ReviewCalendar,
    pub applications: ApplicationCatalogue,
    pub session_timeouts: Timeouts,
    /// Reverse proxies whose forwarding headers name the client (`DEALER_TRUSTED_PROXIES`).
    pub trusted_proxies: TrustedProxies,
    /// How long a help desk's temporary password works, for one sign-in.
    pub temporary_password: chrono::Duration,
    /// Wrong challenge answers that lock (`DEALER_RESET_ANSWER_ATTEMPTS`), apart from
    /// wrong passwords (`lockout`).
    pub answer_lockout: LockoutPolicy,
    /// Who must use two-step sign-in (`DEALER_TWO_STEP_OFFICE_MANAGERS`).
    pub two_step: dealer_core::two_step::TwoStepPolicy,
    /// How often access reviews open and how long each runs.
    pub access_review: dealer_core::access_review::ReviewPolicy,
    /// The app updates this portal hands out (`DEALER_APP_UPDATES_DIR`); `None`: none.
    pub app_updates: Option<crate::updates::UpdateShelf>,
}

/// Hours a temporary password works when `DEALER_TEMPORARY_PASSWORD_HOURS` is not set.
pub const DEFAULT_TEMPORARY_PASSWORD_HOURS: u32 = 24;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lockout: LockoutPolicy::default(),
            password: PasswordPolicy::default(),
            inactivity: InactivityPolicy::default(),
            review: ReviewCalendar::default(),
            applications: ApplicationCatalogue::default(),
            session_timeouts: Timeouts::default(),
            trusted_proxies: TrustedProxies::default(),
            temporary_password: chrono::Duration::hours(i64::from(
                DEFAULT_TEMPORARY_PASSWORD_HOURS,
            )),
            answer_lockout: LockoutPolicy::for_answers(LockoutPolicy::ANSWERS_DEFAULT)
                .expect("the default is within bounds"),
            two_step: dealer_core::two_step::TwoStepPolicy::default(),
            access_review: dealer_core::access_review::ReviewPolicy::default(),
            app_updates: None,
        }
    }
}

/// The help desk as configured, with its schedule built once.
#[derive(Debug, Clone)]
pub struct HelpDesk {
    pub name: String,
    pub phone: String,
    pub schedule: HelpDeskSchedule,
}

impl HelpDesk {
    pub fn from_config(config: &HelpDeskConfig) -> Self {
        HelpDesk {
            name: config.name.clone(),
            phone: config.phone.clone(),
            schedule: config.schedule(),
        }
    }

    /// "Open now until 8 pm ET" / "Closed; opens tomorrow at 8 am ET".
    pub fn status_text(&self, now: DateTime<Utc>) -> String {
        let mut text = self.schedule.status(now).describe(now);
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        text
    }

    pub fn status(&self, now: DateTime<Utc>) -> HelpDeskStatus {
        self.schedule.status(now)
    }

    /// One sentence for every "call the help desk" message.
    pub fn call_text(&self, now: DateTime<Utc>) -> String {
        format!(
            "call {} at {} ({}; hours {})",
            self.name,
            self.phone,
            self.status_text(now),
            self.schedule.hours.describe()
        )
    }

    pub fn time_zone(&self) -> &'static str {
        EASTERN.name()
    }
}

/// Everything [`AppState::new`] needs.
#[derive(Debug)]
pub struct Parts {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub hasher: Hasher,
    pub limits: Limits,
    pub settings: Settings,
    pub help_desk: HelpDesk,
}

impl AppState {
    pub fn new(parts: Parts) -> Self {
        AppState {
            inner: Arc::new(Inner {
                clock: parts.clock,
                store: parts.store,
                hasher: parts.hasher,
                limits: parts.limits,
                settings: parts.settings,
                help_desk: parts.help_desk,
                metrics: Metrics::default(),
                verify_limit: RateLimiter::new(
                    HELP_DESK_VERIFY_PER_MINUTE,
                    std::time::Duration::from_secs(60),
                ),
                mail_ready: std::sync::atomic::AtomicBool::new(false),
                refusals: crate::refusals::RefusalLog::default(),
            }),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn refusals(&self) -> &crate::refusals::RefusalLog {
        &self.inner.refusals
    }

    pub fn hasher(&self) -> &Hasher {
        &self.inner.hasher
    }

    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub fn help_desk(&self) -> &HelpDesk {
        &self.inner.help_desk
    }

    /// Whether mail goes out now: a sender runs. Messages that promise mail say so only
    /// then; otherwise the mail waits in the outbox until one does.
    pub fn mail_ready(&self) -> bool {
        self.inner
            .mail_ready
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn set_mail_ready(&self, ready: bool) {
        self.inner
            .mail_ready
            .store(ready, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    pub fn verify_limit(&self) -> &RateLimiter<UserKey> {
        &self.inner.verify_limit
    }
}
