//! The provider's applications a user can be given access to.
//!
//! The catalogue ships with SmartCash, IntelliRater and SmartAuction; a deployment may add
//! its own entries. SmartAuction is flagged: access to it needs additional steps after
//! approval, so a request that includes it waits in "needs additional information" once.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Stable key of an application ("smartcash"): lower-case ASCII letters, digits and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApplicationKey(String);

impl ApplicationKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ApplicationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub key: ApplicationKey,
    pub name: String,
    /// Access needs steps beyond approval (SmartAuction): the request passes through
    /// "needs additional information" before it can be completed.
    pub needs_additional_steps: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApplicationError {
    #[error("Choose at least one application")]
    NoneChosen,
    #[error("{0:?} is not an application this portal offers")]
    Unknown(String),
    #[error("{0} was chosen more than once")]
    Duplicate(String),
    #[error(
        "Application entry {0:?} is not valid: use \"Name\" or \"Name*\" (the * marks extra steps after approval), 2 to 40 characters"
    )]
    BadEntry(String),
    #[error("Application {0:?} is already in the catalogue")]
    AlreadyListed(String),
}

/// The applications offered by this portal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationCatalogue {
    entries: Vec<Application>,
}

impl Default for ApplicationCatalogue {
    /// SmartCash, IntelliRater and SmartAuction (which needs additional steps).
    fn default() -> Self {
        let shipped = [
            ("smartcash", "SmartCash", false),
            ("intellirater", "IntelliRater", false),
            ("smartauction", "SmartAuction", true),
        ];
        ApplicationCatalogue {
            entries: shipped
                .into_iter()
                .map(|(key, name, steps)| Application {
                    key: ApplicationKey(key.into()),
                    name: name.into(),
                    needs_additional_steps: steps,
                })
                .collect(),
        }
    }
}

impl ApplicationCatalogue {
    /// The shipped catalogue plus configured entries, written `"Floor Plan; Title Desk*"`:
    /// entries separated by `;`, a trailing `*` marks extra steps after approval. The key of
    /// an entry is its name lower-cased with spaces and punctuation turned into `-`.
    pub fn with_extra(config: &str) -> Result<Self, ApplicationError> {
        let mut catalogue = Self::default();
        for entry in config.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let (name, steps) = match entry.strip_suffix('*') {
                Some(name) => (name.trim(), true),
                None => (entry, false),
            };
            let len = name.chars().count();
            if !(2..=40).contains(&len) || name.chars().any(char::is_control) {
                return Err(ApplicationError::BadEntry(entry.to_owned()));
            }
            let key = slug(name);
            if key.is_empty() {
                return Err(ApplicationError::BadEntry(entry.to_owned()));
            }
            if catalogue.entries.iter().any(|a| a.key.0 == key) {
                return Err(ApplicationError::AlreadyListed(name.to_owned()));
            }
            catalogue.entries.push(Application {
                key: ApplicationKey(key),
                name: name.to_owned(),
                needs_additional_steps: steps,
            });
        }
        Ok(catalogue)
    }

    pub fn entries(&self) -> &[Application] {
        &self.entries
    }

    pub fn get(&self, key: &str) -> Option<&Application> {
        self.entries.iter().find(|a| a.key.0 == key)
    }

    /// Validate a requested selection: at least one, every key known, none twice.
    pub fn select<S: AsRef<str>>(
        &self,
        keys: &[S],
    ) -> Result<BTreeSet<ApplicationKey>, ApplicationError> {
        if keys.is_empty() {
            return Err(ApplicationError::NoneChosen);
        }
        let mut chosen = BTreeSet::new();
        for key in keys {
            let key = key.as_ref();
            let app = self
                .get(key)
                .ok_or_else(|| ApplicationError::Unknown(key.to_owned()))?;
            if !chosen.insert(app.key.clone()) {
                return Err(ApplicationError::Duplicate(app.name.clone()));
            }
        }
        Ok(chosen)
    }

    /// Whether any of the selected applications needs additional steps after approval.
    pub fn needs_additional_steps<'a>(
        &self,
        keys: impl IntoIterator<Item = &'a ApplicationKey>,
    ) -> bool {
        keys.into_iter().any(|k| {
            self.get(k.as_str())
                .is_some_and(|a| a.needs_additional_steps)
        })
    }
}

fn slug(name: &str) -> String {
    let mut key = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    key.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shipped_catalogue_is_smartcash_intellirater_smartauction() {
        let names: Vec<_> = ApplicationCatalogue::default()
            .entries()
            .iter()
            .map(|a| a.name.clone())
            .collect();
        assert_eq!(names, ["SmartCash", "IntelliRater", "SmartAuction"]);
    }

    #[test]
    fn smartauction_alone_needs_additional_steps_after_approval() {
        let cat = ApplicationCatalogue::default();
        let with = cat.select(&["smartcash", "smartauction"]).unwrap();
        let without = cat.select(&["smartcash", "intellirater"]).unwrap();
        assert!(
            cat.needs_additional_steps(&with),
            "SmartAuction access needs extra steps"
        );
        assert!(!cat.needs_additional_steps(&without));
    }

    #[test]
    fn selection_refuses_empty_unknown_and_duplicate_choices() {
        let cat = ApplicationCatalogue::default();
        assert_eq!(cat.select::<&str>(&[]), Err(ApplicationError::NoneChosen));
        assert_eq!(
            cat.select(&["dealertrack"]),
            Err(ApplicationError::Unknown("dealertrack".into()))
        );
        assert_eq!(
            cat.select(&["smartcash", "smartcash"]),
            Err(ApplicationError::Duplicate("SmartCash".into()))
        );
    }

    #[test]
    fn configured_entries_extend_the_catalogue() {
        let cat = ApplicationCatalogue::with_extra(" Floor Plan Manager ; Title Desk* ;").unwrap();
        let floor = cat
            .get("floor-plan-manager")
            .expect("configured entry is listed");
        assert!(!floor.needs_additional_steps);
        assert!(
            cat.get("title-desk").unwrap().needs_additional_steps,
            "* marks extra steps"
        );
        assert_eq!(cat.entries().len(), 5);
        assert!(matches!(
            ApplicationCatalogue::with_extra("SmartCash"),
            Err(ApplicationError::AlreadyListed(_))
        ));
        assert!(matches!(
            ApplicationCatalogue::with_extra("X"),
            Err(ApplicationError::BadEntry(_))
        ));
        assert!(matches!(
            ApplicationCatalogue::with_extra("!!!"),
            Err(ApplicationError::BadEntry(_))
        ));
    }

    proptest! {
        #[test]
        fn configuring_the_catalogue_never_panics(s in "\\PC{0,120}") {
            let _ = ApplicationCatalogue::with_extra(&s);
        }
    }
}
