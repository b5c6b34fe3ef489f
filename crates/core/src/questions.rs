//! Challenge questions and the help-desk secret question (DESIGN.md, "Business rules"
//! and "Security").
//!
//! Every user picks 2 challenge questions (online password reset) and 1 help-desk secret
//! question (the help desk verifies a caller with it), all three from the fixed
//! [`catalogue`] and all different: [`QuestionSet`] can only be built that way.
//!
//! Answers are compared after [`normalize_answer`] (Unicode NFKC, full case folding,
//! trimmed, inner whitespace collapsed), so "  Blue   Honda " and "blue honda" match,
//! and are stored only as hashes. [`NormalizedAnswer`] is the only way to hand an answer
//! to the hashing code; it never prints its content.

use std::fmt;
use std::str::FromStr;

use caseless::Caseless;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// A question of the fixed catalogue (variants are declared in catalogue order). Its key
/// (`first_car_model`, …) is stable: it is what the store, the API and the UI hold, so a
/// key is never renamed or reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum QuestionId {
    FirstCarModel,
    FirstPetName,
    ChildhoodBestFriend,
    ChildhoodStreet,
    ChildhoodNickname,
    ElementarySchool,
    FavoriteTeacher,
    FirstEmployer,
    FirstConcert,
    FirstAlbum,
    ParentsMeetingCity,
    OldestCousin,
    FavoriteChildhoodBook,
    ChildhoodDreamJob,
    FirstFlightDestination,
}

/// One catalogue entry: a stable id and the question in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Question {
    id: QuestionId,
    text: &'static str,
}

impl Question {
    const fn new(id: QuestionId, text: &'static str) -> Self {
        Self { id, text }
    }

    pub fn id(&self) -> QuestionId {
        self.id
    }

    /// The question as shown to the user, in English.
    pub fn text(&self) -> &'static str {
        self.text
    }
}

static CATALOGUE: [Question; 15] = {
    use QuestionId::*;
    [
        Question::new(
            FirstCarModel,
            "What was the make and model of your first car?",
        ),
        Question::new(FirstPetName, "What was the name of your first pet?"),
        Question::new(
            ChildhoodBestFriend,
            "What was the first name of your best friend as a child?",
        ),
        Question::new(
            ChildhoodStreet,
            "What was the name of the street you grew up on?",
        ),
        Question::new(ChildhoodNickname, "What was your nickname as a child?"),
        Question::new(
            ElementarySchool,
            "What was the name of your elementary school?",
        ),
        Question::new(
            FavoriteTeacher,
            "What was the last name of your favorite teacher?",
        ),
        Question::new(
            FirstEmployer,
            "What was the name of the company you first worked for?",
        ),
        Question::new(FirstConcert, "What was the first concert you went to?"),
        Question::new(FirstAlbum, "What was the first album you bought?"),
        Question::new(ParentsMeetingCity, "In what city did your parents meet?"),
        Question::new(
            OldestCousin,
            "What is the first name of your oldest cousin?",
        ),
        Question::new(
            FavoriteChildhoodBook,
            "What was your favorite book as a child?",
        ),
        Question::new(
            ChildhoodDreamJob,
            "What did you want to be when you grew up?",
        ),
        Question::new(
            FirstFlightDestination,
            "Where did you fly to on your first plane trip?",
        ),
    ]
};

/// Every question a user may pick, in display order.
pub fn catalogue() -> &'static [Question] {
    &CATALOGUE
}

/// A question key that is not in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("\"{key}\" is not one of the security questions. Pick a question from the list.")]
pub struct UnknownQuestion {
    /// The key as received, cut to 64 characters.
    pub key: String,
}

impl QuestionId {
    /// The stable key, e.g. `"first_car_model"`.
    pub fn key(self) -> &'static str {
        match self {
            Self::FirstCarModel => "first_car_model",
            Self::FirstPetName => "first_pet_name",
            Self::ChildhoodBestFriend => "childhood_best_friend",
            Self::ChildhoodStreet => "childhood_street",
            Self::ChildhoodNickname => "childhood_nickname",
            Self::ElementarySchool => "elementary_school",
            Self::FavoriteTeacher => "favorite_teacher",
            Self::FirstEmployer => "first_employer",
            Self::FirstConcert => "first_concert",
            Self::FirstAlbum => "first_album",
            Self::ParentsMeetingCity => "parents_meeting_city",
            Self::OldestCousin => "oldest_cousin",
            Self::FavoriteChildhoodBook => "favorite_childhood_book",
            Self::ChildhoodDreamJob => "childhood_dream_job",
            Self::FirstFlightDestination => "first_flight_destination",
        }
    }

    /// The catalogue entry for this id.
    pub fn question(self) -> &'static Question {
        // The catalogue lists the ids in declaration order (tested).
        &CATALOGUE[self as usize]
    }

    /// The question text, in English.
    pub fn text(self) -> &'static str {
        self.question().text
    }

    /// Looks a question up by its stable key.
    pub fn from_key(key: &str) -> Result<Self, UnknownQuestion> {
        CATALOGUE
            .iter()
            .map(|q| q.id)
            .find(|id| id.key() == key)
            .ok_or_else(|| UnknownQuestion {
                key: key.chars().take(64).collect(),
            })
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for QuestionId {
    type Err = UnknownQuestion;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        Self::from_key(key)
    }
}

impl From<QuestionId> for &'static str {
    fn from(id: QuestionId) -> Self {
        id.key()
    }
}

impl TryFrom<String> for QuestionId {
    type Error = UnknownQuestion;

    fn try_from(key: String) -> Result<Self, Self::Error> {
        Self::from_key(&key)
    }
}

