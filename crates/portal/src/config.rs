//! The portal's typed configuration: command-line flags, each with an environment variable
//! (documented in `.env.example`). Passed in, never global.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;
use dealer_core::applications::ApplicationCatalogue;
use dealer_core::inactivity::InactivityPolicy;
use dealer_core::lockout::LockoutPolicy;
use dealer_core::password::PasswordPolicy;
use dealer_core::schedule::{HelpDeskSchedule, ReviewCalendar, WeeklyHours};

use crate::Settings;
use crate::network::TrustedProxies;
use crate::store::sessions::Timeouts;

/// Shipped help-desk hours, in the format of `DEALER_HELP_DESK_HOURS` (24-hour US Eastern).
pub const DEFAULT_HELP_DESK_HOURS: &str =
    "Mon 08:00-22:00; Tue-Fri 08:00-20:00; Sat 09:00-19:00; Sun 12:00-17:00";

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on. Plain HTTP is refused off loopback unless the portal serves
    /// HTTPS itself (--tls-cert/--tls-key) or a TLS proxy is named in --trusted-proxies.
    #[arg(long, env = "DEALER_PORTAL_ADDR", default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,

    /// Reverse proxies whose Forwarded / X-Forwarded-For headers name the client: addresses
    /// and CIDR blocks separated by commas (10.0.0.0/8, 192.168.1.5). Empty: none, and the
    /// headers are ignored.
    #[arg(
        long = "trusted-proxies",
        env = "DEALER_TRUSTED_PROXIES",
        default_value = ""
    )]
    pub trusted_proxies: TrustedProxies,

    #[command(flatten)]
    pub tls: TlsConfig,

    #[command(flatten)]
    pub database: DatabaseConfig,

    /// Outgoing mail: smtp://127.0.0.1:2525 (loopback only), smtp+starttls://user:pass@host:587
    /// or smtps://user:pass@host:465. Without it mail stays queued in the outbox.
    #[arg(long = "smtp-url", env = "DEALER_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<Secret>,

    /// An optional pepper mixed into every password and answer before argon2, kept out of
    /// the database: `id:hexkey` (64+ hex digits), the current one first, older ones after
    /// it while hashes made with them remain (`v2:…,v1:…`). Hashes without a pepper keep
    /// working and get the current one at the next sign-in.
    #[arg(
        long = "password-pepper",
        env = "DEALER_PASSWORD_PEPPER",
        hide_env_values = true
    )]
    pub password_pepper: Option<Secret>,

    /// The key (64 hex digits) that seals mail carrying an enrollment code while it waits
    /// in the outbox, kept out of the database. Unset: a key kept in the database seals.
    #[arg(long = "outbox-key", env = "DEALER_OUTBOX_KEY", hide_env_values = true)]
    pub outbox_key: Option<Secret>,

    /// The sender address of the portal's mail.
    #[arg(
        long = "mail-from",
        env = "DEALER_MAIL_FROM",
        default_value = "Dealer Access <no-reply@dealer-access.invalid>"
    )]
    pub mail_from: String,

    /// Where people reach this portal from outside, like https://access.example.com: the
    /// start of the download addresses of app updates. Unset: each request's Host (https
    /// off loopback). Set it when a proxy in front rewrites Host.
    #[arg(long = "public-url", env = "DEALER_PUBLIC_URL")]
    pub public_url: Option<url::Url>,

    /// A folder of app updates this portal hands out: latest.json, the installers it names
    /// and their .sig files (docs/operating.md, "App updates"). Unset: no updates offered.
    #[arg(long = "app-updates-dir", env = "DEALER_APP_UPDATES_DIR")]
    pub app_updates_dir: Option<PathBuf>,

    #[command(flatten)]
    pub policy: PolicyConfig,

    #[command(flatten)]
    pub help_desk: HelpDeskConfig,
}

