//! Identifiers and form values that can only be built valid.
//!
//! Each type has one `parse` constructor; there is no other way to make one, so a value that
//! reached the portal or the app is known to be valid. Every error message is written for an
//! office manager filling in a form: it says what is wrong and gives an example of right.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// Why a form value was refused. The message is meant to be shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    #[error("PDN must be exactly five digits, for example 01234")]
    Pdn,
    #[error(
        "User ID must be 3 to 32 characters using only letters a-z, digits 0-9, dot, underscore or hyphen, for example jsmith or j.smith-2"
    )]
    UserId,
    #[error("Email address must look like name@dealership.com")]
    Email,
    #[error(
        "Business phone must be a 10-digit North American number such as (555) 123-4567, or an international number starting with +"
    )]
    Phone,
    #[error("{field} is required")]
    Empty { field: &'static str },
    #[error("{field} must be at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{field} cannot contain control characters such as tabs or line breaks")]
    ControlCharacter { field: &'static str },
    #[error("Role must be one of: {}, or \"other\" with a description", Role::FIXED.iter().map(|r| r.label()).collect::<Vec<_>>().join(", "))]
    Role,
}

/// Implements `Display`, `as_str` and string serde for a newtype whose only field is a
/// `String` that was validated by its `parse`.
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                $name::parse(&raw).map_err(serde::de::Error::custom)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                $name::parse(s)
            }
        }
    };
}

/// Primary Dealer Number: exactly five ASCII digits, leading zeros kept ("01234").
///
/// It is an identifier, not a number: it is never parsed into an integer, so "01234" and
/// "1234" can never be confused. Surrounding spaces are refused rather than trimmed, because
/// a PDN is typed once and then travels as a key.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pdn(String);

impl Pdn {
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        if raw.len() == 5 && raw.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Pdn(raw.to_owned()))
        } else {
            Err(IdError::Pdn)
        }
    }
}

impl fmt::Debug for Pdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pdn({})", self.0)
    }
}

string_newtype!(Pdn);

/// A portal user ID: unique across the portal, compared case-insensitively.
///
/// Stored in its canonical lower-case form, so "JSmith" and "jsmith" are the same ID
/// everywhere (equality, hashing, the database's unique index). Only ASCII letters are
/// accepted, so lower-casing is exact and no Unicode look-alike can shadow another ID.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(String);

impl UserId {
    pub const MIN_LEN: usize = 3;
    pub const MAX_LEN: usize = 32;

    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let ok_len = (Self::MIN_LEN..=Self::MAX_LEN).contains(&raw.len());
        let ok_chars = raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if ok_len && ok_chars {
            Ok(UserId(raw.to_ascii_lowercase()))
        } else {
            Err(IdError::UserId)
        }
    }
}

impl fmt::Debug for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserId({})", self.0)
    }
}

string_newtype!(UserId);

/// An email address, checked for shape only (one `@`, a dotted domain, no spaces); the
/// confirmation email is what proves it works. The domain is lower-cased, the local part
/// kept as typed (it may be case sensitive on the receiving server).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let raw = raw.trim();
        if raw.len() > Self::MAX_LEN {
            return Err(IdError::TooLong {
                field: "Email address",
                max: Self::MAX_LEN,
            });
        }
        let (local, domain) = raw.rsplit_once('@').ok_or(IdError::Email)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local.chars().all(|c| {
                c.is_ascii_graphic()
                    && !matches!(
                        c,
                        '@' | '<' | '>' | '(' | ')' | ',' | ';' | ':' | '"' | '[' | ']' | '\\'
                    )
            })
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
        if local_ok && domain_ok {
            Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
        } else {
            Err(IdError::Email)
        }
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.0)
    }
}

string_newtype!(Email);

/// A business phone number, normalized to E.164 (`+15551234567`).
///
/// North American numbers are accepted in any common punctuation ("(555) 123-4567",
/// "555.123.4567", "1-555-123-4567"); international numbers must start with `+` and the
/// country code. An extension ("x123", "ext. 123") is kept separately.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BusinessPhone {
    e164: String,
    extension: Option<String>,
}

