//! A person's own secrets changing: a password changed while signed in, the questions
//! replaced, an enrollment, a reset issued and completed. Each writes the change, what it
//! ends (sessions), the owner's notice and its audit row in one transaction; the routes
//! check the request and the person first and hash before calling, so no transaction
//! waits on argon2.

use dealer_api::{AuditDetail, AuditEvent, AuditOutcome};

use crate::AppState;
use crate::credentials::{
    contact_changed_mail, email_change_code_mail, email_changed_mail, password_changed_mail,
    phone_changed_mail, questions_changed_mail,
};
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::store::audit::{self, Entry};
use crate::store::sessions::{self, Token};
use crate::store::users::{User, replace_questions};
use crate::store::{email_changes, enrollments, outbox, resets};

/// An audit entry of `user` acting on their own account.
pub fn own_entry(
    event: AuditEvent,
    outcome: AuditOutcome,
    user: &User,
    client: &ClientInfo,
) -> Entry {
    Entry {
        event,
        outcome,
        actor: Some(user.user_id.to_string()),
        target: Some(user.user_id.to_string()),
        pdn: user.pdn.as_ref().map(ToString::to_string),
        client_addr: client.addr_text(),
        detail: None,
    }
}

/// `user`'s new password (`phc`), chosen while signed in with `session_id`: every other
/// session ends and the owner is told. `Unauthenticated` when the account was locked or
/// left the active state since the session was checked (nothing changed then).
pub async fn change_password(
    state: &AppState,
    user: &User,
    session_id: &str,
    phc: &str,
    client: &ClientInfo,
) -> Result<(), ApiError> {
    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    if !resets::set_changed_password(&mut tx, user.pk, phc).await? {
        return Err(ApiError::Unauthenticated);
    }
    let ended = resets::revoke_other_sessions(&mut tx, user.pk, session_id, now).await?;
    outbox::enqueue(&mut tx, &password_changed_mail(state, user, now), now).await?;
    audit::append(
        &mut tx,
        &Entry {
            detail: Some(AuditDetail::SessionsEnded {
                sessions_ended: ended,
                others_only: true,
                still_locked: false,
            }),
            ..own_entry(
                AuditEvent::PasswordChange,
                AuditOutcome::Success,
                user,
                client,
            )
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `user`'s three questions replaced by `rows` (slot, question key, hashed answer); the
/// owner is told.
pub async fn change_questions(
    state: &AppState,
    user: &User,
    rows: &[(i64, String, String)],
    client: &ClientInfo,
) -> Result<(), ApiError> {
    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    replace_questions(&mut tx, user.pk, rows).await?;
    outbox::enqueue(&mut tx, &questions_changed_mail(state, user, now), now).await?;
    audit::append(
        &mut tx,
        &own_entry(
            AuditEvent::QuestionsChange,
            AuditOutcome::Success,
            user,
            client,
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `user` enrolls with `code`: it is used up, and their password and questions set. False
/// when another enrollment with the same code won the race (nothing changed then).
pub async fn enroll(
    state: &AppState,
    user: &User,
    code: &str,
    phc: &str,
    rows: &[(i64, String, String)],
    client: &ClientInfo,
) -> Result<bool, ApiError> {
    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    if !enrollments::consume(&mut tx, user.pk, code, now).await? {
        return Ok(false);
    }
    state
        .store()
        .set_password_hash(&mut tx, user.pk, phc, None)
        .await?;
    replace_questions(&mut tx, user.pk, rows).await?;
    audit::append(
        &mut tx,
        &own_entry(AuditEvent::Enrollment, AuditOutcome::Success, user, client),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A single-use reset token for `user`, whose answers were right; `audited` is the
/// success row of the answers.
pub async fn issue_reset(
    state: &AppState,
    user: &User,
    audited: &Entry,
) -> Result<Token, ApiError> {
    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    let token = resets::issue_reset(&mut tx, user.pk, now).await?;
    audit::append(&mut tx, audited, now).await?;
    tx.commit().await?;
    Ok(token)
}

/// How completing a reset ended, when nothing failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetCompleted {
    /// The new password is set, every session ended, the owner told.
    Done,
    /// Another completion used the token first; nothing changed.
    TokenSpent,
    /// The account is no longer active; nothing changed (audited as `not_active`).
    NotActive,
}

/// Complete `user`'s reset with `token` and their new password (`phc`): the token is used
/// up atomically (of concurrent completions exactly one gets on), every session ends and a
/// locked account stays locked. `audited` is the row of the completion; its outcome and
/// detail are set here.
pub async fn complete_reset(
    state: &AppState,
    user: &User,
    token: &str,
    phc: &str,
    audited: Entry,
) -> Result<ResetCompleted, ApiError> {
    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    if resets::consume_reset(&mut tx, token, now).await? != Some(user.pk) {
        return Ok(ResetCompleted::TokenSpent);
    }
    let Some(locked) = resets::set_password_after_reset(&mut tx, user.pk, phc).await? else {
        drop(tx);
        let entry = Entry {
            outcome: AuditOutcome::NotActive,
            ..audited
        };
        state.store().audit(&entry, now).await?;
        return Ok(ResetCompleted::NotActive);
    };
    let ended = sessions::revoke_all(&mut tx, user.pk, now).await?;
    outbox::enqueue(&mut tx, &password_changed_mail(state, user, now), now).await?;
    audit::append(
        &mut tx,
        &Entry {
            outcome: AuditOutcome::Success,
            detail: Some(AuditDetail::SessionsEnded {
                sessions_ended: ended,
                others_only: false,
                still_locked: locked,
            }),
            ..audited
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ResetCompleted::Done)
}

/// The office managers of `user`'s dealership other than `user`, to tell of a change of
/// their contact details.
async fn managers_to_tell(
    state: &AppState,
    user: &User,
) -> Result<Vec<(String, String)>, ApiError> {
    let Some(pdn) = &user.pdn else {
        return Ok(Vec::new());
    };
    let mine = user.email.to_lowercase();
    Ok(state
        .store()
        .office_managers(pdn)
        .await?
        .into_iter()
        .filter(|(_, email)| email.to_lowercase() != mine)
        .collect())
}

/// A change of `user`'s contact details as it is told: the owner's notice, the office
/// managers' (`what` changed), and the audit row of `event`.
struct Told {
    owner: crate::store::outbox::OutgoingMail,
    managers: Vec<(String, String)>,
    what: String,
    event: AuditEvent,
}

impl Told {
    async fn write(
        &self,
        tx: &mut sqlx::AnyConnection,
        user: &User,
        client: &ClientInfo,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), ApiError> {
        outbox::enqueue(&mut *tx, &self.owner, now).await?;
        for (name, address) in &self.managers {
            let mail = contact_changed_mail(name, address, user, &self.what);
            outbox::enqueue(&mut *tx, &mail, now).await?;
        }
        let entry = own_entry(self.event, AuditOutcome::Success, user, client);
        audit::append(&mut *tx, &entry, now).await?;
        Ok(())
    }
}

/// `user` asks to make `email` their address: a code goes there (the change waits for it),
/// audited as `code_sent`.
pub async fn start_email_change(
    state: &AppState,
    user: &User,
    email: &str,
    client: &ClientInfo,
) -> Result<dealer_api::EmailChangeStarted, ApiError> {
    let now = state.now();
    let secret = state
        .store()
        .server_secret(email_changes::EMAIL_CHANGE_SECRET, now)
        .await?;
    let mut tx = state.store().pool().begin().await?;
    let (code, expires_at) = email_changes::start(&mut tx, user.pk, email, &secret, now).await?;
    let email = crate::store::email_codes::canonical_email(email);
    outbox::enqueue(
        &mut tx,
        &email_change_code_mail(user, &email, code.expose()),
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        &own_entry(
            AuditEvent::EmailChange,
            AuditOutcome::CodeSent,
            user,
            client,
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(dealer_api::EmailChangeStarted { email, expires_at })
}

/// `user` typed `code` from the mail to their new address: the new email once it is right
/// (then set, the owner told at the old address and their office managers told, audited);
/// `None` for a wrong, used or expired code (audited as `wrong_code`).
pub async fn confirm_email_change(
    state: &AppState,
    user: &User,
    code: &str,
    client: &ClientInfo,
) -> Result<Option<String>, ApiError> {
    let now = state.now();
    let secret = state
        .store()
        .server_secret(email_changes::EMAIL_CHANGE_SECRET, now)
        .await?;
    let managers = managers_to_tell(state, user).await?;
    let mut tx = state.store().pool().begin().await?;
    let Some(email) = email_changes::confirm(&mut tx, user.pk, code, &secret, now).await? else {
        tx.commit().await?;
        let wrong = own_entry(
            AuditEvent::EmailChange,
            AuditOutcome::WrongCode,
            user,
            client,
        );
        state.store().audit(&wrong, now).await?;
        return Ok(None);
    };
    if !email_changes::set_email(&mut tx, user.pk, &email).await? {
        return Err(ApiError::Unauthenticated);
    }
    let told = Told {
        owner: email_changed_mail(state, user, &email, now),
        managers,
        what: format!("their email address from {} to {email}", user.email),
        event: AuditEvent::EmailChange,
    };
    told.write(&mut tx, user, client, now).await?;
    tx.commit().await?;
    Ok(Some(email))
}

/// `user`'s business phone is now `phone` (E.164, or none): the owner and their office
/// managers are told, audited.
pub async fn change_phone(
    state: &AppState,
    user: &User,
    phone: Option<&str>,
    client: &ClientInfo,
) -> Result<(), ApiError> {
    let now = state.now();
    let managers = managers_to_tell(state, user).await?;
    let mut tx = state.store().pool().begin().await?;
    if !email_changes::set_phone(&mut tx, user.pk, phone).await? {
        return Err(ApiError::Unauthenticated);
    }
    let told = Told {
        owner: phone_changed_mail(state, user, now),
        managers,
        what: match phone {
            Some(phone) => format!("their business phone to {phone}"),
            None => "their business phone (removed it)".to_owned(),
        },
        event: AuditEvent::PhoneChange,
    };
    told.write(&mut tx, user, client, now).await?;
    tx.commit().await?;
    Ok(())
}