/// HTTPS served by the portal itself, for a small deployment without a proxy.
#[derive(Debug, Clone, Args)]
pub struct TlsConfig {
    /// PEM certificate chain (leaf first). Re-read, with the key, on SIGHUP.
    #[arg(long = "tls-cert", env = "DEALER_TLS_CERT", requires = "key")]
    pub cert: Option<PathBuf>,

    /// PEM private key of that certificate (PKCS#8, PKCS#1 or SEC1).
    #[arg(long = "tls-key", env = "DEALER_TLS_KEY", requires = "cert")]
    pub key: Option<PathBuf>,
}

impl TlsConfig {
    /// Both files, when HTTPS is configured.
    pub fn files(&self) -> Option<(&Path, &Path)> {
        self.cert.as_deref().zip(self.key.as_deref())
    }
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseConfig {
    /// sqlite:path (created if missing) or postgres://user:pass@host/db.
    #[arg(
        long = "database-url",
        env = "DATABASE_URL",
        default_value = "sqlite:dealer-portal.sqlite",
        hide_env_values = true
    )]
    pub url: Secret,
}

/// Security policies.
#[derive(Debug, Clone, Args)]
pub struct PolicyConfig {
    /// Failed sign-in or challenge attempts that lock an account (3 to 20).
    #[arg(
        long = "lockout-threshold",
        env = "DEALER_LOCKOUT_THRESHOLD",
        default_value_t = 5
    )]
    pub lockout_threshold: u32,

    /// Wrong challenge answers (in a password reset) that lock an account, counted apart
    /// from wrong passwords (1 to 20). The help center: a wrong answer locks.
    #[arg(
        long = "reset-answer-attempts",
        env = "DEALER_RESET_ANSWER_ATTEMPTS",
        default_value_t = dealer_core::lockout::LockoutPolicy::ANSWERS_DEFAULT
    )]
    pub reset_answer_attempts: u32,

    /// Minimum password length in characters (8 to 128).
    #[arg(
        long = "password-min-length",
        env = "DEALER_PASSWORD_MIN_LENGTH",
        default_value_t = 15
    )]
    pub password_min_length: usize,

    /// Minutes without a request after which a session ends.
    #[arg(
        long = "session-idle-minutes",
        env = "DEALER_SESSION_IDLE_MINUTES",
        default_value_t = 30
    )]
    pub session_idle_minutes: u32,

    /// Hours after which a session ends however busy.
    #[arg(
        long = "session-absolute-hours",
        env = "DEALER_SESSION_ABSOLUTE_HOURS",
        default_value_t = 12
    )]
    pub session_absolute_hours: u32,

    /// Hours a help desk's temporary password works, for one sign-in (1 to 168).
    #[arg(
        long = "temporary-password-hours",
        env = "DEALER_TEMPORARY_PASSWORD_HOURS",
        default_value_t = crate::state::DEFAULT_TEMPORARY_PASSWORD_HOURS
    )]
    pub temporary_password_hours: u32,

    /// Dates that are not business days for reviewing requests, comma separated
    /// (2026-12-25,2027-01-01). Mon–Fri otherwise; a request is due at 5 pm ET on the next
    /// business day after the day it was submitted.
    #[arg(
        long = "review-holidays",
        env = "DEALER_REVIEW_HOLIDAYS",
        value_delimiter = ','
    )]
    pub review_holidays: Vec<NaiveDate>,

    /// Applications offered besides SmartCash, IntelliRater and SmartAuction, separated by
    /// `;` ("Floor Plan; Title Desk*"); a trailing `*` marks additional steps after approval.
    #[arg(long = "applications", env = "DEALER_APPLICATIONS", default_value = "")]
    pub applications: String,

    /// Whether office managers must use two-step sign-in: `required` (the default) or
    /// `optional`. The provider's own people always must; staff may.
    #[arg(
        long = "two-step-office-managers",
        env = "DEALER_TWO_STEP_OFFICE_MANAGERS",
        default_value = "required"
    )]
    pub two_step_office_managers: dealer_core::two_step::Requirement,

    /// Days from one access review of a dealership to the next (the first comes this long
    /// after the dealership came on), 7 to 366.
    #[arg(
        long = "access-review-every",
        env = "DEALER_ACCESS_REVIEW_EVERY",
        default_value_t = 90
    )]
    pub access_review_every: u32,

    /// Calendar days an office manager has to finish an access review (due at close of
    /// business Eastern time, moved on to a business day), 1 to 60 and fewer than
    /// `DEALER_ACCESS_REVIEW_EVERY`.
    #[arg(
        long = "access-review-deadline-days",
        env = "DEALER_ACCESS_REVIEW_DEADLINE_DAYS",
        default_value_t = 14
    )]
    pub access_review_deadline_days: u32,

    /// What the deadline does to an unfinished access review: `escalate` (the provider's
    /// reviewers see it; the default) or `suspend_unreviewed` (and the people nobody decided
    /// on cannot sign in until a decision).
    #[arg(
        long = "access-review-on-deadline",
        env = "DEALER_ACCESS_REVIEW_ON_DEADLINE",
        default_value = "escalate"
    )]
    pub access_review_on_deadline: dealer_core::access_review::OnDeadline,
}

