//! Weekly phone hours in Eastern time, their human description and their one-line config
//! form with its parser.

use std::fmt;

use chrono::{NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// "8 am", "8:30 pm", "noon", "midnight".
pub(super) fn clock_label(t: NaiveTime) -> String {
    let (pm, hour) = t.hour12();
    let half = if pm { "pm" } else { "am" };
    match (t.hour(), t.minute()) {
        (12, 0) => "noon".to_owned(),
        (0, 0) => "midnight".to_owned(),
        (_, 0) => format!("{hour} {half}"),
        (_, minute) => format!("{hour}:{minute:02} {half}"),
    }
}

/// One day's phone hours: open from `open` until (not including) `close`, Eastern time,
/// within the same calendar day (`open < close`; hours past midnight are not supported).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DailyHours {
    open: NaiveTime,
    close: NaiveTime,
}

impl DailyHours {
    /// `None` unless `open` is strictly before `close`.
    pub fn new(open: NaiveTime, close: NaiveTime) -> Option<Self> {
        (open < close).then_some(Self { open, close })
    }

    pub fn open(&self) -> NaiveTime {
        self.open
    }

    pub fn close(&self) -> NaiveTime {
        self.close
    }
}

/// "8 am–8 pm", for "today's hours".
impl fmt::Display for DailyHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", clock_label(self.open), clock_label(self.close))
    }
}

/// Why a help-desk hours setting was refused. Each message quotes the part that is wrong
/// and shows how to write it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HoursParseError {
    #[error(
        "No help-desk hours were given; write them like \"Mon 08:00-22:00; Tue-Fri 08:00-20:00; Sun closed\""
    )]
    Empty,
    #[error(
        "\"{entry}\" does not say which days; start it with a day such as Mon or a range such as Tue-Fri"
    )]
    MissingDays { entry: String },
    #[error("\"{entry}\" needs an opening and a closing time like 08:00-20:00, or the word closed")]
    MissingHours { entry: String },
    #[error(
        "\"{day}\" in \"{entry}\" is not a day of the week; use Mon, Tue, Wed, Thu, Fri, Sat or Sun"
    )]
    UnknownDay { entry: String, day: String },
    #[error(
        "The days in \"{entry}\" run backwards; the week starts on Monday, so write ranges like Tue-Fri or Sat-Sun"
    )]
    BackwardDays { entry: String },
    #[error("\"{time}\" in \"{entry}\" is not a time; use 24-hour HH:MM such as 08:00 or 20:00")]
    BadTime { entry: String, time: String },
    #[error(
        "In \"{entry}\" the closing time must be later than the opening time (hours past midnight are not supported; use 23:59)"
    )]
    CloseNotAfterOpen { entry: String },
    #[error("{day} is given twice (again in \"{entry}\"); give each day only once")]
    DuplicateDay { entry: String, day: String },
}

/// Phone hours for each day of the week, Eastern time. A day without hours is closed.
///
/// Configured (and serialized) as one line such as
/// `Mon 08:00-22:00; Tue-Fri 08:00-20:00; Sat 09:00-19:00; Sun 12:00-17:00`, see
/// [`WeeklyHours::parse`]. `Default` is the shipped help-desk schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WeeklyHours {
    /// Indexed by `Weekday::num_days_from_monday()`.
    days: [Option<DailyHours>; 7],
}

impl WeeklyHours {
    /// Closed every day; add days with [`WeeklyHours::set`].
    pub fn closed() -> Self {
        Self { days: [None; 7] }
    }

    pub fn on(&self, day: Weekday) -> Option<DailyHours> {
        self.days[day.num_days_from_monday() as usize]
    }

    pub fn set(&mut self, day: Weekday, hours: Option<DailyHours>) {
        self.days[day.num_days_from_monday() as usize] = hours;
    }

    /// True when no day has hours (the help desk never opens).
    pub fn is_always_closed(&self) -> bool {
        self.days.iter().all(Option::is_none)
    }

    /// Parses `Mon 08:00-22:00; Tue-Fri 08:00-20:00; Sat 09:00-19:00; Sun closed`.
    ///
    /// Entries are separated by `;`. Each names one day or an ascending range of days
    /// (`Mon`..`Sun`, or full names, any case), then either `HH:MM-HH:MM` in 24-hour Eastern
    /// time or `closed`. An en dash works like `-`. Days not named are closed; naming a day
    /// twice is an error, so a typo cannot silently override another line.
    pub fn parse(text: &str) -> Result<Self, HoursParseError> {
        let mut hours = Self::closed();
        let mut named = [false; 7];
        let entries: Vec<&str> = text
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .collect();
        if entries.is_empty() {
            return Err(HoursParseError::Empty);
        }
        for entry in entries {
            let (days, daily) = parse_entry(entry)?;
            for day in days {
                let index = day.num_days_from_monday() as usize;
                if std::mem::replace(&mut named[index], true) {
                    let (entry, day) = (entry.to_owned(), day.to_string());
                    return Err(HoursParseError::DuplicateDay { entry, day });
                }
                hours.days[index] = daily;
            }
        }
        Ok(hours)
    }

