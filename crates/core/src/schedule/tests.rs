//! Tests of the help-desk phone schedule and the review calendar. Expected instants are
//! written in UTC by hand (EST = UTC-5, EDT = UTC-4), so they do not depend on the code's
//! own time-zone conversion.

use super::*;
use chrono::Weekday;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test dates are valid")
}

fn time(h: u32, min: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, min, 0).expect("test times are valid")
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    date(y, m, d).and_time(time(h, min)).and_utc()
}

fn second() -> TimeDelta {
    TimeDelta::seconds(1)
}

const SHIPPED_CONFIG: &str =
    "Mon 08:00-22:00; Tue-Fri 08:00-20:00; Sat 09:00-19:00; Sun 12:00-17:00";

// ---------------------------------------------------------------- Eastern time and DST

#[test]
fn us_dst_changes_in_2026_are_march_8_and_november_1() {
    let offset = |at: DateTime<Utc>| at.with_timezone(&EASTERN).offset().fix().local_minus_utc();
    let cases = [
        (
            utc(2026, 3, 8, 6, 59),
            -5 * 3600,
            "01:59 EST, the last minute before spring forward",
        ),
        (
            utc(2026, 3, 8, 7, 0),
            -4 * 3600,
            "02:00 EST becomes 03:00 EDT on 2026-03-08",
        ),
        (
            utc(2026, 11, 1, 5, 59),
            -4 * 3600,
            "01:59 EDT, the last minute before fall back",
        ),
        (
            utc(2026, 11, 1, 6, 0),
            -5 * 3600,
            "02:00 EDT becomes 01:00 EST on 2026-11-01",
        ),
    ];
    for (at, expected, why) in cases {
        assert_eq!(offset(at), expected, "{why}");
    }
}

#[test]
fn a_wall_time_skipped_by_spring_forward_moves_forward_by_the_gap() {
    assert_eq!(
        eastern_instant(date(2026, 3, 8), time(2, 30)),
        utc(2026, 3, 8, 7, 30),
        "02:30 does not exist on 2026-03-08; it is read as 03:30 EDT"
    );
}

#[test]
fn a_wall_time_repeated_by_fall_back_is_its_earlier_instant() {
    assert_eq!(
        eastern_instant(date(2026, 11, 1), time(1, 30)),
        utc(2026, 11, 1, 5, 30),
        "01:30 happens twice on 2026-11-01; the first one (EDT) is used"
    );
}

// ---------------------------------------------------------------- weekly hours and parser

#[test]
fn shipped_hours_are_the_help_center_hours() {
    let hours = WeeklyHours::default();
    assert_eq!(
        hours.describe(),
        "Mon 8 am–10 pm, Tue–Fri 8 am–8 pm, Sat 9 am–7 pm, Sun noon–5 pm (ET)",
        "the shipped defaults are the published help-desk hours"
    );
    assert_eq!(
        hours.to_string(),
        SHIPPED_CONFIG,
        "the config form groups Tue-Fri"
    );
    assert_eq!(
        WeeklyHours::parse(SHIPPED_CONFIG),
        Ok(hours),
        "the documented config parses to the defaults"
    );
}

#[test]
fn description_groups_equal_consecutive_days_and_names_closed_days() {
    let cases = [
        (
            "Mon-Fri 08:30-17:45; Sat-Sun closed",
            "Mon–Fri 8:30 am–5:45 pm, Sat–Sun closed (ET)",
        ),
        ("Mon 00:00-12:00", "Mon midnight–noon, Tue–Sun closed (ET)"),
        (
            "Mon 09:00-17:00; Wed 09:00-17:00",
            "Mon 9 am–5 pm, Tue closed, Wed 9 am–5 pm, Thu–Sun closed (ET)",
        ),
        (
            "Sun 12:30-23:59",
            "Mon–Sat closed, Sun 12:30 pm–11:59 pm (ET)",
        ),
    ];
    for (config, described) in cases {
        let hours = WeeklyHours::parse(config).expect("case configs are valid");
        assert_eq!(hours.describe(), described, "description of {config:?}");
    }
}

