//! Password policy (DESIGN.md, "Security"): length, then guessability.
//!
//! The rules, in the order [`PasswordPolicy::check`] applies them:
//!
//! 1. **Length** is counted in Unicode scalar values (Rust `char`s), never bytes. The
//!    minimum is configurable ([`DEFAULT_MIN_CHARS`] by default, never below
//!    [`MIN_CHARS_FLOOR`]); the maximum is [`MAX_CHARS`], well above the promised 128.
//! 2. **Guessability** is estimated with zxcvbn, fed the person's user ID, first and last
//!    name, PDN and dealership name. A password is accepted when the estimate reaches
//!    [`MIN_ACCEPTED_SCORE`] (3 of 4: more than 10^8 guesses, zxcvbn's own "safe" line).
//!    Personal information earns no strength: if the password contains any of it
//!    (ignoring case), the rest is estimated without it and the lower score counts, so
//!    "SamuelOrtega01234" is refused although zxcvbn alone rates it 3.
//!
//! zxcvbn rates any n-character password at no more than about 10^n guesses, so score 3
//! needs at least 9 characters: with the minimum configured at 8, an 8-character
//! password passes the length rule but is always refused as too easy to guess.
//!
//! There are no composition rules (no "one digit, one symbol") and any Unicode is
//! accepted. The password is taken exactly as typed: never trimmed, never case-folded,
//! never Unicode-normalized, never truncated. Two passwords that differ only in case,
//! or in how an accented letter is encoded, are different passwords.
//!
//! Long passwords: zxcvbn only looks at the first 100 characters of its input (a guard
//! against slow estimates). So a password is estimated in consecutive windows of
//! [`ESTIMATE_WINDOW_CHARS`] characters and the strongest window counts: a password is at
//! least as hard to guess as any piece of it, so this never overrates one. A 128-char run
//! of one repeated character is weak in every window, so it is still rejected.
//!
//! Nothing here ever keeps, prints or returns the password: errors and [`Strength`]
//! carry only counts and zxcvbn's fixed advice sentences.

use std::fmt;

use serde::Serialize;
use thiserror::Error;

/// The minimum length used unless configured otherwise (characters).
pub const DEFAULT_MIN_CHARS: usize = 15;
/// The lowest minimum length a deployment may configure (characters).
pub const MIN_CHARS_FLOOR: usize = 8;
/// The highest minimum length a deployment may configure (characters): above it the
/// promise that any strong password of up to 128 characters is accepted would break.
pub const MIN_CHARS_CEILING: usize = 128;
/// The longest password accepted (characters). Generous for passphrases and password
/// managers, yet bounded so that hashing and estimating stay cheap.
pub const MAX_CHARS: usize = 256;
/// The lowest zxcvbn score (0–4) accepted. 3 means "more than 10^8 guesses".
pub const MIN_ACCEPTED_SCORE: u8 = 3;
/// zxcvbn examines at most this many characters per call.
pub const ESTIMATE_WINDOW_CHARS: usize = 100;

/// Shortest piece of context (in characters) treated as personal information.
const MIN_CONTEXT_TOKEN_CHARS: usize = 3;

/// How long a password must be. Build it with [`PasswordPolicy::new`] (or `default()`),
/// so a minimum below [`MIN_CHARS_FLOOR`] can never be configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    min_len: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_len: DEFAULT_MIN_CHARS,
        }
    }
}

/// A password policy configuration that cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PolicyError {
    #[error(
        "The minimum password length cannot be {requested} characters: it must be at least \
         {floor}. Set it to {floor} or more; {DEFAULT_MIN_CHARS} is the recommended default."
    )]
    MinBelowFloor { requested: usize, floor: usize },
    #[error(
        "The minimum password length cannot be {requested} characters: it must be at most \
         {ceiling}, so that long passphrases stay possible. Set it to {ceiling} or less; \
         {DEFAULT_MIN_CHARS} is the recommended default."
    )]
    MinAboveCeiling { requested: usize, ceiling: usize },
}

impl PasswordPolicy {
    /// A policy requiring at least `min_len` characters; refused below
    /// [`MIN_CHARS_FLOOR`] and above [`MIN_CHARS_CEILING`].
    pub fn new(min_len: usize) -> Result<Self, PolicyError> {
        if min_len < MIN_CHARS_FLOOR {
            return Err(PolicyError::MinBelowFloor {
                requested: min_len,
                floor: MIN_CHARS_FLOOR,
            });
        }
        if min_len > MIN_CHARS_CEILING {
            return Err(PolicyError::MinAboveCeiling {
                requested: min_len,
                ceiling: MIN_CHARS_CEILING,
            });
        }
        Ok(Self { min_len })
    }

