//! Demo data and provider staff accounts, with fresh random passwords and answers that
//! are shown once (by the caller) and stored only as argon2id hashes.

use chrono::{DateTime, Utc};
use dealer_api::AuditDetail;
use dealer_api::{AuditEvent, AuditOutcome};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::ids::{DealershipName, Pdn, UserId};
use dealer_core::questions::{NormalizedAnswer, QuestionId, catalogue};
use rand::Rng;
use rand::seq::SliceRandom;
use serde::Serialize;

mod demo_requests;

use crate::hashing::Hasher;
use crate::store::users::{NewUser, insert_user, replace_questions};
use crate::store::{Store, StoreError, audit};

/// One account as shown once to whoever seeded it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/", rename = "DemoAccount")]
pub struct SeededAccount {
    pub role: AccessRole,
    pub pdn: Option<String>,
    pub dealership: Option<String>,
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub questions: Vec<SeededAnswer>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/", rename = "DemoAnswer")]
pub struct SeededAnswer {
    pub kind: &'static str,
    pub question: &'static str,
    pub answer: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(
        "the demo data is already there (dealership 01234 exists); demo passwords were shown when it was created"
    )]
    AlreadySeeded,
    #[error("user ID {0} is taken")]
    UserIdTaken(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hash(#[from] crate::hashing::HashError),
}

/// A random password of 20 characters from a 56-symbol alphabet without look-alikes
/// (about 116 bits): strong under any policy, typeable from a printout.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// A random answer for a demo account: three groups of four from 31 lowercase letters and
/// digits without look-alikes (about 59 bits, and answers compare without case). Never
/// words from a short list, which a guesser could run through.
fn random_answer() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let group = |rng: &mut rand::rngs::ThreadRng| -> String {
        (0..4)
            .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
            .collect()
    };
    format!(
        "{}-{}-{}",
        group(&mut rng),
        group(&mut rng),
        group(&mut rng)
    )
}

#[cfg(test)]
mod answer_tests {
    use super::random_answer;
    use dealer_core::questions::NormalizedAnswer;

    #[test]
    fn demo_answers_are_random_and_strong_not_words_from_a_list() {
        let answers: std::collections::HashSet<String> =
            (0..200).map(|_| random_answer()).collect();
        assert_eq!(
            answers.len(),
            200,
            "no repeats in 200: far more than a word list's pairs"
        );
        for answer in &answers {
            assert_eq!(answer.len(), 14, "{answer}");
            assert!(
                NormalizedAnswer::parse(answer).is_ok(),
                "a valid answer: {answer}"
            );
        }
    }
}

/// Everything about a person to create, before secrets are made.
#[derive(Debug, Clone)]
pub struct Person<'a> {
    pub user_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub role: AccessRole,
    pub pdn: Option<&'a str>,
    /// As forms store it: the label ("Finance manager"), not the key.
    pub job_role: Option<&'a str>,
}