#[test]
fn parser_accepts_full_names_any_case_en_dashes_and_loose_spacing() {
    let loose = "monday 08:00 - 22:00;TUE–friday 8:00–20:00 ; Sat 09:00-19:00; sunday 12:00-17:00;";
    assert_eq!(
        WeeklyHours::parse(loose),
        Ok(WeeklyHours::default()),
        "office managers type hours loosely"
    );
}

#[test]
fn parser_leaves_unnamed_days_closed() {
    let hours = WeeklyHours::parse("Tue 08:00-20:00").expect("one day is a valid schedule");
    assert_eq!(
        hours.on(Weekday::Tue),
        DailyHours::new(time(8, 0), time(20, 0))
    );
    for day in [Weekday::Mon, Weekday::Wed, Weekday::Sun] {
        assert_eq!(hours.on(day), None, "{day} was not named, so it is closed");
    }
}

#[test]
fn parser_refuses_mistakes_with_the_reason() {
    use HoursParseError as E;
    let s = |x: &str| x.to_owned();
    let cases = [
        ("", E::Empty),
        (" ; ;", E::Empty),
        (
            "08:00-20:00",
            E::MissingDays {
                entry: s("08:00-20:00"),
            },
        ),
        ("Mon", E::MissingHours { entry: s("Mon") }),
        (
            "Mon 08:00",
            E::MissingHours {
                entry: s("Mon 08:00"),
            },
        ),
        (
            "Mun 08:00-20:00",
            E::UnknownDay {
                entry: s("Mun 08:00-20:00"),
                day: s("Mun"),
            },
        ),
        (
            "Fri-Mon 08:00-20:00",
            E::BackwardDays {
                entry: s("Fri-Mon 08:00-20:00"),
            },
        ),
        (
            "Mon 25:00-26:00",
            E::BadTime {
                entry: s("Mon 25:00-26:00"),
                time: s("25:00"),
            },
        ),
        (
            "Mon 8:0-20:00",
            E::BadTime {
                entry: s("Mon 8:0-20:00"),
                time: s("8:0"),
            },
        ),
        (
            "Mon 8 am-10 pm",
            E::BadTime {
                entry: s("Mon 8 am-10 pm"),
                time: s("8 am"),
            },
        ),
        (
            "Mon 20:00-08:00",
            E::CloseNotAfterOpen {
                entry: s("Mon 20:00-08:00"),
            },
        ),
        (
            "Mon 08:00-08:00",
            E::CloseNotAfterOpen {
                entry: s("Mon 08:00-08:00"),
            },
        ),
        (
            "Mon-Fri 08:00-20:00; Fri 09:00-17:00",
            E::DuplicateDay {
                entry: s("Fri 09:00-17:00"),
                day: s("Fri"),
            },
        ),
    ];
    for (config, expected) in cases {
        assert_eq!(
            WeeklyHours::parse(config),
            Err(expected),
            "config {config:?}"
        );
    }
}

#[test]
fn parser_errors_tell_an_office_manager_what_to_write() {
    let message = |config: &str| WeeklyHours::parse(config).expect_err("invalid").to_string();
    assert_eq!(
        message("Mon 8 am-10 pm"),
        "\"8 am\" in \"Mon 8 am-10 pm\" is not a time; use 24-hour HH:MM such as 08:00 or 20:00"
    );
    assert_eq!(
        message("Mun 08:00-20:00"),
        "\"Mun\" in \"Mun 08:00-20:00\" is not a day of the week; use Mon, Tue, Wed, Thu, Fri, Sat or Sun"
    );
    assert!(
        message("").contains("Mon 08:00-22:00"),
        "an empty setting shows an example"
    );
}

// ---------------------------------------------------------------- help desk: open now

