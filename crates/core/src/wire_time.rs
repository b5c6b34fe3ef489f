//! Times on the wire, written and read quickly: `#[serde(with = "dealer_core::wire_time")]`
//! on a `DateTime<Utc>` field, `with = "dealer_core::wire_time::option"` on an
//! `Option<DateTime<Utc>>` one (with `#[serde(default)]`, so an absent field is `None` as
//! before).
//!
//! The text is exactly chrono's own (`2026-12-05T15:47:41.123Z`: RFC 3339 in UTC with `Z`
//! and as many fraction digits as the time needs, 0, 3, 6 or 9), and every text chrono reads
//! is still read. What changes is the cost: chrono writes a time through `fmt` a piece at a
//! time, which serde_json escapes piece by piece, and reads it with its general RFC 3339
//! parser; a list of a hundred users carries two hundred of them each way (issue 18's
//! profile of the manager's user list: a fifth of the portal's and the client's work per
//! request was these times). Here the usual form is written into a stack buffer in one go
//! and read by position; anything else (years outside 0–9999, a leap second, another
//! offset, a lower-case `t`) goes through chrono as before.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Deserializer, Serializer, de};

/// The longest text of the fast path: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`.
const LONGEST: usize = 30;

/// `at` as chrono writes it: RFC 3339, `Z`, 0/3/6/9 fraction digits as needed.
pub fn format(at: &DateTime<Utc>) -> String {
    let mut buf = [0u8; LONGEST];
    match write(at, &mut buf) {
        Some(len) => String::from_utf8_lossy(&buf[..len]).into_owned(),
        None => at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    }
}

