//! The provider's onboarding forms: a dealership, and an invitation of a person (a
//! dealership's office manager, or one of the provider's own people).

use serde::{Deserialize, Serialize};

use super::FormErrors;
use crate::ids::{BusinessPhone, DealershipName, Email, Pdn, PersonName, PostalAddress, UserId};

/// A dealership as the provider admin types it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DealershipInput {
    pub pdn: String,
    pub name: String,
    /// Optional: empty means none.
    pub address: String,
    /// Optional: empty means none.
    pub phone: String,
}

/// A dealership, valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dealership {
    pub pdn: Pdn,
    pub name: DealershipName,
    pub address: Option<PostalAddress>,
    pub phone: Option<BusinessPhone>,
}

impl DealershipInput {
    /// Every problem at once, by field.
    pub fn validate(&self) -> Result<Dealership, FormErrors> {
        let mut errors = FormErrors::default();
        let pdn = errors.take("pdn", Pdn::parse(&self.pdn));
        let name = errors.take("name", DealershipName::parse(&self.name));
        let address = optional(&mut errors, "address", &self.address, PostalAddress::parse);
        let phone = optional(&mut errors, "phone", &self.phone, BusinessPhone::parse);
        match (pdn, name, address, phone) {
            (Some(pdn), Some(name), Some(address), Some(phone)) if errors.is_empty() => {
                Ok(Dealership {
                    pdn,
                    name,
                    address,
                    phone,
                })
            }
            _ => Err(errors),
        }
    }
}

/// `Some(None)` for an empty optional field, `Some(Some(v))` when it parses, `None` (and
/// the error noted) when it does not.
fn optional<T, E: std::fmt::Display>(
    errors: &mut FormErrors,
    field: &str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Option<Option<T>> {
    if raw.trim().is_empty() {
        Some(None)
    } else {
        errors.take(field, parse(raw)).map(Some)
    }
}

/// A person invited to enroll: they get a single-use code by email and choose their own
/// password and questions. Nobody else ever sees the code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InvitationInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub user_id: String,
}

/// An invitation, valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub user_id: UserId,
}

impl InvitationInput {
    /// Every problem at once, by field.
    pub fn validate(&self) -> Result<Invitation, FormErrors> {
        let mut errors = FormErrors::default();
        let first_name = errors.take(
            "first_name",
            PersonName::parse_field(&self.first_name, "First name"),
        );
        let last_name = errors.take(
            "last_name",
            PersonName::parse_field(&self.last_name, "Last name"),
        );
        let email = errors.take("email", Email::parse(&self.email));
        let user_id = errors.take("user_id", UserId::parse(&self.user_id));
        match (first_name, last_name, email, user_id) {
            (Some(first_name), Some(last_name), Some(email), Some(user_id)) => Ok(Invitation {
                first_name,
                last_name,
                email,
                user_id,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dealership_needs_a_pdn_and_a_name_and_checks_what_else_is_given() {
        let ok = DealershipInput {
            pdn: "40404".into(),
            name: "  Riverside   Motors ".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.name.as_str(), "Riverside Motors");
        assert_eq!((ok.address, ok.phone), (None, None), "empty means none");

        let errors = DealershipInput {
            pdn: "4040".into(),
            name: String::new(),
            address: "1 Main St".into(),
            phone: "call us".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            errors.fields().collect::<Vec<_>>(),
            ["pdn", "name", "phone"],
            "every problem at once, in field order"
        );
    }

    #[test]
    fn an_invitation_names_every_bad_field() {
        let errors = InvitationInput {
            first_name: "Ann".into(),
            last_name: String::new(),
            email: "not-an-email".into(),
            user_id: "x".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            errors.fields().collect::<Vec<_>>(),
            ["last_name", "email", "user_id"]
        );
        let ok = InvitationInput {
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            email: "ann@riverside.example".into(),
            user_id: "ALee".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(
            ok.user_id.as_str(),
            "alee",
            "user IDs are canonical lower case"
        );
    }
}