    /// The minimum length in characters.
    pub fn min_len(&self) -> usize {
        self.min_len
    }

    /// The maximum length in characters (the same for every policy).
    pub fn max_len(&self) -> usize {
        MAX_CHARS
    }

    /// Accepts `password` or says why not and how to fix it. The password is used as
    /// given: no trimming, folding or normalization.
    pub fn check(
        &self,
        password: &str,
        ctx: &PasswordContext<'_>,
    ) -> Result<(), PasswordRejection> {
        let actual = password.chars().count();
        if actual < self.min_len {
            return Err(PasswordRejection::TooShort {
                min: self.min_len,
                actual,
            });
        }
        if actual > MAX_CHARS {
            return Err(PasswordRejection::TooLong {
                max: MAX_CHARS,
                actual,
            });
        }
        let strength = strength(password, ctx);
        if strength.is_acceptable() {
            return Ok(());
        }
        if let Some(what) = strength.personal_info {
            return Err(PasswordRejection::ContainsPersonalInfo { what });
        }
        Err(PasswordRejection::Weak {
            warning: strength.warning,
            suggestions: strength.suggestions,
        })
    }
}

/// What is known about the person choosing the password; a password built from any of
/// it is easy to guess for anyone who knows them. Empty fields are ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PasswordContext<'a> {
    pub user_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub pdn: &'a str,
    pub dealership_name: &'a str,
}

/// Which kind of personal information a password contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalInfo {
    UserId,
    Name,
    DealerNumber,
    DealershipName,
}

impl fmt::Display for PersonalInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UserId => "user ID",
            Self::Name => "name",
            Self::DealerNumber => "dealer number (PDN)",
            Self::DealershipName => "dealership name",
        })
    }
}

impl<'a> PasswordContext<'a> {
    /// The fields, most recognizable first: a piece shared by several fields (the last
    /// name inside the user ID) is reported as the first field's.
    fn fields(&self) -> [(PersonalInfo, &'a str); 5] {
        [
            (PersonalInfo::Name, self.first_name),
            (PersonalInfo::Name, self.last_name),
            (PersonalInfo::DealershipName, self.dealership_name),
            (PersonalInfo::DealerNumber, self.pdn),
            (PersonalInfo::UserId, self.user_id),
        ]
    }

    /// Every field in lower case, plus the words within it and the field without its
    /// separators ("Sunshine Valley Motors" → also "sunshine", "valley", "motors" and
    /// "sunshinevalleymotors"), skipping pieces too short to matter. Longest first, so
    /// that the most specific piece is found and removed first.
    fn tokens(&self) -> Vec<(PersonalInfo, String)> {
        let mut tokens: Vec<(PersonalInfo, String)> = Vec::new();
        for (kind, value) in self.fields() {
            let value = value.trim().to_lowercase();
            let squashed: String = value.chars().filter(|c| c.is_alphanumeric()).collect();
            let words: Vec<String> = value
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_owned)
                .collect();
            for token in [value, squashed].into_iter().chain(words) {
                let long_enough = token.chars().count() >= MIN_CONTEXT_TOKEN_CHARS;
                if long_enough && !tokens.iter().any(|(_, t)| *t == token) {
                    tokens.push((kind, token));
                }
            }
        }
        // Stable sort: among pieces of equal length, field order decides.
        tokens.sort_by_key(|(_, token)| std::cmp::Reverse(token.chars().count()));
        tokens
    }

    /// If the password contains personal information (ignoring case): the kind of its
    /// longest such piece, and the lower-cased password with every piece removed.
    fn strip_personal_info(&self, password: &str) -> Option<(PersonalInfo, String)> {
        let mut rest = password.to_lowercase();
        let mut found = None;
        for (kind, token) in self.tokens() {
            if rest.contains(token.as_str()) {
                found.get_or_insert(kind);
                rest = rest.replace(token.as_str(), "");
            }
        }
        found.map(|kind| (kind, rest))
    }
}