/// Write the usual form of `at` into `buf`; `None` for what the fast path leaves to chrono.
fn write(at: &DateTime<Utc>, buf: &mut [u8; LONGEST]) -> Option<usize> {
    let year = u32::try_from(at.year()).ok().filter(|y| *y <= 9999)?;
    let nanos = at.nanosecond();
    if nanos >= 1_000_000_000 {
        // A leap second: chrono writes it as second 60.
        return None;
    }
    fn digits(out: &mut [u8], mut value: u32) {
        for slot in out.iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    digits(&mut buf[0..4], year);
    buf[4] = b'-';
    digits(&mut buf[5..7], at.month());
    buf[7] = b'-';
    digits(&mut buf[8..10], at.day());
    buf[10] = b'T';
    digits(&mut buf[11..13], at.hour());
    buf[13] = b':';
    digits(&mut buf[14..16], at.minute());
    buf[16] = b':';
    digits(&mut buf[17..19], at.second());
    let mut len = 19;
    let (value, width) = if nanos == 0 {
        (0, 0)
    } else if nanos.is_multiple_of(1_000_000) {
        (nanos / 1_000_000, 3)
    } else if nanos.is_multiple_of(1_000) {
        (nanos / 1_000, 6)
    } else {
        (nanos, 9)
    };
    if width > 0 {
        buf[len] = b'.';
        digits(&mut buf[len + 1..len + 1 + width], value);
        len += 1 + width;
    }
    buf[len] = b'Z';
    Some(len + 1)
}

/// Read `text` as chrono reads a `DateTime<Utc>`: the usual form by position, anything
/// else by chrono's RFC 3339 parser (any offset, converted to UTC).
pub fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match parse_usual(text.as_bytes()) {
        Some(at) => Ok(at),
        None => text
            .parse::<DateTime<FixedOffset>>()
            .map(|at| at.with_timezone(&Utc)),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z`, each field in range; `None` for
/// anything else, which chrono then reads (or refuses).
fn parse_usual(b: &[u8]) -> Option<DateTime<Utc>> {
    fn number(b: &[u8]) -> Option<u32> {
        b.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    }
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return None;
    }
    let punctuation = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if punctuation.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', fraction @ ..] if matches!(fraction.len(), 3 | 6 | 9) => {
            number(fraction)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(&b[0..4])?).ok()?,
        number(&b[5..7])?,
        number(&b[8..10])?,
    )?;
    let (hour, minute, second) = (
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
    );
    if second > 59 {
        // A leap second is chrono's to read.
        return None;
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    Some(date.and_time(time).and_utc())
}

pub fn serialize<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; LONGEST];
    match write(at, &mut buf) {
        // ASCII digits and punctuation only.
        Some(len) => serializer.serialize_str(std::str::from_utf8(&buf[..len]).unwrap_or("")),
        None => serializer.serialize_str(&at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    struct Visitor;
    impl de::Visitor<'_> for Visitor {
        type Value = DateTime<Utc>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an RFC 3339 date and time")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            parse(text).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(Visitor)
}

/// The same for `Option<DateTime<Utc>>` (`null` is `None`); pair it with `#[serde(default)]`.
pub mod option {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    struct Wire(DateTime<Utc>);

    impl Serialize for Wire {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            super::serialize(&self.0, serializer)
        }
    }

    impl<'de> Deserialize<'de> for Wire {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize(deserializer).map(Wire)
        }
    }

    pub fn serialize<S: Serializer>(
        at: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => serializer.serialize_some(&Wire(*at)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        Ok(Option::<Wire>::deserialize(deserializer)?.map(|wire| wire.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn chrono_json(at: &DateTime<Utc>) -> String {
        serde_json::to_string(at).unwrap()
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Fields {
        #[serde(with = "super")]
        at: DateTime<Utc>,
        #[serde(default, with = "super::option")]
        maybe: Option<DateTime<Utc>>,
    }

    proptest! {
        /// Any time from year 0 to 9999, to the nanosecond: the same text as chrono writes,
        /// and read back to the same instant by both this and chrono.
        #[test]
        fn the_text_is_chronos_and_reads_back(
            secs in -62_167_219_200i64..253_402_300_800,
            nanos in prop_oneof![Just(0u32), (0u32..1000).prop_map(|m| m * 1_000_000),
                                 (0u32..1_000_000).prop_map(|u| u * 1000), 0u32..1_000_000_000],
        ) {
            let at = Utc.timestamp_opt(secs, nanos).single().unwrap();
            let ours = serde_json::to_string(&Fields { at, maybe: Some(at) }).unwrap();
            let theirs = format!(r#"{{"at":{0},"maybe":{0}}}"#, chrono_json(&at));
            prop_assert_eq!(&ours, &theirs, "the wire text must not change for any client");
            let back: Fields = serde_json::from_str(&ours).unwrap();
            prop_assert_eq!(back.at, at);
            let text = chrono_json(&at);
            let text = text.trim_matches('"');
            prop_assert_eq!(format(&at), text);
            let chrono_back: DateTime<Utc> = serde_json::from_str(&chrono_json(&at)).unwrap();
            prop_assert_eq!(parse(text).unwrap(), chrono_back);
        }

        /// Whatever text it is given, this reads what chrono reads and refuses what chrono
        /// refuses, to the same instant.
        #[test]
        fn it_reads_exactly_what_chrono_reads(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,10})?(Z|z|[+-][0-9]{2}:[0-9]{2})") {
            let theirs = text.parse::<DateTime<FixedOffset>>().map(|at| at.with_timezone(&Utc));
            prop_assert_eq!(parse(&text).ok(), theirs.ok(), "text {}", text);
        }
    }

    #[test]
    fn times_outside_the_usual_form_are_chronos_to_write_and_read() {
        let far = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
        let early = Utc.with_ymd_and_hms(-1, 12, 31, 23, 59, 59).unwrap();
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap()
            .and_utc();
        for at in [far, early, leap] {
            let ours = serde_json::to_string(&Fields { at, maybe: None }).unwrap();
            assert_eq!(
                ours,
                format!(r#"{{"at":{},"maybe":null}}"#, chrono_json(&at))
            );
            let back: Fields = serde_json::from_str(&ours).unwrap();
            assert_eq!(back.at, at, "{ours} reads back");
        }
        // Another offset is converted to UTC, as chrono does.
        let back: Fields = serde_json::from_str(r#"{"at":"2026-12-05T10:00:00-05:00"}"#).unwrap();
        assert_eq!(
            back.at,
            Utc.with_ymd_and_hms(2026, 12, 5, 15, 0, 0).unwrap()
        );
        assert_eq!(
            back.maybe, None,
            "an absent optional time is None, as before"
        );
    }

    #[test]
    fn nonsense_is_refused_with_what_was_expected() {
        for bad in [
            r#"{"at":"2026-13-05T10:00:00Z"}"#,
            r#"{"at":"2026-02-30T10:00:00Z"}"#,
            r#"{"at":"2026-12-05T24:00:00Z"}"#,
            r#"{"at":"yesterday"}"#,
            r#"{"at":""}"#,
            r#"{"at":12}"#,
            r#"{"at":null}"#,
        ] {
            let refused = serde_json::from_str::<Fields>(bad);
            assert!(refused.is_err(), "{bad} is not a time");
        }
        let chrono_too =
            serde_json::from_str::<DateTime<Utc>>(r#""2026-12-05T10:00:00.12Z""#).is_ok();
        let ours = serde_json::from_str::<Fields>(r#"{"at":"2026-12-05T10:00:00.12Z"}"#).is_ok();
        assert_eq!(
            ours, chrono_too,
            "two fraction digits: chrono's answer is ours"
        );
    }
}
