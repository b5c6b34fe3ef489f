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

/// The code that confirms `email` as `user`'s new address, sent there (sealed in the
/// outbox: it is a secret until it is used).
pub fn email_change_code_mail(user: &User, email: &str, code: &str) -> OutgoingMail {
    OutgoingMail {
        to: email.to_owned(),
        subject: "Your Dealer Access code to confirm this email".into(),
        body: format!(
            "Hello {first},\n\nTo make this the email address of user ID {id}, enter this code \
             in Dealer Access:\n\n    {code}\n\nIt works for {minutes} minutes. If you did not \
             ask for it, ignore this email: nothing changes without the code.\n\nDealer Access",
            first = user.first_name,
            id = user.user_id,
            minutes = crate::store::email_changes::CODE_MINUTES,
        ),
        kind: "email_change_code",
    }
}

/// The owner learns at their old address that their email changed.
pub fn email_changed_mail(
    state: &AppState,
    user: &User,
    new_email: &str,
    now: DateTime<Utc>,
) -> OutgoingMail {
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access email address was changed".into(),
        body: notice(
            state,
            user,
            now,
            &format!("Your email address was changed to {new_email}"),
        ),
        kind: "email_changed",
    }
}

/// The owner learns that their business phone changed.
pub fn phone_changed_mail(state: &AppState, user: &User, now: DateTime<Utc>) -> OutgoingMail {
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access business phone was changed".into(),
        body: notice(state, user, now, "Your business phone was changed"),
        kind: "phone_changed",
    }
}

/// An office manager (`name`, `email`) learns that `user` of their dealership changed how
/// they are reached (`what`, e.g. "their email address from a@… to b@…").
pub fn contact_changed_mail(name: &str, email: &str, user: &User, what: &str) -> OutgoingMail {
    OutgoingMail {
        to: email.to_owned(),
        subject: format!(
            "{} {} changed their contact details",
            user.first_name, user.last_name
        ),
        body: format!(
            "Hello {name},\n\n{first} {last} (user ID {id}) changed {what} in Dealer Access.\n\n\
             If this does not look right, talk to them, and file a deactivation if they have \
             left.\n\nDealer Access",
            first = user.first_name,
            last = user.last_name,
            id = user.user_id,
        ),
        kind: "contact_changed",
    }
}