/// Why a password was refused. `Display` says why and how to fix it, in plain words;
/// no variant holds the password or any part of it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordRejection {
    #[error(
        "This password is too short ({actual} characters). Use at least {min} characters; \
         a few unrelated words make a strong, memorable password."
    )]
    TooShort { min: usize, actual: usize },
    #[error(
        "This password is too long ({actual} characters). Use at most {max} characters; \
         a few unrelated words are plenty."
    )]
    TooLong { max: usize, actual: usize },
    #[error(
        "This password is too easy to guess because it contains your {what}. Leave out your \
         name, user ID, dealer number and dealership name, and use a few unrelated words \
         instead."
    )]
    ContainsPersonalInfo { what: PersonalInfo },
    #[error("{}", weak_message(warning.as_deref(), suggestions))]
    Weak {
        /// zxcvbn's fixed explanation, e.g. "This is a very common password."
        warning: Option<String>,
        /// zxcvbn's fixed advice, e.g. "Add another word or two. Uncommon words are better."
        suggestions: Vec<String>,
    },
}

impl PasswordRejection {
    /// The API's machine code: every rejection is `weak_password`, and the message says
    /// which rule refused it and how to choose better.
    pub fn code(&self) -> crate::error_code::ErrorCode {
        crate::error_code::ErrorCode::WeakPassword
    }
}

fn weak_message(warning: Option<&str>, suggestions: &[String]) -> String {
    let mut message = String::from("This password is too easy to guess.");
    for sentence in warning
        .into_iter()
        .chain(suggestions.iter().map(String::as_str))
    {
        message.push(' ');
        message.push_str(sentence);
    }
    message.push_str(
        " A few unrelated words, like a short made-up sentence, make a strong password \
         that is easy to remember.",
    );
    message
}

/// How hard a password is to guess, for a live strength meter. Length rules are not
/// part of it; [`PasswordPolicy::check`] decides acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Strength {
    /// zxcvbn's score: 0 (guessed at once) to 4 (more than 10^10 guesses).
    pub score: u8,
    /// What makes it weak, if zxcvbn could tell (a fixed English sentence).
    pub warning: Option<String>,
    /// How to make it stronger (fixed English sentences); empty when strong.
    pub suggestions: Vec<String>,
    /// Personal information found in the password (its longest piece). It was left out
    /// of the score, since anyone who knows the person knows it.
    pub personal_info: Option<PersonalInfo>,
}

impl Strength {
    /// Whether the score reaches [`MIN_ACCEPTED_SCORE`].
    pub fn is_acceptable(&self) -> bool {
        self.score >= MIN_ACCEPTED_SCORE
    }
}

/// Estimates how hard `password` is to guess for someone who knows `ctx`.
///
/// zxcvbn already ranks the context as the likeliest words, but it still credits a
/// password made only of them ("SamuelOrtega01234" scores 3). So when the password
/// contains personal information, that information is removed and the rest is estimated
/// too; the lower score counts. Looks at no more than [`MAX_CHARS`] characters, in
/// windows of [`ESTIMATE_WINDOW_CHARS`]; the strongest window counts.
pub fn strength(password: &str, ctx: &PasswordContext<'_>) -> Strength {
    let tokens = ctx.tokens();
    let user_inputs: Vec<&str> = tokens.iter().map(|(_, t)| t.as_str()).collect();
    let mut best = estimate(password, &user_inputs);
    let personal_info = match ctx.strip_personal_info(password) {
        Some((what, rest)) => {
            let rest = estimate(&rest, &user_inputs);
            if rest.guesses() < best.guesses() {
                best = rest;
            }
            Some(what)
        }
        None => None,
    };
    let score = u8::from(best.score());
    let (warning, suggestions) = match best.feedback() {
        Some(feedback) if score < MIN_ACCEPTED_SCORE => (
            feedback.warning().map(|w| w.to_string()),
            feedback
                .suggestions()
                .iter()
                .map(ToString::to_string)
                .collect(),
        ),
        _ => (None, Vec::new()),
    };
    Strength {
        score,
        warning,
        suggestions,
        personal_info,
    }
}

/// zxcvbn's estimate of the strongest [`ESTIMATE_WINDOW_CHARS`] window of the first
/// [`MAX_CHARS`] characters.
fn estimate(password: &str, user_inputs: &[&str]) -> zxcvbn::Entropy {
    let chars: Vec<char> = password.chars().take(MAX_CHARS).collect();
    let mut windows = chars
        .chunks(ESTIMATE_WINDOW_CHARS)
        .map(|w| w.iter().collect::<String>());
    // An empty password has no window; zxcvbn rates "" as score 0.
    let first = windows.next().unwrap_or_default();
    let mut best = zxcvbn::zxcvbn(&first, user_inputs);
    for window in windows {
        let estimate = zxcvbn::zxcvbn(&window, user_inputs);
        if estimate.guesses() > best.guesses() {
            best = estimate;
        }
    }
    best
}

#[cfg(test)]
mod tests;