impl BusinessPhone {
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let raw = raw.trim();
        if raw.len() > 40 {
            return Err(IdError::Phone);
        }
        let lower = raw.to_ascii_lowercase();
        let (number, extension) = match ["extension", "ext.", "ext", "x", "#"]
            .iter()
            .find_map(|sep| lower.find(sep).map(|at| (at, sep.len())))
        {
            Some((at, len)) => {
                let ext = lower[at + len..].trim();
                if ext.is_empty() || ext.len() > 6 || !ext.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(IdError::Phone);
                }
                (&raw[..at], Some(ext.to_owned()))
            }
            None => (raw, None),
        };
        let international = number.trim_start().starts_with('+');
        let mut digits = String::new();
        for (i, c) in number.trim().chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => {}
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(IdError::Phone),
            }
        }
        let e164 = if international {
            // E.164: country code first digit is never 0, at most 15 digits in all.
            if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
                return Err(IdError::Phone);
            }
            if let Some(national) = digits.strip_prefix('1') {
                nanp(national)?;
            }
            format!("+{digits}")
        } else {
            let national = match digits.len() {
                10 => digits.as_str(),
                11 if digits.starts_with('1') => &digits[1..],
                _ => return Err(IdError::Phone),
            };
            nanp(national)?;
            format!("+1{national}")
        };
        Ok(BusinessPhone { e164, extension })
    }

    /// The number in E.164 form, without the extension.
    pub fn e164(&self) -> &str {
        &self.e164
    }

    pub fn extension(&self) -> Option<&str> {
        self.extension.as_deref()
    }
}

/// North American Numbering Plan: area code and exchange both start with 2-9.
fn nanp(national: &str) -> Result<(), IdError> {
    let b = national.as_bytes();
    if b.len() == 10 && b[0] >= b'2' && b[3] >= b'2' {
        Ok(())
    } else {
        Err(IdError::Phone)
    }
}

impl fmt::Display for BusinessPhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.extension {
            Some(ext) => write!(f, "{} x{ext}", self.e164),
            None => f.write_str(&self.e164),
        }
    }
}

impl fmt::Debug for BusinessPhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BusinessPhone({self})")
    }
}

impl Serialize for BusinessPhone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BusinessPhone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        BusinessPhone::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// Free text of a person or business: trimmed, inner whitespace collapsed, no control
/// characters, 1..=max characters.
fn clean_text(raw: &str, field: &'static str, max: usize) -> Result<String, IdError> {
    if raw.chars().any(char::is_control) {
        return Err(IdError::ControlCharacter { field });
    }
    let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    match cleaned.chars().count() {
        0 => Err(IdError::Empty { field }),
        n if n > max => Err(IdError::TooLong { field, max }),
        _ => Ok(cleaned),
    }
}

/// A first or last name as the person writes it (any script, accents and apostrophes kept).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_LEN: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, IdError> {
        clean_text(raw, "Name", Self::MAX_LEN).map(PersonName)
    }

    /// Parse naming the form field in the error ("First name is required").
    pub fn parse_field(raw: &str, field: &'static str) -> Result<Self, IdError> {
        clean_text(raw, field, Self::MAX_LEN).map(PersonName)
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({})", self.0)
    }
}

string_newtype!(PersonName);

/// A dealership's street address as the provider writes it (one line, any script).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PostalAddress(String);

impl PostalAddress {
    pub const MAX_LEN: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, IdError> {
        clean_text(raw, "Address", Self::MAX_LEN).map(PostalAddress)
    }
}

impl fmt::Debug for PostalAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostalAddress({})", self.0)
    }
}

string_newtype!(PostalAddress);

/// The dealership's name, shown to registrants to confirm they typed the right PDN.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DealershipName(String);

impl DealershipName {
    pub const MAX_LEN: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, IdError> {
        clean_text(raw, "Dealership name", Self::MAX_LEN).map(DealershipName)
    }
}

impl fmt::Debug for DealershipName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DealershipName({})", self.0)
    }
}

string_newtype!(DealershipName);

/// A person's job at the dealership, as written on the User ID Request form.
///
/// This is the form's "role" field, not an access role of the portal (see
/// [`crate::access::AccessRole`]): it tells the reviewer who is asking for what.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    OfficeManager,
    FinanceManager,
    SalesManager,
    Salesperson,
    Accounting,
    TitleClerk,
    Owner,
    Other(String),
}

impl Role {
    /// Every role of the fixed list, in the order a form shows them ("other" comes last).
    pub const FIXED: [Role; 7] = [
        Role::OfficeManager,
        Role::FinanceManager,
        Role::SalesManager,
        Role::Salesperson,
        Role::Accounting,
        Role::TitleClerk,
        Role::Owner,
    ];
    pub const OTHER_MAX_LEN: usize = 60;

    /// Stable machine key, as stored and sent over the wire.
    pub fn key(&self) -> &str {
        match self {
            Role::OfficeManager => "office_manager",
            Role::FinanceManager => "finance_manager",
            Role::SalesManager => "sales_manager",
            Role::Salesperson => "salesperson",
            Role::Accounting => "accounting",
            Role::TitleClerk => "title_clerk",
            Role::Owner => "owner",
            Role::Other(_) => "other",
        }
    }