#[test]
fn open_now_follows_the_weekly_hours_in_eastern_time() {
    let desk = HelpDeskSchedule::default();
    // Week of Mon 2026-01-12, EST: ET + 5 h = UTC.
    let cases = [
        (
            utc(2026, 1, 12, 12, 59),
            false,
            "Mon 7:59 am, before opening",
        ),
        (
            utc(2026, 1, 12, 13, 0),
            true,
            "Mon 8 am, the opening minute is open",
        ),
        (
            utc(2026, 1, 13, 2, 59),
            true,
            "Mon 9:59 pm (Tue in UTC), Monday runs to 10 pm",
        ),
        (
            utc(2026, 1, 13, 3, 0),
            false,
            "Mon 10 pm, the closing time is closed",
        ),
        (utc(2026, 1, 14, 0, 59), true, "Tue 7:59 pm"),
        (
            utc(2026, 1, 14, 1, 0),
            false,
            "Tue 8 pm, Tue–Fri close at 8 pm",
        ),
        (utc(2026, 1, 16, 17, 0), true, "Fri noon"),
        (
            utc(2026, 1, 17, 13, 59),
            false,
            "Sat 8:59 am, Saturday opens at 9",
        ),
        (utc(2026, 1, 17, 14, 0), true, "Sat 9 am"),
        (
            utc(2026, 1, 18, 0, 0),
            false,
            "Sat 7 pm, Saturday closes at 7",
        ),
        (
            utc(2026, 1, 18, 16, 59),
            false,
            "Sun 11:59 am, Sunday opens at noon",
        ),
        (utc(2026, 1, 18, 17, 0), true, "Sun noon"),
        (utc(2026, 1, 18, 22, 0), false, "Sun 5 pm"),
        (utc(2026, 7, 15, 11, 59), false, "Wed 7:59 am EDT in summer"),
        (
            utc(2026, 7, 15, 12, 0),
            true,
            "Wed 8 am EDT in summer is 12:00 UTC",
        ),
    ];
    for (now, open, why) in cases {
        assert_eq!(desk.open_now(now), open, "{why} ({now})");
    }
}

#[test]
fn next_opening_is_the_first_opening_strictly_after_now() {
    let desk = HelpDeskSchedule::default();
    let cases = [
        (
            utc(2026, 1, 11, 23, 0),
            utc(2026, 1, 12, 13, 0),
            "Sun 6 pm → Mon 8 am",
        ),
        (
            utc(2026, 1, 12, 12, 0),
            utc(2026, 1, 12, 13, 0),
            "Mon 7 am → Mon 8 am, same day",
        ),
        (
            utc(2026, 1, 12, 13, 0),
            utc(2026, 1, 13, 13, 0),
            "Mon 8 am, just opened → the next period, Tue 8 am",
        ),
        (
            utc(2026, 1, 12, 17, 0),
            utc(2026, 1, 13, 13, 0),
            "Mon noon, open → Tue 8 am, after this period",
        ),
        (
            utc(2026, 1, 13, 3, 0),
            utc(2026, 1, 13, 13, 0),
            "Mon 10 pm → Tue 8 am",
        ),
        (
            utc(2026, 1, 17, 1, 30),
            utc(2026, 1, 17, 14, 0),
            "Fri 8:30 pm → Sat 9 am",
        ),
        (
            utc(2026, 1, 18, 0, 0),
            utc(2026, 1, 18, 17, 0),
            "Sat 7 pm → Sun noon",
        ),
    ];
    for (now, expected, why) in cases {
        assert_eq!(desk.next_opening(now), Some(expected), "{why}");
    }
}