/// Create an active account with the given password (or a random one) and three random
/// questions with random answers, in one transaction with its audit row.
pub async fn create_account(
    store: &Store,
    hasher: &Hasher,
    person: &Person<'_>,
    password: Option<String>,
    now: DateTime<Utc>,
) -> Result<SeededAccount, SeedError> {
    let user_id = UserId::parse(person.user_id).map_err(|e| SeedError::Invalid(e.to_string()))?;
    let pdn = person
        .pdn
        .map(|p| Pdn::parse(p).map_err(|e| SeedError::Invalid(e.to_string())))
        .transpose()?;
    let password = password.unwrap_or_else(random_password);
    let password_hash = hasher.hash(&password).await?;

    let mut ids: Vec<QuestionId> = catalogue().iter().map(|q| q.id()).collect();
    ids.shuffle(&mut rand::rng());
    let mut answers = Vec::new();
    let mut rows = Vec::new();
    for (slot, id) in (1..=3).zip(ids) {
        let answer = random_answer();
        let normalized =
            NormalizedAnswer::parse(&answer).map_err(|e| SeedError::Invalid(e.to_string()))?;
        rows.push((
            slot,
            id.key().to_owned(),
            hasher.hash(normalized.expose_secret()).await?,
        ));
        answers.push(SeededAnswer {
            kind: if slot == 3 {
                "help_desk_secret"
            } else {
                "challenge"
            },
            question: id.text(),
            answer,
        });
    }

    let new = NewUser {
        user_id: user_id.clone(),
        pdn: pdn.clone(),
        role: person.role,
        first_name: person.first_name.to_owned(),
        last_name: person.last_name.to_owned(),
        email: person.email.to_owned(),
        phone: None,
        job_role: person.job_role.map(str::to_owned),
        state: AccountState::Active,
        password_hash: Some(password_hash),
        must_change_password: false,
    };
    let mut tx = store.pool().begin().await.map_err(StoreError::from)?;
    let pk = match insert_user(&mut tx, &new, now).await {
        Err(StoreError::Conflict) => return Err(SeedError::UserIdTaken(user_id.to_string())),
        other => other?,
    };
    replace_questions(&mut tx, pk, &rows).await?;
    audit::append(
        &mut tx,
        &audit::Entry {
            event: AuditEvent::AccountCreated,
            outcome: AuditOutcome::Success,
            target: Some(user_id.to_string()),
            pdn: pdn.as_ref().map(ToString::to_string),
            detail: Some(AuditDetail::AccountCreated { role: person.role }),
            ..audit::Entry::new(AuditEvent::AccountCreated, AuditOutcome::Success)
        },
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;

    let dealership = match &pdn {
        Some(pdn) => store.dealer(pdn).await?.map(|d| d.name.to_string()),
        None => None,
    };
    Ok(SeededAccount {
        role: person.role,
        pdn: pdn.map(|p| p.to_string()),
        dealership,
        user_id: user_id.to_string(),
        name: format!("{} {}", person.first_name, person.last_name),
        email: person.email.to_owned(),
        password,
        questions: answers,
    })
}

/// The demo: Lakeside Motors (01234) with its office manager and three staff, Hilltop Auto
/// Group (56789) with its office manager and one salesperson, one help-desk and one
/// reviewer account. The same people, with the same names, roles and requests, as the UI
/// tests' fixtures (`ui/e2e/requests-data.ts`), so the screenshots show what the demo shows.
pub async fn seed_demo(
    store: &Store,
    hasher: &Hasher,
    now: DateTime<Utc>,
) -> Result<Vec<SeededAccount>, SeedError> {
    for (pdn, name) in [
        ("01234", "Lakeside Motors"),
        ("56789", "Hilltop Auto Group"),
    ] {
        let pdn = Pdn::parse(pdn).map_err(|e| SeedError::Invalid(e.to_string()))?;
        let name = DealershipName::parse(name).map_err(|e| SeedError::Invalid(e.to_string()))?;
        match store.create_dealer(&pdn, &name, now).await {
            Err(StoreError::Conflict) => return Err(SeedError::AlreadySeeded),
            other => other?,
        }
    }
    let people = [
        Person {
            user_id: "mgarcia",
            first_name: "Maria",
            last_name: "Garcia",
            email: "maria.garcia@lakeside.example",
            role: AccessRole::OfficeManager,
            pdn: Some("01234"),
            job_role: Some("Office manager"),
        },
        Person {
            user_id: "jchen",
            first_name: "James",
            last_name: "Chen",
            email: "james.chen@lakeside.example",
            role: AccessRole::Staff,
            pdn: Some("01234"),
            job_role: Some("Finance manager"),
        },
        Person {
            user_id: "apatel",
            first_name: "Anita",
            last_name: "Patel",
            email: "anita.patel@lakeside.example",
            role: AccessRole::Staff,
            pdn: Some("01234"),
            job_role: Some("Salesperson"),
        },
        Person {
            user_id: "rbrooks",
            first_name: "Robert",
            last_name: "Brooks",
            email: "robert.brooks@lakeside.example",
            role: AccessRole::Staff,
            pdn: Some("01234"),
            job_role: Some("Sales manager"),
        },
        Person {
            user_id: "dwright",
            first_name: "Dana",
            last_name: "Wright",
            email: "dana.wright@hilltop.example",
            role: AccessRole::OfficeManager,
            pdn: Some("56789"),
            job_role: Some("Office manager"),
        },
        Person {
            user_id: "bstone",
            first_name: "Bob",
            last_name: "Stone",
            email: "bob.stone@hilltop.example",
            role: AccessRole::Staff,
            pdn: Some("56789"),
            job_role: Some("Salesperson"),
        },
        Person {
            user_id: "helpdesk.kim",
            first_name: "Kim",
            last_name: "Nguyen",
            email: "kim.nguyen@provider.example",
            role: AccessRole::HelpDesk,
            pdn: None,
            job_role: None,
        },
        Person {
            user_id: "reviewer.sam",
            first_name: "Sam",
            last_name: "Patel",
            email: "sam.patel@provider.example",
            role: AccessRole::Reviewer,
            pdn: None,
            job_role: None,
        },
    ];
    let mut accounts = Vec::new();
    for person in &people {
        accounts.push(create_account(store, hasher, person, None, now).await?);
    }
    demo_requests::seed(store, hasher, now).await?;
    Ok(accounts)
}
