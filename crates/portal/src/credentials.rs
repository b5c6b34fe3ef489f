//! What the routes that check or set someone's secrets share: the per-person attempt budget
//! (sign-in, password change, enrollment, reset), the password policy with the person as
//! context, the three question answers parsed and hashed, and the notice their owner gets
//! of a change. Route modules use these from here, never from each other.

use std::time::Instant;

use chrono::{DateTime, Utc};
use dealer_api::{ErrorCode, QuestionAnswer};
use dealer_core::password::PasswordContext;
use dealer_core::questions::{NormalizedAnswer, QuestionSet};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::store::outbox::OutgoingMail;
use crate::store::users::User;

/// The sign-in limits (per address, per user ID) apply to every password or answer
/// check, before any hashing.
pub fn rate_limit(state: &AppState, client: &ClientInfo, key: &str) -> Result<(), ApiError> {
    state
        .limits()
        .check(client.limit_key(), key, Instant::now())
        .map_err(ApiError::from)
}

/// The password policy with what is known about `user` as context: 400 `weak_password`
/// saying why and how to fix it.
pub async fn check_new_password(
    state: &AppState,
    user: &User,
    password: &str,
) -> Result<(), ApiError> {
    let dealership = match &user.pdn {
        Some(pdn) => state.store().dealer(pdn).await?.map(|d| d.name.to_string()),
        None => None,
    };
    let context = PasswordContext {
        user_id: user.user_id.as_str(),
        first_name: &user.first_name,
        last_name: &user.last_name,
        pdn: user.pdn.as_ref().map_or("", |p| p.as_str()),
        dealership_name: dealership.as_deref().unwrap_or(""),
    };
    state
        .settings()
        .password
        .check(password, &context)
        .map_err(|rejection| ApiError::Invalid {
            code: ErrorCode::WeakPassword,
            message: rejection.to_string(),
        })
}

/// Two challenge answers and the help-desk secret answer, each to a different question,
/// normalized as they are checked later: `(slot, question key, answer)`, slots 1 and 2 the
/// challenge questions and 3 the secret one. `duplicate_questions` when a question repeats;
/// an answer's own error names its question.
pub fn question_answers(
    challenge: &[QuestionAnswer; 2],
    secret: &QuestionAnswer,
) -> Result<Vec<(i64, &'static str, NormalizedAnswer)>, ApiError> {
    let [first, second] = challenge;
    let set =
        QuestionSet::new([first.question, second.question], secret.question).map_err(|e| {
            ApiError::Invalid {
                code: ErrorCode::DuplicateQuestions,
                message: e.to_string(),
            }
        })?;
    let [one, two] = set.challenge();
    let mut answers = Vec::with_capacity(3);
    for (slot, question, raw) in [
        (1, one, &first.answer),
        (2, two, &second.answer),
        (3, set.secret(), &secret.answer),
    ] {
        let answer = NormalizedAnswer::parse(raw).map_err(|e| ApiError::Invalid {
            code: e.code(),
            message: format!("\"{}\": {e}", question.text()),
        })?;
        answers.push((slot, question.key(), answer));
    }
    Ok(answers)
}

/// `answers` hashed for the store: `(slot, question key, PHC string)`.
pub async fn hashed_answers(
    state: &AppState,
    answers: &[(i64, &'static str, NormalizedAnswer)],
) -> Result<Vec<(i64, String, String)>, ApiError> {
    let mut rows = Vec::with_capacity(answers.len());
    for (slot, key, answer) in answers {
        let phc = state.hasher().hash(answer.expose_secret()).await?;
        rows.push((*slot, (*key).to_owned(), phc));
    }
    Ok(rows)
}

fn notice(state: &AppState, user: &User, now: DateTime<Utc>, what: &str) -> String {
    format!(
        "Hello {first},\n\n{what} for user ID {id}.\n\nIf this was you, there is nothing \
         more to do.\n\nIf this was not you, someone may have your password: tell your office \
         manager and {call}.\n\nDealer Access",
        first = user.first_name,
        id = user.user_id,
        call = state.help_desk().call_text(now),
    )
}

/// The owner learns of every password change (a reset included).
pub fn password_changed_mail(state: &AppState, user: &User, now: DateTime<Utc>) -> OutgoingMail {
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access password was changed".into(),
        body: notice(state, user, now, "Your password was changed"),
        kind: "password_changed",
    }
}

/// The owner learns of every change of their questions.
pub fn questions_changed_mail(state: &AppState, user: &User, now: DateTime<Utc>) -> OutgoingMail {
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access security questions were changed".into(),
        body: notice(
            state,
            user,
            now,
            "Your challenge questions and help-desk secret question were changed",
        ),
        kind: "questions_changed",
    }
}