    /// The label a form shows.
    pub fn label(&self) -> &str {
        match self {
            Role::OfficeManager => "Office manager",
            Role::FinanceManager => "Finance manager",
            Role::SalesManager => "Sales manager",
            Role::Salesperson => "Salesperson",
            Role::Accounting => "Accounting",
            Role::TitleClerk => "Title clerk",
            Role::Owner => "Owner / principal",
            Role::Other(text) => text,
        }
    }

    /// Parse from a key of the fixed list, or "other" with its description.
    pub fn parse(key: &str, other_text: Option<&str>) -> Result<Self, IdError> {
        if key == "other" {
            let text = clean_text(
                other_text.unwrap_or(""),
                "Role description",
                Self::OTHER_MAX_LEN,
            )?;
            return Ok(Role::Other(text));
        }
        Role::FIXED
            .iter()
            .find(|r| r.key() == key)
            .cloned()
            .ok_or(IdError::Role)
    }
}

/// Wire shape: `{"key": "salesperson"}` or `{"key": "other", "other": "Porter"}`.
#[derive(Serialize, Deserialize)]
struct RoleWire {
    key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    other: Option<String>,
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RoleWire {
            key: self.key().to_owned(),
            other: match self {
                Role::Other(text) => Some(text.clone()),
                _ => None,
            },
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = RoleWire::deserialize(d)?;
        Role::parse(&wire.key, wire.other.as_deref()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pdn_is_exactly_five_ascii_digits_with_leading_zeros_kept() {
        let pdn = Pdn::parse("01234").expect("five digits is a PDN");
        assert_eq!(pdn.as_str(), "01234", "leading zeros are part of the PDN");
        for bad in [
            "1234",
            "123456",
            " 01234",
            "01234 ",
            "0123a",
            "",
            "０１２３４",
            "٠١٢٣٤",
            "01 34",
            "+1234",
            "-1234",
        ] {
            assert_eq!(
                Pdn::parse(bad),
                Err(IdError::Pdn),
                "{bad:?} is not five ASCII digits"
            );
        }
    }

    #[test]
    fn pdn_error_tells_the_manager_what_a_pdn_looks_like() {
        assert_eq!(
            IdError::Pdn.to_string(),
            "PDN must be exactly five digits, for example 01234"
        );
    }

    #[test]
    fn user_id_is_case_insensitive_and_stored_lower_case() {
        let a = UserId::parse("JSmith").unwrap();
        let b = UserId::parse("jsmith").unwrap();
        assert_eq!(a, b, "user IDs compare case-insensitively");
        assert_eq!(a.as_str(), "jsmith", "the canonical form is lower case");
    }

    #[test]
    fn user_id_allows_only_letters_digits_dot_underscore_hyphen_3_to_32() {
        for good in ["abc", "j.smith", "j_smith-2", &"a".repeat(32), "123"] {
            assert!(UserId::parse(good).is_ok(), "{good:?} is a valid user ID");
        }
        for bad in [
            "ab",
            &"a".repeat(33),
            "j smith",
            "jsmith@x",
            "jsmíth",
            "ｊｓｍｉｔｈ",
            "",
            "j/smith",
        ] {
            assert_eq!(
                UserId::parse(bad),
                Err(IdError::UserId),
                "{bad:?} must be refused"
            );
        }
    }

    #[test]
    fn email_checks_shape_and_lower_cases_the_domain() {
        let e = Email::parse("  Pat.Lee@Lakeside-Motors.COM ").unwrap();
        assert_eq!(e.as_str(), "Pat.Lee@lakeside-motors.com");
        for bad in [
            "pat",
            "pat@",
            "@x.com",
            "pat@x",
            "pat lee@x.com",
            "pat@x..com",
            "pat@-x.com",
            "pat@x.c0m",
            ".pat@x.com",
        ] {
            assert!(
                Email::parse(bad).is_err(),
                "{bad:?} is not an email address"
            );
        }
    }

    #[test]
    fn business_phone_normalizes_north_american_numbers_to_e164() {
        for raw in [
            "(555) 234-5678",
            "555.234.5678",
            "5552345678",
            "1-555-234-5678",
            "+1 555 234 5678",
        ] {
            assert_eq!(
                BusinessPhone::parse(raw).unwrap().e164(),
                "+15552345678",
                "{raw:?}"
            );
        }
        let with_ext = BusinessPhone::parse("(555) 234-5678 ext. 42").unwrap();
        assert_eq!(with_ext.extension(), Some("42"));
        assert_eq!(with_ext.to_string(), "+15552345678 x42");
    }

    #[test]
    fn business_phone_accepts_international_numbers_with_plus() {
        assert_eq!(
            BusinessPhone::parse("+44 20 7946 0958").unwrap().e164(),
            "+442079460958"
        );
        for bad in [
            "234-5678",
            "(055) 234-5678",
            "(555) 034-5678",
            "+0 123 456 789",
            "phone",
            "+1 055 234 5678",
            "555-234-5678 x",
            "+12345",
        ] {
            assert!(
                BusinessPhone::parse(bad).is_err(),
                "{bad:?} is not a business phone"
            );
        }
    }

    #[test]
    fn names_are_trimmed_collapsed_and_refuse_control_characters() {
        assert_eq!(
            PersonName::parse("  Mary   Ann ").unwrap().as_str(),
            "Mary Ann"
        );
        assert_eq!(
            PersonName::parse("O'Brien-Núñez").unwrap().as_str(),
            "O'Brien-Núñez"
        );
        assert_eq!(
            PersonName::parse_field("   ", "First name"),
            Err(IdError::Empty {
                field: "First name"
            })
        );
        assert!(matches!(
            PersonName::parse("Ann\u{0}"),
            Err(IdError::ControlCharacter { .. })
        ));
        assert!(matches!(
            PersonName::parse(&"x".repeat(65)),
            Err(IdError::TooLong { max: 64, .. })
        ));
        assert_eq!(
            DealershipName::parse("Lakeside  Motors").unwrap().as_str(),
            "Lakeside Motors"
        );
    }

    #[test]
    fn role_is_a_fixed_list_plus_other_with_text() {
        assert_eq!(Role::parse("salesperson", None), Ok(Role::Salesperson));
        assert_eq!(
            Role::parse("other", Some(" Lot  porter ")),
            Ok(Role::Other("Lot porter".into()))
        );
        assert!(
            Role::parse("other", None).is_err(),
            "other needs a description"
        );
        assert_eq!(Role::parse("ceo", None), Err(IdError::Role));
        let json = serde_json::to_string(&Role::Other("Porter".into())).unwrap();
        assert_eq!(json, r#"{"key":"other","other":"Porter"}"#);
        let back: Role = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Role::Other("Porter".into()));
    }

    #[test]
    fn deserializing_validates_so_invalid_ids_cannot_travel() {
        assert!(serde_json::from_str::<Pdn>(r#""1234""#).is_err());
        assert_eq!(
            serde_json::from_str::<UserId>(r#""JSmith""#)
                .unwrap()
                .as_str(),
            "jsmith"
        );
        assert_eq!(
            serde_json::to_string(&Pdn::parse("00001").unwrap()).unwrap(),
            r#""00001""#
        );
    }

    proptest! {
        #[test]
        fn pdn_parse_never_panics_and_accepts_only_five_ascii_digits(s in "\\PC{0,8}") {
            let ok = s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit());
            prop_assert_eq!(Pdn::parse(&s).is_ok(), ok);
        }

        #[test]
        fn every_five_digit_string_is_a_pdn_that_round_trips(s in "[0-9]{5}") {
            let pdn = Pdn::parse(&s).unwrap();
            prop_assert_eq!(pdn.as_str(), s.as_str());
        }

        #[test]
        fn user_id_parse_is_case_insensitive_and_idempotent(s in "[A-Za-z0-9._-]{3,32}") {
            let id = UserId::parse(&s).unwrap();
            prop_assert_eq!(&UserId::parse(id.as_str()).unwrap(), &id);
            prop_assert_eq!(UserId::parse(&s.to_uppercase()).unwrap(), id);
        }

        #[test]
        fn parsers_never_panic_on_arbitrary_input(s in "\\PC{0,80}") {
            let _ = UserId::parse(&s);
            let _ = Email::parse(&s);
            let _ = BusinessPhone::parse(&s);
            let _ = PersonName::parse(&s);
            let _ = DealershipName::parse(&s);
            let _ = Role::parse(&s, Some(&s));
        }

        #[test]
        fn a_parsed_phone_reparses_to_itself(s in "\\+?[0-9 ().-]{7,20}") {
            if let Ok(p) = BusinessPhone::parse(&s) {
                prop_assert_eq!(BusinessPhone::parse(p.e164()).unwrap(), p);
            }
        }

        #[test]
        fn a_parsed_email_reparses_to_itself(s in "[a-zA-Z0-9._+-]{1,20}@[a-zA-Z0-9-]{1,10}\\.[a-zA-Z]{2,5}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()).unwrap(), e);
            }
        }
    }
}
