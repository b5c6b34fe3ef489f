//! Time rules that follow the provider's office clock in US Eastern time: the help-desk
//! phone hours ("open now until 8 pm ET") and the review calendar that sets each request's
//! due time (close of business on the next business day).
//!
//! Both are pure: every method takes `now` (or the submission instant) as a UTC parameter
//! and converts it to `America/New_York`, so daylight saving time is followed exactly.
//!
//! Wall-clock times that do not exist or exist twice at a DST change are resolved the same
//! way everywhere (see [`eastern_instant`]):
//! - a time skipped by spring-forward (02:00–02:59 on the second Sunday of March) is read
//!   with the offset in force before the change, so it moves forward by the length of the
//!   gap (02:30 becomes 03:30 EDT);
//! - a time repeated by fall-back (01:00–01:59 on the first Sunday of November) is the
//!   earlier of the two instants (01:30 EDT, not 01:30 EST).
//!
//! Layout: phone hours and their config parser in `hours`, the review calendar in `review`,
//! the help-desk schedule (hours + holidays → open now / next opening) here.

mod hours;
mod review;

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use hours::clock_label;
pub use hours::{DailyHours, HoursParseError, WeeklyHours};
pub use review::ReviewCalendar;

/// The provider's office time zone: US Eastern, with daylight saving time.
pub const EASTERN: Tz = chrono_tz::America::New_York;

/// The instant at which the Eastern wall clock shows `time` on `date`.
///
/// Rule at DST changes: a skipped time (spring-forward gap) is read with the offset in force
/// just before the gap, so it lands as far past the change as it was into the gap (02:30 →
/// 03:30 EDT); a repeated time (fall-back overlap) is the earliest of its two instants.
pub fn eastern_instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    match EASTERN.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.to_utc(),
        LocalResult::None => {
            // No US transition is within a day of another, so a day earlier has the old offset.
            let probe = local
                .checked_sub_signed(TimeDelta::days(1))
                .unwrap_or(local);
            let before = EASTERN.offset_from_utc_datetime(&probe).fix();
            let utc = local.checked_sub_signed(TimeDelta::seconds(before.local_minus_utc().into()));
            utc.unwrap_or(NaiveDateTime::MAX).and_utc()
        }
    }
}

/// The Eastern calendar date of an instant.
fn eastern_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&EASTERN).date_naive()
}

/// The help-desk phone line's schedule: weekly hours plus holidays (Eastern dates on which
/// it is closed all day). `Default` is the shipped hours with no holidays.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HelpDeskSchedule {
    pub hours: WeeklyHours,
    pub holidays: BTreeSet<NaiveDate>,
}

/// Whether the help desk answers now, and when that changes. Serialized with a `state` tag
/// (`open` / `closed`) for the help-desk info endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum HelpDeskStatus {
    Open {
        #[serde(with = "crate::wire_time")]
        closes_at: DateTime<Utc>,
    },
    /// `next_opening` is `None` only when the schedule has no hours at all.
    Closed {
        #[serde(default, with = "crate::wire_time::option")]
        next_opening: Option<DateTime<Utc>>,
    },
}

impl HelpDeskSchedule {
    pub fn new(hours: WeeklyHours, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            hours,
            holidays: holidays.into_iter().collect(),
        }
    }

    /// The phone hours on an Eastern calendar date ("today's hours"); `None` when closed all
    /// day (a holiday or a day without hours).
    pub fn hours_on(&self, date: NaiveDate) -> Option<DailyHours> {
        if self.holidays.contains(&date) {
            None
        } else {
            self.hours.on(date.weekday())
        }
    }

    /// The open period `[opens, closes)` on an Eastern date, as instants. `None` also when
    /// DST resolution makes it empty (only possible for hours set inside 01:00–03:00).
    fn period_on(&self, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let hours = self.hours_on(date)?;
        let period = (
            eastern_instant(date, hours.open()),
            eastern_instant(date, hours.close()),
        );
        (period.0 < period.1).then_some(period)
    }

    /// The instant the current period closes, if open at `now`.
    fn closes_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let (opens, closes) = self.period_on(eastern_date(now))?;
        (opens <= now && now < closes).then_some(closes)
    }

    /// Open at `now`: opening time included, closing time excluded.
    pub fn open_now(&self, now: DateTime<Utc>) -> bool {
        self.closes_at(now).is_some()
    }

    /// The first moment strictly after `now` at which the help desk opens.
    ///
    /// When closed, that is the next opening. When open, it is the opening of the *next*
    /// period, after the current one closes (the current period opened at or before `now`);
    /// use [`HelpDeskSchedule::status`] for the closing time. `None` only when the weekly
    /// hours are empty (holidays are finite, so some later open day always exists).
    pub fn next_opening(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.hours.is_always_closed() {
            return None;
        }
        // Past the last holiday every week has an open day; two weeks covers DST oddities.
        let today = eastern_date(now);
        let last_holiday = self.holidays.last().copied().unwrap_or(today).max(today);
        let horizon = last_holiday.checked_add_days(chrono::Days::new(14))?;
        today
            .iter_days()
            .take_while(|date| *date <= horizon)
            .filter_map(|date| self.period_on(date))
            .map(|(opens, _)| opens)
            .find(|opens| *opens > now)
    }

    /// Open until when, or closed until when: what a "call the help desk" message needs.
    pub fn status(&self, now: DateTime<Utc>) -> HelpDeskStatus {
        match self.closes_at(now) {
            Some(closes_at) => HelpDeskStatus::Open { closes_at },
            None => HelpDeskStatus::Closed {
                next_opening: self.next_opening(now),
            },
        }
    }
}

impl HelpDeskStatus {
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Open { .. })
    }

    /// For people, relative to `now`: "open now until 8 pm ET", "closed; opens today at
    /// 8 am ET", "… tomorrow at noon ET", "… Monday at 8 am ET" (within a week), or
    /// "… Monday, January 4 at 8 am ET".
    pub fn describe(&self, now: DateTime<Utc>) -> String {
        let local = |at: DateTime<Utc>| at.with_timezone(&EASTERN);
        match *self {
            Self::Open { closes_at } => {
                format!("open now until {} ET", clock_label(local(closes_at).time()))
            }
            Self::Closed { next_opening: None } => "closed; no phone hours are set".to_owned(),
            Self::Closed {
                next_opening: Some(opens),
            } => {
                let opens = local(opens);
                let days = (opens.date_naive() - eastern_date(now)).num_days();
                let day = match days {
                    ..=0 => "today".to_owned(),
                    1 => "tomorrow".to_owned(),
                    2..=6 => opens.format("%A").to_string(),
                    _ => opens.format("%A, %B %-d").to_string(),
                };
                format!("closed; opens {day} at {} ET", clock_label(opens.time()))
            }
        }
    }
}

#[cfg(test)]
mod tests;