#[test]
fn spring_forward_weekend_keeps_the_eastern_wall_clock_hours() {
    let desk = HelpDeskSchedule::default();
    let open_cases = [
        (utc(2026, 3, 7, 14, 0), true, "Sat 2026-03-07 9 am EST"),
        (utc(2026, 3, 8, 0, 0), false, "Sat 7 pm EST"),
        (utc(2026, 3, 8, 15, 59), false, "Sun 11:59 am EDT"),
        (
            utc(2026, 3, 8, 16, 0),
            true,
            "Sun noon EDT is 16:00 UTC, not 17:00",
        ),
        (utc(2026, 3, 8, 20, 59), true, "Sun 4:59 pm EDT"),
        (utc(2026, 3, 8, 21, 0), false, "Sun 5 pm EDT"),
        (utc(2026, 3, 9, 12, 0), true, "Mon 8 am EDT"),
    ];
    for (now, open, why) in open_cases {
        assert_eq!(desk.open_now(now), open, "{why}");
    }
    let next_cases = [
        (
            utc(2026, 3, 8, 0, 0),
            utc(2026, 3, 8, 16, 0),
            "Sat 7 pm EST → Sun noon EDT",
        ),
        (
            utc(2026, 3, 8, 7, 30),
            utc(2026, 3, 8, 16, 0),
            "Sun 3:30 am EDT, after the change → noon EDT",
        ),
        (
            utc(2026, 3, 8, 21, 0),
            utc(2026, 3, 9, 12, 0),
            "Sun 5 pm EDT → Mon 8 am EDT",
        ),
    ];
    for (now, expected, why) in next_cases {
        assert_eq!(desk.next_opening(now), Some(expected), "{why}");
    }
}

#[test]
fn fall_back_weekend_keeps_the_eastern_wall_clock_hours() {
    let desk = HelpDeskSchedule::default();
    let open_cases = [
        (utc(2026, 10, 31, 13, 0), true, "Sat 2026-10-31 9 am EDT"),
        (utc(2026, 10, 31, 23, 0), false, "Sat 7 pm EDT"),
        (utc(2026, 11, 1, 16, 59), false, "Sun 11:59 am EST"),
        (
            utc(2026, 11, 1, 17, 0),
            true,
            "Sun noon EST is 17:00 UTC, not 16:00",
        ),
        (utc(2026, 11, 1, 21, 59), true, "Sun 4:59 pm EST"),
        (utc(2026, 11, 1, 22, 0), false, "Sun 5 pm EST"),
        (utc(2026, 11, 2, 13, 0), true, "Mon 8 am EST"),
    ];
    for (now, open, why) in open_cases {
        assert_eq!(desk.open_now(now), open, "{why}");
    }
    let next_cases = [
        (
            utc(2026, 11, 1, 5, 30),
            utc(2026, 11, 1, 17, 0),
            "the first 1:30 am (EDT) → noon EST",
        ),
        (
            utc(2026, 11, 1, 6, 30),
            utc(2026, 11, 1, 17, 0),
            "the second 1:30 am (EST) → noon EST",
        ),
        (
            utc(2026, 11, 1, 22, 0),
            utc(2026, 11, 2, 13, 0),
            "Sun 5 pm EST → Mon 8 am EST",
        ),
    ];
    for (now, expected, why) in next_cases {
        assert_eq!(desk.next_opening(now), Some(expected), "{why}");
    }
}

#[test]
fn a_holiday_closes_the_help_desk_all_day() {
    let christmas = date(2026, 12, 25);
    let desk = HelpDeskSchedule::new(WeeklyHours::default(), [christmas]);
    assert_eq!(desk.hours_on(christmas), None, "no hours on a holiday");
    assert!(
        !desk.open_now(utc(2026, 12, 25, 17, 0)),
        "Fri noon on a holiday is closed"
    );
    assert_eq!(
        desk.next_opening(utc(2026, 12, 25, 2, 0)),
        Some(utc(2026, 12, 26, 14, 0)),
        "after Thu 9 pm the next opening skips the Friday holiday to Sat 9 am"
    );
}

