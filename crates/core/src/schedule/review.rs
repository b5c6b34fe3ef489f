//! The review calendar: business days and the due time of a request.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::{eastern_date, eastern_instant};

/// Business days for reviewing requests: Monday to Friday in Eastern time, minus holidays,
/// with a close of business (default 17:00 ET). Separate from the help-desk phone hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewCalendar {
    pub holidays: BTreeSet<NaiveDate>,
    pub close_of_business: NaiveTime,
}

impl Default for ReviewCalendar {
    fn default() -> Self {
        Self {
            holidays: BTreeSet::new(),
            close_of_business: NaiveTime::MIN + TimeDelta::hours(17),
        }
    }
}

impl ReviewCalendar {
    /// Mon–Fri with these holidays, closing at 17:00 ET.
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            holidays: holidays.into_iter().collect(),
            ..Self::default()
        }
    }

    pub fn with_close_of_business(self, close_of_business: NaiveTime) -> Self {
        Self {
            close_of_business,
            ..self
        }
    }

    /// A business day is a Monday–Friday Eastern date that is not a holiday.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&date)
    }

    /// The first business day strictly after `date` (Saturday's is Monday, not Saturday
    /// itself). Terminates because the holiday set is finite.
    pub fn next_business_day_after(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while let Some(next) = day.succ_opt() {
            day = next;
            if self.is_business_day(day) {
                break;
            }
        }
        day
    }

    /// When a request submitted at `submitted_at` must be reviewed.
    ///
    /// Rule (DESIGN.md, "one business day"): close of business, Eastern time, on the first
    /// business day after the Eastern calendar day of submission. The time of day does not
    /// matter: Tue 10:00 and Tue 23:59 are both due Wed 17:00; Fri, Sat and Sun are due Mon
    /// 17:00; a Thursday before a Friday holiday is due Monday. Close of business is
    /// converted with the offset of the due date, so it is 17:00 EST or EDT as applies.
    pub fn due(&self, submitted_at: DateTime<Utc>) -> DateTime<Utc> {
        let due_day = self.next_business_day_after(eastern_date(submitted_at));
        eastern_instant(due_day, self.close_of_business)
    }

    /// Overdue once `now` is strictly after the due time (at the due instant it is not).
    pub fn is_overdue(due: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now > due
    }
}