/// On the wire a question is its stable key, so the schema is the list of keys (a derive
/// would list the variant names).
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for QuestionId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "A question of the fixed catalogue, by its stable key \
                 (`GET /api/v1/questions/catalogue` has the texts).",
            ))
            .enum_values(Some(CATALOGUE.iter().map(|q| q.id.key())))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for QuestionId {}

/// A user's three questions: two challenge questions and the help-desk secret question,
/// all different catalogue entries. Deserializing checks the same rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "QuestionSetFields")]
pub struct QuestionSet {
    challenge: [QuestionId; 2],
    secret: QuestionId,
}

#[derive(Deserialize)]
struct QuestionSetFields {
    challenge: [QuestionId; 2],
    secret: QuestionId,
}

/// Why three questions do not make a valid set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum QuestionSetError {
    #[error(
        "Both challenge questions are the same (\"{}\"). Pick two different challenge \
         questions.",
        question.text()
    )]
    SameChallengeQuestions { question: QuestionId },
    #[error(
        "The help-desk secret question (\"{}\") is also one of your challenge questions. \
         Pick a secret question that is different from both challenge questions.",
        question.text()
    )]
    SecretRepeatsChallenge { question: QuestionId },
}

impl QuestionSet {
    /// The set, if all three questions are different.
    pub fn new(challenge: [QuestionId; 2], secret: QuestionId) -> Result<Self, QuestionSetError> {
        let [first, second] = challenge;
        if first == second {
            return Err(QuestionSetError::SameChallengeQuestions { question: first });
        }
        if secret == first || secret == second {
            return Err(QuestionSetError::SecretRepeatsChallenge { question: secret });
        }
        Ok(Self { challenge, secret })
    }

    /// The two questions asked for an online password reset, in the user's order.
    pub fn challenge(&self) -> [QuestionId; 2] {
        self.challenge
    }

    /// The question the help desk asks to verify a caller.
    pub fn secret(&self) -> QuestionId {
        self.secret
    }
}

impl TryFrom<QuestionSetFields> for QuestionSet {
    type Error = QuestionSetError;

    fn try_from(fields: QuestionSetFields) -> Result<Self, Self::Error> {
        Self::new(fields.challenge, fields.secret)
    }
}

/// Fewest characters an answer may have after normalization (inner spaces count).
pub const MIN_ANSWER_CHARS: usize = 3;
/// Most characters an answer may have after normalization.
pub const MAX_ANSWER_CHARS: usize = 128;
/// Input longer than this (before normalization) is refused without normalizing it.
pub const MAX_RAW_ANSWER_CHARS: usize = 1024;
/// Fold-and-normalize rounds after the first, should one not already be stable.
const EXTRA_FOLD_ROUNDS: usize = 3;

/// One round of Unicode compatibility caseless normalization (Unicode 3.13, D146:
/// NFD, fold, NFKD, fold), finished with NFKC composition. Folding is not closed under
/// normalization (U+0345, "ǰ", …), hence the double fold.
fn fold_round(s: &str) -> String {
    s.nfd()
        .default_case_fold()
        .nfkd()
        .default_case_fold()
        .nfkc()
        .collect()
}

/// The form in which answers are compared and hashed: Unicode NFKC, full case folding,
/// no leading or trailing whitespace, and every inner run of Unicode whitespace replaced
/// by one ASCII space. Idempotent: normalizing a normalized answer changes nothing.
///
/// "  Blue   Honda  " → "blue honda"; "ＦＯＲＤ" (full width) → "ford";
/// "Straße" and "STRASSE" → "strasse".
pub fn normalize_answer(raw: &str) -> String {
    let mut folded = fold_round(raw);
    for _ in 0..EXTRA_FOLD_ROUNDS {
        let again = fold_round(&folded);
        if again == folded {
            break;
        }
        folded = again;
    }
    // Whitespace characters are starters that compose with nothing, so trimming and
    // collapsing them cannot undo the normalization above.
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A normalized challenge or secret answer, of acceptable length. It has no `Display`,
/// and `Debug` prints `***`: an answer never reaches a log, a message or the UI.
#[derive(Clone)]
pub struct NormalizedAnswer(String);

/// Why an answer cannot be used. Never holds the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AnswerError {
    #[error(
        "This answer is too short. Use at least {min} characters (spaces at the start and \
         end do not count); a longer answer is harder for others to guess."
    )]
    TooShort { min: usize },
    #[error("This answer is too long. Use at most {max} characters.")]
    TooLong { max: usize },
}

impl AnswerError {
    /// A stable machine code for the API's `{code, message}` errors.
    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self {
            Self::TooShort { .. } => crate::error_code::ErrorCode::AnswerTooShort,
            Self::TooLong { .. } => crate::error_code::ErrorCode::AnswerTooLong,
        }
    }
}

impl NormalizedAnswer {
    /// Normalizes `raw` with [`normalize_answer`] and checks its length, in characters,
    /// after normalization: at least [`MIN_ANSWER_CHARS`], at most [`MAX_ANSWER_CHARS`].
    pub fn parse(raw: &str) -> Result<Self, AnswerError> {
        let too_long = AnswerError::TooLong {
            max: MAX_ANSWER_CHARS,
        };
        if raw.chars().count() > MAX_RAW_ANSWER_CHARS {
            return Err(too_long);
        }
        let normalized = normalize_answer(raw);
        let chars = normalized.chars().count();
        if chars < MIN_ANSWER_CHARS {
            return Err(AnswerError::TooShort {
                min: MIN_ANSWER_CHARS,
            });
        }
        if chars > MAX_ANSWER_CHARS {
            return Err(too_long);
        }
        Ok(Self(normalized))
    }

    /// The normalized answer, for the hashing code only. Never log, show or store it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NormalizedAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NormalizedAnswer(***)")
    }
}

#[cfg(test)]
mod tests;