#[test]
fn hours_on_gives_the_hours_of_that_eastern_date() {
    let desk = HelpDeskSchedule::default();
    let label = |d| desk.hours_on(d).map(|h| h.to_string());
    assert_eq!(
        label(date(2026, 1, 12)).as_deref(),
        Some("8 am–10 pm"),
        "a Monday"
    );
    assert_eq!(
        label(date(2026, 1, 14)).as_deref(),
        Some("8 am–8 pm"),
        "a Wednesday"
    );
    assert_eq!(
        label(date(2026, 1, 18)).as_deref(),
        Some("noon–5 pm"),
        "a Sunday"
    );
}

#[test]
fn status_says_until_when_it_is_open_or_when_it_opens() {
    let desk = HelpDeskSchedule::default();
    let now = utc(2026, 1, 13, 15, 0); // Tue 10 am EST
    assert_eq!(
        desk.status(now),
        HelpDeskStatus::Open {
            closes_at: utc(2026, 1, 14, 1, 0)
        }
    );
    let long_break = HelpDeskSchedule::new(
        WeeklyHours::default(),
        date(2026, 1, 12).iter_days().take(14), // closed Mon 1/12 to Sun 1/25
    );
    let weekend_off = HelpDeskSchedule::new(
        WeeklyHours::default(),
        [date(2026, 1, 17), date(2026, 1, 18)],
    );
    let cases = [
        (&desk, utc(2026, 1, 13, 15, 0), "open now until 8 pm ET"),
        (
            &desk,
            utc(2026, 1, 12, 12, 0),
            "closed; opens today at 8 am ET",
        ),
        (
            &desk,
            utc(2026, 1, 18, 1, 0),
            "closed; opens tomorrow at noon ET",
        ),
        (
            &weekend_off,
            utc(2026, 1, 17, 2, 0),
            "closed; opens Monday at 8 am ET",
        ),
        (
            &long_break,
            utc(2026, 1, 11, 23, 0),
            "closed; opens Monday, January 26 at 8 am ET",
        ),
    ];
    for (schedule, now, text) in cases {
        let status = schedule.status(now);
        assert_eq!(
            status.is_open(),
            schedule.open_now(now),
            "status agrees with open_now"
        );
        assert_eq!(status.describe(now), text, "message at {now}");
    }
}

#[test]
fn a_schedule_without_hours_never_opens() {
    let desk = HelpDeskSchedule::new(WeeklyHours::closed(), []);
    let now = utc(2026, 1, 12, 15, 0);
    assert_eq!(desk.next_opening(now), None, "no hours, no opening");
    let status = desk.status(now);
    assert_eq!(status, HelpDeskStatus::Closed { next_opening: None });
    assert_eq!(status.describe(now), "closed; no phone hours are set");
}

#[test]
fn schedule_config_is_json_with_hours_as_the_config_line() {
    let desk = HelpDeskSchedule::new(WeeklyHours::default(), [date(2026, 12, 25)]);
    let json = serde_json::to_value(&desk).expect("serializes");
    assert_eq!(
        json["hours"], SHIPPED_CONFIG,
        "hours are stored in the form people edit"
    );
    let back: HelpDeskSchedule = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, desk, "round trip");
    let empty: HelpDeskSchedule = serde_json::from_str("{}").expect("all fields default");
    assert_eq!(
        empty,
        HelpDeskSchedule::default(),
        "missing fields take the shipped defaults"
    );
    let bad = serde_json::from_str::<HelpDeskSchedule>(r#"{"hours": "Mon 8am-5pm"}"#)
        .expect_err("invalid hours are refused when configuration loads");
    assert!(
        bad.to_string().contains("is not a time"),
        "the parser's message reaches the operator: {bad}"
    );
}

#[test]
fn status_serializes_with_a_state_tag() {
    let open = HelpDeskStatus::Open {
        closes_at: utc(2026, 1, 14, 1, 0),
    };
    let json = serde_json::to_value(open).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!({"state": "open", "closes_at": "2026-01-14T01:00:00Z"})
    );
}

// ---------------------------------------------------------------- review calendar

