//! The help desk's decisions: verifying a caller by their secret question and unlocking
//! them, each with its count, audit rows and mail in one transaction. The console's routes
//! (`routes::help_desk_console`) find the caller and call these.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use dealer_api::{AuditDetail, AuditEvent, AuditOutcome, ErrorCode, HelpDeskUnlocked};
use dealer_core::access::AccountState;
use dealer_core::lockout::{
    AttemptKind, HELP_DESK_VERIFICATION_LIMIT, HELP_DESK_VERIFICATION_PAUSE_HOURS,
    UNLOCK_AFTER_VERIFICATION_MINUTES, UNLOCK_APPROVAL_VALID_MINUTES, UNLOCK_APPROVAL_WAITS_HOURS,
};
use dealer_core::questions::NormalizedAnswer;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::seed::random_password;
use crate::store::audit::{self, Entry};
use crate::store::help_desk::{
    ask_unlock_approval, consume_unlock_approval, consume_verification, hold_user_row,
    record_verification, unlock_with_temporary_password, verification_paused_until,
};
use crate::store::outbox::{self, OutgoingMail};
use crate::store::sessions;
use crate::store::users::User;

/// Check `answer` against `user`'s help-desk secret question for `agent`, unless the
/// caller's misses reached the limit: the check, its count and its audit row (and at the
/// limit the lock, the ended sessions and the owner's mail) in one transaction. Whether it
/// matched.
pub async fn verify(
    state: &AppState,
    agent: &User,
    user: &User,
    answer: &NormalizedAnswer,
    client: &ClientInfo,
) -> Result<bool, ApiError> {
    // Past the limit nothing is checked, so no more guesses are taken (and no hash spent).
    let pause = Duration::hours(HELP_DESK_VERIFICATION_PAUSE_HOURS);
    let mut conn = state.store().pool().acquire().await?;
    let paused = verification_paused_until(
        &mut conn,
        user.pk,
        HELP_DESK_VERIFICATION_LIMIT,
        pause,
        state.now(),
    )
    .await?;
    drop(conn);
    if paused.is_some() {
        return Err(verification_paused(user));
    }
    let (_, hash) = state
        .store()
        .secret_question(user.pk)
        .await?
        .ok_or_else(|| {
            ApiError::Conflict(
                "This user has not set a secret question yet, so the help desk cannot verify them."
                    .into(),
            )
        })?;
    let matched = state
        .hasher()
        .verify(answer.expose_secret(), &hash)
        .await?
        .ok;

    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    // Again inside the transaction that records it, with the row held: of guesses racing
    // past the check above, only those still under the limit count.
    hold_user_row(&mut tx, user.pk).await?;
    if verification_paused_until(&mut tx, user.pk, HELP_DESK_VERIFICATION_LIMIT, pause, now)
        .await?
        .is_some()
    {
        return Err(verification_paused(user));
    }
    let count = record_verification(
        &mut tx,
        agent.pk,
        user.pk,
        matched,
        HELP_DESK_VERIFICATION_LIMIT,
        now,
    )
    .await?;
    let outcome = if matched {
        AuditOutcome::Match
    } else {
        AuditOutcome::NoMatch
    };
    audit::append(
        &mut tx,
        &Entry {
            detail: (!matched).then_some(AuditDetail::Misses {
                misses: count.failures,
            }),
            ..entry(AuditEvent::HelpDeskVerify, outcome, agent, user, client)
        },
        now,
    )
    .await?;
    if count.reached_limit {
        if count.locked_now {
            sessions::revoke_all(&mut tx, user.pk, now).await?;
            audit::append(
                &mut tx,
                &Entry {
                    detail: Some(AuditDetail::FailedAttempts {
                        failures: count.failures,
                        attempt_kind: AttemptKind::HelpDeskVerification,
                    }),
                    ..entry(
                        AuditEvent::AccountLocked,
                        AuditOutcome::Locked,
                        agent,
                        user,
                        client,
                    )
                },
                now,
            )
            .await?;
        }
        outbox::enqueue(
            &mut tx,
            &misses_mail(state, user, count.locked_now, now),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(matched)
}

/// Unlock `user` for `agent`: a matched, unused verification of that caller by `agent`
/// within 15 minutes (and for the provider's own people a second admin's approval) is used
/// up, the lock lifted, every session ended and a temporary password issued, shown this once.
pub async fn unlock(
    state: &AppState,
    agent: &User,
    user: &User,
    client: &ClientInfo,
) -> Result<HelpDeskUnlocked, ApiError> {
    if matches!(
        user.stored_state,
        AccountState::Pending | AccountState::Deactivated
    ) {
        return Err(nothing_to_unlock());
    }
    // The cheap checks first: a hash is spent only on an unlock that can go through.
    state.verify_limit().check(&agent.pk, Instant::now())?;
    let since = state.now() - Duration::minutes(UNLOCK_AFTER_VERIFICATION_MINUTES);
    if !state
        .store()
        .has_usable_verification(agent.pk, user.pk, since, state.now())
        .await?
    {
        return Err(verification_required(state, agent, user, client).await);
    }
    // One of the provider's own people: never one help-desk person alone.
    let needs_approval = !user.role.belongs_to_dealership();
    let approved_since = state.now() - Duration::minutes(UNLOCK_APPROVAL_VALID_MINUTES);
    if needs_approval
        && !state
            .store()
            .has_unlock_approval(agent.pk, user.pk, approved_since)
            .await?
    {
        return Err(approval_required(state, agent, user, client).await?);
    }
    // Hash before the transaction: it holds no locks while argon2 runs.
    let temporary_password = random_password();
    let phc = state.hasher().hash(&temporary_password).await?;

    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    let Some(verification) = consume_verification(&mut tx, agent.pk, user.pk, since, now).await?
    else {
        // Another unlock took it meanwhile.
        drop(tx);
        return Err(verification_required(state, agent, user, client).await);
    };
    if needs_approval
        && consume_unlock_approval(&mut tx, user.pk, agent.pk, approved_since, now)
            .await?
            .is_none()
    {
        // Used by another unlock meanwhile: the verification stays unused.
        drop(tx);
        return Err(approval_required(state, agent, user, client).await?);
    }
    let expires_at = now + state.settings().temporary_password;
    if !unlock_with_temporary_password(&mut tx, user.pk, &phc, expires_at).await? {
        // Deactivated (or gone) since it was read: the verification stays unused.
        return Err(nothing_to_unlock());
    }
    let ended = sessions::revoke_all(&mut tx, user.pk, now).await?;
    audit::append(
        &mut tx,
        &Entry {
            detail: Some(AuditDetail::Unlock {
                was_locked: user.locked_at.is_some(),
                lock_kind: user.locked_at.and(user.lock_kind),
                verification_id: verification,
                sessions_ended: ended,
            }),
            ..entry(
                AuditEvent::HelpDeskUnlock,
                AuditOutcome::Success,
                agent,
                user,
                client,
            )
        },
        now,
    )
    .await?;
    outbox::enqueue(&mut tx, &unlocked_mail(state, user, now), now).await?;
    tx.commit().await?;
    Ok(HelpDeskUnlocked {
        temporary_password,
        expires_at,
    })
}

/// An audit entry of the help desk acting on `user`, filed under the user's dealership so
/// its office manager sees it too.
pub(crate) fn entry(
    event: AuditEvent,
    outcome: AuditOutcome,
    agent: &User,
    user: &User,
    client: &ClientInfo,
) -> Entry {
    Entry {
        event,
        outcome,
        actor: Some(agent.user_id.to_string()),
        target: Some(user.user_id.to_string()),
        pdn: user.pdn.as_ref().map(ToString::to_string),
        client_addr: client.addr_text(),
        detail: None,
    }
}

/// Unlocking one of the provider's own people: a second provider admin is asked (one
/// waiting request per asker and person), audited, and the unlock refused for now.
async fn approval_required(
    state: &AppState,
    agent: &User,
    user: &User,
    client: &ClientInfo,
) -> Result<ApiError, ApiError> {
    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    ask_unlock_approval(
        &mut tx,
        user.pk,
        agent.pk,
        now - Duration::hours(UNLOCK_APPROVAL_WAITS_HOURS),
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        &entry(
            AuditEvent::HelpDeskUnlock,
            AuditOutcome::ApprovalRequired,
            agent,
            user,
            client,
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiError::AccountUnavailable {
        code: ErrorCode::ApprovalRequired,
        message: format!(
            "{first} {last} is one of the provider's own people: unlocking them needs a second \
             provider admin's approval, which has now been asked for. Once it is given (Provider \
             staff, in an admin's app), verify the caller again if more than \
             {UNLOCK_AFTER_VERIFICATION_MINUTES} minutes have passed, and unlock within \
             {UNLOCK_APPROVAL_VALID_MINUTES} minutes.",
            first = user.first_name,
            last = user.last_name,
        ),
    })
}

/// No matched, unused verification by this help-desk person: audited, and refused.
async fn verification_required(
    state: &AppState,
    agent: &User,
    user: &User,
    client: &ClientInfo,
) -> ApiError {
    let audited = state
        .store()
        .audit(
            &entry(
                AuditEvent::HelpDeskUnlock,
                AuditOutcome::VerificationRequired,
                agent,
                user,
                client,
            ),
            state.now(),
        )
        .await;
    if let Err(err) = audited {
        return err.into();
    }
    ApiError::AccountUnavailable {
        code: ErrorCode::VerificationRequired,
        message: format!(
            "Verify the caller with their secret question first: an unlock needs a matched \
             verification by you within the last {UNLOCK_AFTER_VERIFICATION_MINUTES} minutes, \
             and each verification allows one unlock."
        ),
    }
}

/// The caller's misses reached the limit: no verification until the pause is over.
fn verification_paused(user: &User) -> ApiError {
    ApiError::AccountUnavailable {
        code: ErrorCode::Locked,
        message: format!(
            "{first} {last}'s secret question was missed {HELP_DESK_VERIFICATION_LIMIT} times in a \
             row, so this caller cannot be verified again until \
             {HELP_DESK_VERIFICATION_PAUSE_HOURS} hours after the last miss. Nothing was checked. \
             The owner of the user ID was emailed about the misses.",
            first = user.first_name,
            last = user.last_name,
        ),
    }
}

fn nothing_to_unlock() -> ApiError {
    ApiError::Conflict(
        "This user ID is pending or deactivated: there is nothing to unlock. Its office manager \
         can file a request."
            .into(),
    )
}

/// The owner learns that a caller missed their secret question 3 times in a row.
fn misses_mail(
    state: &AppState,
    user: &User,
    locked_now: bool,
    now: DateTime<Utc>,
) -> OutgoingMail {
    let lock = if locked_now {
        " To protect your account, online access is now locked."
    } else {
        ""
    };
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access user ID is locked".into(),
        body: format!(
            "Hello {first},\n\nSomeone who called the help desk about user ID {id} answered your \
             help-desk secret question wrong {n} times in a row.{lock}\n\nIf this was you, {call} \
             The help desk will verify you with your secret question and give you a temporary \
             password.\n\nIf this was not you, tell your office manager and the help desk: someone \
             may be pretending to be you.\n\nDealer Access",
            first = user.first_name,
            id = user.user_id,
            n = HELP_DESK_VERIFICATION_LIMIT,
            call = call_sentence(state, now),
        ),
        kind: "account_locked",
    }
}

/// The owner learns of the unlock at once; the temporary password is never in it.
fn unlocked_mail(state: &AppState, user: &User, now: DateTime<Utc>) -> OutgoingMail {
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access user ID was unlocked".into(),
        body: format!(
            "Hello {first},\n\nThe help desk verified a caller with your secret question and \
             unlocked user ID {id}. The caller was given a temporary password, which must be \
             changed at the next sign-in; every session of this user ID was signed out.\n\n\
             If this was not you, {call} Tell your office manager too.\n\nDealer Access",
            first = user.first_name,
            id = user.user_id,
            call = call_sentence(state, now),
        ),
        kind: "account_unlocked",
    }
}

/// "call … (…; hours …)." to end a sentence that starts "If this was …,".
fn call_sentence(state: &AppState, now: DateTime<Utc>) -> String {
    format!("{}.", state.help_desk().call_text(now))
}