impl PolicyConfig {
    pub fn settings(&self) -> Result<Settings, String> {
        if self.session_idle_minutes == 0 || self.session_absolute_hours == 0 {
            return Err("session timeouts must be at least 1".into());
        }
        if !(1..=168).contains(&self.temporary_password_hours) {
            return Err(format!(
                "DEALER_TEMPORARY_PASSWORD_HOURS must be from 1 to 168 (a week), not {}",
                self.temporary_password_hours
            ));
        }
        Ok(Settings {
            lockout: LockoutPolicy::new(self.lockout_threshold).map_err(|e| e.to_string())?,
            password: PasswordPolicy::new(self.password_min_length).map_err(|e| e.to_string())?,
            inactivity: InactivityPolicy::default(),
            review: ReviewCalendar::new(self.review_holidays.iter().copied()),
            applications: ApplicationCatalogue::with_extra(&self.applications)
                .map_err(|e| e.to_string())?,
            session_timeouts: Timeouts {
                idle: chrono::Duration::minutes(i64::from(self.session_idle_minutes)),
                absolute: chrono::Duration::hours(i64::from(self.session_absolute_hours)),
            },
            trusted_proxies: TrustedProxies::default(),
            app_updates: None,
            temporary_password: chrono::Duration::hours(i64::from(self.temporary_password_hours)),
            answer_lockout: LockoutPolicy::for_answers(self.reset_answer_attempts)
                .map_err(|e| format!("DEALER_RESET_ANSWER_ATTEMPTS: {e}"))?,
            two_step: dealer_core::two_step::TwoStepPolicy {
                office_managers: self.two_step_office_managers,
                ..Default::default()
            },
            access_review: dealer_core::access_review::ReviewPolicy::new(
                self.access_review_every,
                self.access_review_deadline_days,
                self.access_review_on_deadline,
            )?,
        })
    }
}

/// A configuration value that must not be printed (database URL with its password, SMTP
/// credentials): `Debug` and `Display` show `***`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// How people reach the provider's help desk; shown on every "call the help desk" message.
#[derive(Debug, Clone, Args)]
pub struct HelpDeskConfig {
    #[arg(
        long = "help-desk-name",
        env = "DEALER_HELP_DESK_NAME",
        default_value = "Dealer Services Help Desk"
    )]
    pub name: String,

    #[arg(
        long = "help-desk-phone",
        env = "DEALER_HELP_DESK_PHONE",
        default_value = "1-800-555-0142"
    )]
    pub phone: String,

    /// Weekly phone hours in US Eastern time, e.g. "Mon 08:00-22:00; Tue-Fri 08:00-20:00".
    #[arg(
        long = "help-desk-hours",
        env = "DEALER_HELP_DESK_HOURS",
        default_value = DEFAULT_HELP_DESK_HOURS,
        value_parser = parse_hours,
    )]
    pub hours: WeeklyHours,

    /// Dates the help desk phone line is closed, comma separated (2026-12-25,2027-01-01).
    #[arg(
        long = "help-desk-holidays",
        env = "DEALER_HELP_DESK_HOLIDAYS",
        value_delimiter = ','
    )]
    pub holidays: Vec<NaiveDate>,
}

