//! The User ID Request form and the "Not registered?" registration, validated field by
//! field with every error listed at once.
//!
//! DESIGN.md's form fields: dealership name, PDN, the user's first and last name, email,
//! business phone, role; security questions and answers (for a self-registered user, who
//! chooses them; a new user requested by the office manager sets their own at enrollment,
//! so the manager never learns them); requested applications. Each kind of request needs
//! its own subset, see [`RequestForm`]. A form with errors loses nothing: the caller keeps
//! the raw input and shows each message next to its field.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::applications::{ApplicationCatalogue, ApplicationKey};
use crate::ids::{BusinessPhone, DealershipName, Email, Pdn, PersonName, Role, UserId};
use crate::password::{PasswordContext, PasswordPolicy};
use crate::questions::{NormalizedAnswer, QuestionId, QuestionSet};
use crate::requests::RequestKind;

/// One field's problem, named by the form's field key (`email`, `challenge.1.answer`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every problem of a form, in field order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    fn add(&mut self, field: &str, message: impl fmt::Display) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.to_string(),
        });
    }

    /// Keep the value if it parsed; otherwise note the error under `field`.
    fn take<T, E: fmt::Display>(&mut self, field: &str, parsed: Result<T, E>) -> Option<T> {
        parsed.map_err(|e| self.add(field, e)).ok()
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|e| e.field.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for FormErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        write!(f, "Please correct: {}", lines.join("; "))
    }
}

impl std::error::Error for FormErrors {}

/// The person a form is about, as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PersonInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub business_phone: String,
    /// A key of [`Role::FIXED`] or "other".
    pub role: String,
    /// The description when `role` is "other".
    pub role_other: Option<String>,
}

/// The person, valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub business_phone: BusinessPhone,
    pub role: Role,
}

fn person(input: &PersonInput, errors: &mut FormErrors) -> Option<Person> {
    let first_name = errors.take(
        "first_name",
        PersonName::parse_field(&input.first_name, "First name"),
    );
    let last_name = errors.take(
        "last_name",
        PersonName::parse_field(&input.last_name, "Last name"),
    );
    let email = errors.take("email", Email::parse(&input.email));
    let business_phone = errors.take(
        "business_phone",
        BusinessPhone::parse(&input.business_phone),
    );
    let role = errors.take(
        "role",
        Role::parse(&input.role, input.role_other.as_deref()),
    );
    Some(Person {
        first_name: first_name?,
        last_name: last_name?,
        email: email?,
        business_phone: business_phone?,
        role: role?,
    })
}

/// One question with its answer, as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnswerInput {
    pub question: String,
    pub answer: String,
}

impl fmt::Debug for AnswerInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnswerInput")
            .field("question", &self.question)
            .field("answer", &"***")
            .finish()
    }
}

/// "Not registered?": everything a registrant enters.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegistrationInput {
    pub pdn: String,
    #[serde(flatten)]
    pub person: PersonInput,
    pub user_id: String,
    pub password: String,
    pub challenge: [AnswerInput; 2],
    pub secret: AnswerInput,
    pub applications: Vec<String>,
}

impl fmt::Debug for RegistrationInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegistrationInput")
            .field("pdn", &self.pdn)
            .field("person", &self.person)
            .field("user_id", &self.user_id)
            .field("password", &"***")
            .field("challenge", &self.challenge)
            .field("secret", &self.secret)
            .field("applications", &self.applications)
            .finish()
    }
}

/// A valid registration. The password is checked against the policy but kept as typed
/// (for hashing); the answers are normalized (for hashing). `Debug` shows neither.
pub struct Registration {
    pub pdn: Pdn,
    pub person: Person,
    pub user_id: UserId,
    pub password: String,
    pub questions: QuestionSet,
    /// Challenge answers in question order, then the secret answer.
    pub answers: [NormalizedAnswer; 3],
    pub applications: BTreeSet<ApplicationKey>,
}

impl fmt::Debug for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("pdn", &self.pdn)
            .field("user_id", &self.user_id)
            .field("questions", &self.questions)
            .field("applications", &self.applications)
            .finish_non_exhaustive()
    }
}