#[test]
fn review_due_is_close_of_business_on_the_next_business_day() {
    let plain = ReviewCalendar::default();
    let july_4th = ReviewCalendar::new([date(2026, 7, 3)]); // Friday, Independence Day observed
    let mlk = ReviewCalendar::new([date(2026, 1, 19)]);
    let labor_day = ReviewCalendar::new([date(2026, 9, 7)]);
    let cases = [
        (
            &plain,
            utc(2026, 1, 13, 15, 0),
            utc(2026, 1, 14, 22, 0),
            "Tue 10 am → Wed 5 pm EST",
        ),
        (
            &plain,
            utc(2026, 1, 13, 5, 0),
            utc(2026, 1, 14, 22, 0),
            "Tue 00:00 → Wed 5 pm, time of day does not matter",
        ),
        (
            &plain,
            utc(2026, 1, 14, 4, 59),
            utc(2026, 1, 14, 22, 0),
            "Tue 11:59 pm (Wed in UTC) → Wed 5 pm, the ET day counts",
        ),
        (
            &plain,
            utc(2026, 1, 16, 3, 0),
            utc(2026, 1, 16, 22, 0),
            "Thu 10 pm ET (Fri in UTC) → Fri 5 pm, not Monday",
        ),
        (
            &plain,
            utc(2026, 1, 17, 0, 0),
            utc(2026, 1, 19, 22, 0),
            "Fri 7 pm → Mon 5 pm",
        ),
        (
            &plain,
            utc(2026, 1, 17, 15, 0),
            utc(2026, 1, 19, 22, 0),
            "Sat → Mon 5 pm",
        ),
        (
            &plain,
            utc(2026, 1, 18, 15, 0),
            utc(2026, 1, 19, 22, 0),
            "Sun → Mon 5 pm",
        ),
        (
            &mlk,
            utc(2026, 1, 17, 15, 0),
            utc(2026, 1, 20, 22, 0),
            "Sat before a Monday holiday → Tue",
        ),
        (
            &july_4th,
            utc(2026, 7, 2, 14, 0),
            utc(2026, 7, 6, 21, 0),
            "Thu before a Fri holiday → Mon 5 pm EDT",
        ),
        (
            &labor_day,
            utc(2026, 9, 7, 14, 0),
            utc(2026, 9, 8, 21, 0),
            "submitted on a holiday → next day",
        ),
        (
            &plain,
            utc(2026, 3, 6, 20, 0),
            utc(2026, 3, 9, 21, 0),
            "Fri 3 pm EST → Mon 5 pm EDT across spring forward",
        ),
        (
            &plain,
            utc(2026, 3, 7, 15, 0),
            utc(2026, 3, 9, 21, 0),
            "Sat 2026-03-07 → Mon 5 pm EDT = 21:00 UTC",
        ),
        (
            &plain,
            utc(2026, 10, 30, 22, 0),
            utc(2026, 11, 2, 22, 0),
            "Fri 2026-10-30 → Mon 5 pm EST = 22:00 UTC",
        ),
        (
            &plain,
            utc(2026, 10, 31, 15, 0),
            utc(2026, 11, 2, 22, 0),
            "Sat before fall back → Mon 5 pm EST",
        ),
    ];
    for (calendar, submitted, due, why) in cases {
        assert_eq!(calendar.due(submitted), due, "{why}");
    }
}

#[test]
fn friday_evening_submission_is_due_monday_close_of_business() {
    let due = ReviewCalendar::default().due(utc(2026, 1, 17, 0, 30)); // Fri 7:30 pm EST
    assert_eq!(
        due,
        utc(2026, 1, 19, 22, 0),
        "the weekend is not business days"
    );
}

#[test]
fn close_of_business_is_configurable() {
    let calendar = ReviewCalendar::default().with_close_of_business(time(18, 30));
    assert_eq!(
        calendar.due(utc(2026, 1, 13, 15, 0)),
        utc(2026, 1, 14, 23, 30),
        "Tue → Wed 6:30 pm EST"
    );
}