    /// Consecutive days with equal hours, as (first day, last day, hours), Monday first.
    fn groups(&self) -> Vec<(Weekday, Weekday, Option<DailyHours>)> {
        let mut groups: Vec<(Weekday, Weekday, Option<DailyHours>)> = Vec::new();
        let mut day = Weekday::Mon;
        for hours in self.days {
            match groups.last_mut() {
                Some((_, last, h)) if *h == hours => *last = day,
                _ => groups.push((day, day, hours)),
            }
            day = day.succ();
        }
        groups
    }

    /// For people: "Mon 8 am–10 pm, Tue–Fri 8 am–8 pm, Sat 9 am–7 pm, Sun noon–5 pm (ET)".
    /// Consecutive days with the same hours are grouped; closed days say "closed".
    pub fn describe(&self) -> String {
        let parts: Vec<String> = self
            .groups()
            .into_iter()
            .map(|(first, last, hours)| {
                let days = if first == last {
                    first.to_string()
                } else {
                    format!("{first}–{last}")
                };
                match hours {
                    Some(h) => format!("{days} {h}"),
                    None => format!("{days} closed"),
                }
            })
            .collect();
        format!("{} (ET)", parts.join(", "))
    }
}

fn parse_entry(entry: &str) -> Result<(Vec<Weekday>, Option<DailyHours>), HoursParseError> {
    let owned = || entry.to_owned();
    // ASCII lowercasing keeps byte offsets, so an index found in `lower` is valid in `entry`.
    let lower = entry.to_ascii_lowercase();
    let split = entry
        .find(|c: char| c.is_ascii_digit())
        .or_else(|| lower.find("closed"));
    let Some(split) = split else {
        return Err(HoursParseError::MissingHours { entry: owned() });
    };
    let (days_text, hours_text) = (entry[..split].trim(), entry[split..].trim());
    if days_text.is_empty() {
        return Err(HoursParseError::MissingDays { entry: owned() });
    }
    let weekday = |text: &str| {
        let text = text.trim();
        text.parse::<Weekday>()
            .map_err(|_| HoursParseError::UnknownDay {
                entry: owned(),
                day: text.to_owned(),
            })
    };
    let (first, last) = match days_text.split_once(['-', '–']) {
        Some((a, b)) => (weekday(a)?, weekday(b)?),
        None => (weekday(days_text)?, weekday(days_text)?),
    };
    let (from, to) = (first.num_days_from_monday(), last.num_days_from_monday());
    if from > to {
        return Err(HoursParseError::BackwardDays { entry: owned() });
    }
    let days = (from..=to)
        .filter_map(|i| Weekday::try_from(i as u8).ok())
        .collect();
    if hours_text.eq_ignore_ascii_case("closed") {
        return Ok((days, None));
    }
    let Some((open, close)) = hours_text.split_once(['-', '–']) else {
        return Err(HoursParseError::MissingHours { entry: owned() });
    };
    let time = |text: &str| {
        let text = text.trim();
        parse_clock(text).ok_or_else(|| HoursParseError::BadTime {
            entry: owned(),
            time: text.to_owned(),
        })
    };
    let daily = DailyHours::new(time(open)?, time(close)?)
        .ok_or_else(|| HoursParseError::CloseNotAfterOpen { entry: owned() })?;
    Ok((days, Some(daily)))
}

/// Strict 24-hour `H:MM` or `HH:MM`.
fn parse_clock(text: &str) -> Option<NaiveTime> {
    let (h, m) = text.split_once(':')?;
    let digits = |s: &str, lens: &[usize]| {
        (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())?
    };
    NaiveTime::from_hms_opt(digits(h, &[1, 2])?, digits(m, &[2])?, 0)
}

/// The shipped help-desk hours: Mon 8 am–10 pm, Tue–Fri 8 am–8 pm, Sat 9 am–7 pm,
/// Sun noon–5 pm, Eastern time.
impl Default for WeeklyHours {
    fn default() -> Self {
        let hours = |open, close| {
            let at = |h| NaiveTime::from_hms_opt(h, 0, 0);
            at(open)
                .zip(at(close))
                .and_then(|(o, c)| DailyHours::new(o, c))
        };
        let weekday = hours(8, 20);
        Self {
            days: [
                hours(8, 22),
                weekday,
                weekday,
                weekday,
                weekday,
                hours(9, 19),
                hours(12, 17),
            ],
        }
    }
}

/// The configuration form, which [`WeeklyHours::parse`] reads back unchanged:
/// "Mon 08:00-22:00; Tue-Fri 08:00-20:00; Sat 09:00-19:00; Sun 12:00-17:00".
impl fmt::Display for WeeklyHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (first, last, hours)) in self.groups().into_iter().enumerate() {
            let sep = if i == 0 { "" } else { "; " };
            let days = if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            };
            match hours {
                Some(h) => write!(
                    f,
                    "{sep}{days} {}-{}",
                    h.open.format("%H:%M"),
                    h.close.format("%H:%M")
                )?,
                None => write!(f, "{sep}{days} closed")?,
            }
        }
        Ok(())
    }
}

impl TryFrom<String> for WeeklyHours {
    type Error = HoursParseError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<WeeklyHours> for String {
    fn from(hours: WeeklyHours) -> Self {
        hours.to_string()
    }
}