impl RegistrationInput {
    /// Validate every field; `dealership` is the name registered for the PDN, used (with
    /// the names and user ID) to refuse passwords built from them.
    pub fn validate(
        &self,
        dealership: &DealershipName,
        catalogue: &ApplicationCatalogue,
        policy: &PasswordPolicy,
    ) -> Result<Registration, FormErrors> {
        let mut errors = FormErrors::default();
        let pdn = errors.take("pdn", Pdn::parse(&self.pdn));
        let person = person(&self.person, &mut errors);
        let user_id = errors.take("user_id", UserId::parse(&self.user_id));
        let context = PasswordContext {
            user_id: &self.user_id,
            first_name: &self.person.first_name,
            last_name: &self.person.last_name,
            pdn: &self.pdn,
            dealership_name: dealership.as_str(),
        };
        let password_ok = errors
            .take("password", policy.check(&self.password, &context))
            .is_some();

        let mut ids = Vec::new();
        let mut answers = Vec::new();
        let inputs = [
            ("challenge.0", &self.challenge[0]),
            ("challenge.1", &self.challenge[1]),
            ("secret", &self.secret),
        ];
        for (field, input) in inputs {
            ids.push(errors.take(
                &format!("{field}.question"),
                QuestionId::from_key(&input.question),
            ));
            answers.push(errors.take(
                &format!("{field}.answer"),
                NormalizedAnswer::parse(&input.answer),
            ));
        }
        let questions = match (ids[0], ids[1], ids[2]) {
            (Some(a), Some(b), Some(s)) => errors.take("questions", QuestionSet::new([a, b], s)),
            _ => None,
        };
        let applications = errors.take("applications", catalogue.select(&self.applications));

        let answers: Option<Vec<NormalizedAnswer>> = answers.into_iter().collect();
        match (
            pdn,
            person,
            user_id,
            password_ok,
            questions,
            answers,
            applications,
        ) {
            (
                Some(pdn),
                Some(person),
                Some(user_id),
                true,
                Some(questions),
                Some(answers),
                Some(applications),
            ) if errors.is_empty() => {
                let mut answers = answers.into_iter();
                let (Some(a), Some(b), Some(s)) = (answers.next(), answers.next(), answers.next())
                else {
                    return Err(errors);
                };
                Ok(Registration {
                    pdn,
                    person,
                    user_id,
                    password: self.password.clone(),
                    questions,
                    answers: [a, b, s],
                    applications,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The office manager's User ID Request form, one variant per kind.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RequestForm {
    /// A new person: who they are and which applications they need. They choose their
    /// own password and questions at enrollment.
    NewUser {
        #[serde(flatten)]
        person: PersonInput,
        /// The user ID to create (the office manager proposes it).
        user_id: String,
        applications: Vec<String>,
    },
    RemoveApplicationAccess {
        user_id: String,
        applications: Vec<String>,
    },
    Reactivation {
        user_id: String,
    },
    Deactivation {
        user_id: String,
        /// Why access ends (left the dealership, changed role, …).
        #[serde(default)]
        reason: String,
    },
}

/// A valid form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidRequest {
    NewUser {
        person: Person,
        user_id: UserId,
        applications: BTreeSet<ApplicationKey>,
    },
    RemoveApplicationAccess {
        user_id: UserId,
        applications: BTreeSet<ApplicationKey>,
    },
    Reactivation {
        user_id: UserId,
    },
    Deactivation {
        user_id: UserId,
        reason: String,
    },
}

impl ValidRequest {
    pub fn kind(&self) -> RequestKind {
        match self {
            ValidRequest::NewUser { .. } => RequestKind::NewUser,
            ValidRequest::RemoveApplicationAccess { .. } => RequestKind::RemoveApplicationAccess,
            ValidRequest::Reactivation { .. } => RequestKind::Reactivation,
            ValidRequest::Deactivation { .. } => RequestKind::Deactivation,
        }
    }

    pub fn user_id(&self) -> &UserId {
        match self {
            ValidRequest::NewUser { user_id, .. }
            | ValidRequest::RemoveApplicationAccess { user_id, .. }
            | ValidRequest::Reactivation { user_id }
            | ValidRequest::Deactivation { user_id, .. } => user_id,
        }
    }
}

/// The longest deactivation reason kept.
pub const REASON_MAX_CHARS: usize = 500;

impl RequestForm {
    pub fn validate(&self, catalogue: &ApplicationCatalogue) -> Result<ValidRequest, FormErrors> {
        let mut errors = FormErrors::default();
        let valid = match self {
            RequestForm::NewUser {
                person: p,
                user_id,
                applications,
            } => {
                let person = person(p, &mut errors);
                let user_id = errors.take("user_id", UserId::parse(user_id));
                let applications = errors.take("applications", catalogue.select(applications));
                match (person, user_id, applications) {
                    (Some(person), Some(user_id), Some(applications)) => {
                        Some(ValidRequest::NewUser {
                            person,
                            user_id,
                            applications,
                        })
                    }
                    _ => None,
                }
            }
            RequestForm::RemoveApplicationAccess {
                user_id,
                applications,
            } => {
                let user_id = errors.take("user_id", UserId::parse(user_id));
                let applications = errors.take("applications", catalogue.select(applications));
                match (user_id, applications) {
                    (Some(user_id), Some(applications)) => {
                        Some(ValidRequest::RemoveApplicationAccess {
                            user_id,
                            applications,
                        })
                    }
                    _ => None,
                }
            }
            RequestForm::Reactivation { user_id } => errors
                .take("user_id", UserId::parse(user_id))
                .map(|user_id| ValidRequest::Reactivation { user_id }),
            RequestForm::Deactivation { user_id, reason } => {
                let user_id = errors.take("user_id", UserId::parse(user_id));
                let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
                if reason.chars().count() > REASON_MAX_CHARS {
                    errors.add(
                        "reason",
                        format!("Keep the reason under {REASON_MAX_CHARS} characters"),
                    );
                }
                user_id.map(|user_id| ValidRequest::Deactivation { user_id, reason })
            }
        };
        match valid {
            Some(valid) if errors.is_empty() => Ok(valid),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests;

mod onboarding;
pub use onboarding::{Dealership, DealershipInput, Invitation, InvitationInput};