#[test]
fn overdue_only_strictly_after_the_due_time() {
    let due = utc(2026, 1, 14, 22, 0);
    assert!(
        !ReviewCalendar::is_overdue(due, due - second()),
        "before due"
    );
    assert!(
        !ReviewCalendar::is_overdue(due, due),
        "exactly at close of business is still on time"
    );
    assert!(
        ReviewCalendar::is_overdue(due, due + second()),
        "one second later is overdue"
    );
}

#[test]
fn business_days_are_weekdays_that_are_not_holidays() {
    let calendar = ReviewCalendar::new([date(2026, 12, 25)]);
    let cases = [
        (date(2026, 12, 21), true, "Monday"),
        (date(2026, 12, 25), false, "Friday holiday"),
        (date(2026, 12, 26), false, "Saturday"),
        (date(2026, 12, 27), false, "Sunday"),
    ];
    for (day, business, why) in cases {
        assert_eq!(calendar.is_business_day(day), business, "{why}");
    }
    assert_eq!(
        calendar.next_business_day_after(date(2026, 12, 24)),
        date(2026, 12, 28),
        "Thu → Mon"
    );
}

#[test]
fn review_calendar_config_defaults_to_five_pm_without_holidays() {
    let calendar: ReviewCalendar =
        serde_json::from_str(r#"{"holidays": ["2026-12-25"]}"#).expect("deserializes");
    assert_eq!(
        calendar,
        ReviewCalendar::new([date(2026, 12, 25)]),
        "close of business defaults to 17:00"
    );
    assert_eq!(calendar.close_of_business, time(17, 0));
}

// ---------------------------------------------------------------- properties

const DST_DAYS: [(i32, u32, u32); 6] = [
    (2025, 3, 9),
    (2025, 11, 2),
    (2026, 3, 8),
    (2026, 11, 1),
    (2027, 3, 14),
    (2027, 11, 7),
];

/// Instants from 2025 to 2027, half of them within two days of a DST change.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let start = utc(2025, 1, 1, 0, 0).timestamp();
    let spread = (start..start + 3 * 365 * 86_400).prop_map(|s| DateTime::from_timestamp(s, 0));
    let near_dst = (0..DST_DAYS.len(), -2 * 86_400..2 * 86_400i64).prop_map(|(i, s)| {
        let (y, m, d) = DST_DAYS[i];
        Some(utc(y, m, d, 6, 0) + TimeDelta::seconds(s))
    });
    prop_oneof![spread, near_dst].prop_map(|at| at.expect("instants are in range"))
}

fn holidays() -> impl Strategy<Value = BTreeSet<NaiveDate>> {
    prop::collection::btree_set(0u64..3 * 366, 0..60).prop_map(|days| {
        days.into_iter()
            .map(|d| date(2025, 1, 1) + chrono::Days::new(d))
            .collect()
    })
}

/// Any weekly hours, with times on the half hour so DST edge times come up often.
fn weekly_hours() -> impl Strategy<Value = WeeklyHours> {
    let half_hour = (0u32..48).prop_map(|h| time(h / 2, h % 2 * 30));
    let day = prop::option::of((half_hour.clone(), half_hour))
        .prop_map(|pair| pair.and_then(|(a, b)| DailyHours::new(a.min(b), a.max(b))));
    prop::array::uniform7(day).prop_map(|days| {
        let mut hours = WeeklyHours::closed();
        for (i, daily) in days.into_iter().enumerate() {
            let weekday = Weekday::try_from(i as u8).expect("seven days");
            hours.set(weekday, daily);
        }
        hours
    })
}