fn parse_hours(text: &str) -> Result<WeeklyHours, String> {
    WeeklyHours::parse(text).map_err(|e| e.to_string())
}

impl HelpDeskConfig {
    pub fn schedule(&self) -> HelpDeskSchedule {
        HelpDeskSchedule::new(self.hours.clone(), self.holidays.iter().copied())
    }
}

impl Default for HelpDeskConfig {
    fn default() -> Self {
        HelpDeskConfig {
            name: "Dealer Services Help Desk".into(),
            phone: "1-800-555-0142".into(),
            hours: WeeklyHours::default(),
            holidays: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_hours_text_parses_to_the_shipped_schedule() {
        assert_eq!(
            parse_hours(DEFAULT_HELP_DESK_HOURS).unwrap(),
            WeeklyHours::default(),
            "the documented default and the built-in default must agree"
        );
    }

    #[test]
    fn secrets_in_configuration_never_print() {
        let secret: Secret = "postgres://dealer:hunter2@db/dealer".parse().unwrap();
        assert_eq!(
            format!("{secret:?} {secret}"),
            "*** ***",
            "a database password must not reach a log"
        );
    }

    #[test]
    fn policies_refuse_unsafe_values() {
        let policy = |threshold, min| PolicyConfig {
            lockout_threshold: threshold,
            password_min_length: min,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            temporary_password_hours: 24,
            reset_answer_attempts: 1,
            review_holidays: Vec::new(),
            applications: String::new(),
            two_step_office_managers: dealer_core::two_step::Requirement::Required,
            access_review_every: 90,
            access_review_deadline_days: 14,
            access_review_on_deadline: dealer_core::access_review::OnDeadline::Escalate,
        };
        assert!(policy(5, 15).settings().is_ok());
        assert!(
            policy(1, 15).settings().is_err(),
            "a lock on the first typo"
        );
        assert!(
            policy(5, 7).settings().is_err(),
            "passwords are never shorter than 8"
        );
        let temporary = |hours| PolicyConfig {
            temporary_password_hours: hours,
            ..policy(5, 15)
        };
        assert!(
            temporary(0).settings().is_err(),
            "a temporary password must work for some time"
        );
        assert!(
            temporary(169).settings().is_err(),
            "a temporary password never lives longer than a week"
        );
        assert_eq!(
            temporary(48).settings().unwrap().temporary_password,
            chrono::Duration::hours(48)
        );
        let reviews = |every, deadline| PolicyConfig {
            access_review_every: every,
            access_review_deadline_days: deadline,
            access_review_on_deadline: dealer_core::access_review::OnDeadline::SuspendUnreviewed,
            ..policy(5, 15)
        };
        let err = reviews(30, 30).settings().unwrap_err();
        assert!(
            err.contains("DEALER_ACCESS_REVIEW_DEADLINE_DAYS"),
            "a review due when the next opens is refused, naming the setting: {err}"
        );
        assert_eq!(
            reviews(30, 10)
                .settings()
                .unwrap()
                .access_review
                .on_deadline,
            dealer_core::access_review::OnDeadline::SuspendUnreviewed
        );
    }

    #[test]
    fn bad_hours_are_refused_with_a_reason() {
        let err = parse_hours("Mon 25:00-26:00").unwrap_err();
        assert!(!err.is_empty());
    }
}