proptest! {
    #[test]
    fn due_is_close_of_business_on_the_first_business_day_after_submission(
        submitted in instant(),
        holidays in holidays(),
    ) {
        let calendar = ReviewCalendar { holidays, ..ReviewCalendar::default() };
        let due = calendar.due(submitted);
        prop_assert!(due > submitted, "a request is never due before it was submitted");
        let local = due.with_timezone(&EASTERN);
        prop_assert_eq!(local.time(), time(17, 0), "due at 5 pm Eastern, EST or EDT");
        prop_assert!(calendar.is_business_day(local.date_naive()), "due on a weekday that is not a holiday");
        let submitted_day = eastern_date(submitted);
        prop_assert!(local.date_naive() > submitted_day, "due on a later day than submitted");
        for between in submitted_day.iter_days().skip(1).take_while(|d| *d < local.date_naive()) {
            prop_assert!(!calendar.is_business_day(between), "no business day is skipped: {}", between);
        }
    }

    #[test]
    fn without_holidays_due_is_17_hours_to_4_days_after_submission(submitted in instant()) {
        let wait = ReviewCalendar::default().due(submitted) - submitted;
        prop_assert!(wait >= TimeDelta::hours(17), "at least until 5 pm of the next day: {}", wait);
        prop_assert!(wait < TimeDelta::days(4), "Friday 00:00 to Monday 17:00 is the longest: {}", wait);
    }

    #[test]
    fn next_opening_is_after_now_and_the_desk_is_open_then(
        hours in weekly_hours(),
        holidays in holidays(),
        now in instant(),
        fraction in 0.0..1.0f64,
    ) {
        let desk = HelpDeskSchedule { hours, holidays };
        let Some(next) = desk.next_opening(now) else {
            prop_assert!(desk.hours.is_always_closed(), "only a schedule without hours never opens");
            return Ok(());
        };
        prop_assert!(next > now, "the next opening is strictly after now");
        prop_assert!(desk.open_now(next), "open at the moment it opens ({})", next);
        prop_assert!(!desk.open_now(next - second()), "closed just before an opening ({})", next);
        if !desk.open_now(now) {
            let gap = (next - now).num_seconds() as f64;
            let between = now + TimeDelta::seconds((gap * fraction) as i64);
            prop_assert!(!desk.open_now(between), "no opening was skipped ({} before {})", between, next);
        }
    }

    #[test]
    fn status_agrees_with_open_now_and_names_the_closing_instant(
        hours in weekly_hours(),
        now in instant(),
    ) {
        let desk = HelpDeskSchedule { hours, holidays: BTreeSet::new() };
        match desk.status(now) {
            HelpDeskStatus::Open { closes_at } => {
                prop_assert!(desk.open_now(now), "status says open only when open");
                prop_assert!(closes_at > now, "it closes after now");
                prop_assert!(desk.open_now(closes_at - second()), "open until the closing instant");
                prop_assert!(!desk.open_now(closes_at), "closed at the closing instant");
            }
            HelpDeskStatus::Closed { next_opening } => {
                prop_assert!(!desk.open_now(now), "status says closed only when closed");
                prop_assert_eq!(next_opening, desk.next_opening(now), "closed status names the next opening");
            }
        }
    }

    #[test]
    fn hours_config_line_round_trips_through_the_parser(hours in weekly_hours()) {
        prop_assert_eq!(WeeklyHours::parse(&hours.to_string()), Ok(hours.clone()), "config {}", hours);
        let json = serde_json::to_string(&hours).expect("serializes");
        prop_assert_eq!(serde_json::from_str::<WeeklyHours>(&json).ok(), Some(hours), "JSON {}", json);
    }

    #[test]
    fn hours_parser_never_panics_on_any_text(text in any::<String>()) {
        let _ = WeeklyHours::parse(&text);
    }

    #[test]
    fn hours_parser_never_panics_on_near_misses(
        text in "((Mon|tue|FRIDAY|Sun|[A-Za-zİß]{0,4})[ –-]{0,2}(Sat|[a-z]{0,3})? ?([0-9:]{0,6}|closed|ClOsEd)[ –-]{0,2}[0-9:]{0,6}[; ]{0,2}){0,5}",
    ) {
        let _ = WeeklyHours::parse(&text);
    }
}
