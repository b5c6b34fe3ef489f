//! The help desk's decisions: verifying a caller by their secret question and unlocking
//! them, each with its count, audit rows and mail in one transaction. The console's routes
//! (`routes::help_desk_console`) find the caller and call these.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use dealer_api::{
    ApprovalAction, AuditDetail, AuditEvent, AuditOutcome, ErrorCode, HelpDeskUnlocked,
};
use dealer_core::access::AccountState;
use dealer_core::lockout::{
    AttemptKind, HELP_DESK_VERIFICATION_LIMIT, HELP_DESK_VERIFICATION_PAUSE_HOURS,
    UNLOCK_AFTER_VERIFICATION_MINUTES, UNLOCK_APPROVAL_VALID_MINUTES, UNLOCK_APPROVAL_WAITS_HOURS,
};
use dealer_core::questions::NormalizedAnswer;

use sqlx::{Any, Transaction};

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
    let clearance = cleared(state, agent, user, client, ApprovalAction::Unlock).await?;
    // Hash before the transaction: it holds no locks while argon2 runs.
    let temporary_password = random_password();
    let phc = state.hasher().hash(&temporary_password).await?;

    let now = state.now();
    let tx = state.store().pool().begin().await?;
    let (mut tx, verification) = clearance.use_up(tx, state, agent, user, client).await?;
    let expires_at = now + state.settings().temporary_password;
    if !unlock_with_temporary_password(&mut tx, user.pk, &phc, expires_at).await? {
        // Deactivated (or gone) since it was read: the verification stays unused.
        return Err(nothing_to_unlock());
    }
    let done = Done {
        event: AuditEvent::HelpDeskUnlock,
        verification,
        mail: unlocked_mail(state, user, now),
    };
    done.conclude(tx, agent, user, client, now).await?;
    Ok(HelpDeskUnlocked {
        temporary_password,
        expires_at,
    })
}

/// A reset of `user`'s two-step sign-in (a lost or new phone) by `agent`, cleared like an
/// unlock: a matched, unused verification of that caller by `agent` within 15 minutes (and
/// for the provider's own people a second admin's approval of this reset) is used up; the
/// secret and recovery codes go, every session ends, and the owner is mailed, in one
/// transaction. They set it up again at their next sign-in.
pub async fn reset_two_step(
    state: &AppState,
    agent: &User,
    user: &User,
    client: &ClientInfo,
) -> Result<(), ApiError> {
    if !user.two_step_on {
        return Err(ApiError::Conflict(format!(
            "Two-step sign-in is not on for {} {}: there is nothing to reset. They can sign in \
             with their password (and set it up there if their role must use it).",
            user.first_name, user.last_name
        )));
    }
    let clearance = cleared(state, agent, user, client, ApprovalAction::TwoStepReset).await?;
    let now = state.now();
    let tx = state.store().pool().begin().await?;
    let (mut tx, verification) = clearance.use_up(tx, state, agent, user, client).await?;
    crate::store::two_step::remove(&mut tx, user.pk).await?;
    let done = Done {
        event: AuditEvent::TwoStepReset,
        verification,
        mail: two_step_reset_mail(state, user, now),
    };
    done.conclude(tx, agent, user, client, now).await
}

/// How an unlock or a reset ends, in its transaction: every session of the person ends,
/// the action is audited with the verification it used, and the owner is mailed.
struct Done {
    event: AuditEvent,
    verification: i64,
    mail: OutgoingMail,
}

impl Done {
    async fn conclude(
        self,
        mut tx: Transaction<'_, Any>,
        agent: &User,
        user: &User,
        client: &ClientInfo,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let ended = sessions::revoke_all(&mut tx, user.pk, now).await?;
        let detail = AuditDetail::Unlock {
            was_locked: user.locked_at.is_some(),
            lock_kind: user.locked_at.and(user.lock_kind),
            verification_id: self.verification,
            sessions_ended: ended,
        };
        let done = entry(self.event, AuditOutcome::Success, agent, user, client);
        audit::append(
            &mut tx,
            &Entry {
                detail: Some(detail),
                ..done
            },
            now,
        )
        .await?;
        outbox::enqueue(&mut tx, &self.mail, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// What lets `agent` act on `user` now: a matched, unused verification of the caller
/// within 15 minutes, and for the provider's own people an approval of this action by a
/// second provider admin. Checked before anything costly; used up in the action's
/// transaction by [`Clearance::use_up`].
struct Clearance {
    action: ApprovalAction,
    verified_since: DateTime<Utc>,
    /// Since when an approval counts, where one is needed.
    approved_since: Option<DateTime<Utc>>,
}

async fn cleared(
    state: &AppState,
    agent: &User,
    user: &User,
    client: &ClientInfo,
    action: ApprovalAction,
) -> Result<Clearance, ApiError> {
    state.verify_limit().check(&agent.pk, Instant::now())?;
    let event = audit_event(action);
    let verified_since = state.now() - Duration::minutes(UNLOCK_AFTER_VERIFICATION_MINUTES);
    if !state
        .store()
        .has_usable_verification(agent.pk, user.pk, verified_since, state.now())
        .await?
    {
        return Err(verification_required(state, event, agent, user, client).await);
    }
    // One of the provider's own people: never one help-desk person alone.
    let approved_since = (!user.role.belongs_to_dealership())
        .then(|| state.now() - Duration::minutes(UNLOCK_APPROVAL_VALID_MINUTES));
    if let Some(since) = approved_since
        && !state
            .store()
            .has_unlock_approval(action, agent.pk, user.pk, since)
            .await?
    {
        return Err(approval_required(state, action, agent, user, client).await?);
    }
    Ok(Clearance {
        action,
        verified_since,
        approved_since,
    })
}

impl Clearance {
    /// Use up the verification (and approval) in `tx`, in one statement each: of two
    /// actions racing for them, one goes through. The transaction and the verification's
    /// id; when another action took them first, the transaction is rolled back (the
    /// verification stays unused) before the refusal is audited.
    async fn use_up<'c>(
        &self,
        mut tx: Transaction<'c, Any>,
        state: &AppState,
        agent: &User,
        user: &User,
        client: &ClientInfo,
    ) -> Result<(Transaction<'c, Any>, i64), ApiError> {
        let now = state.now();
        let Some(verification) =
            consume_verification(&mut tx, agent.pk, user.pk, self.verified_since, now).await?
        else {
            drop(tx);
            let event = audit_event(self.action);
            return Err(verification_required(state, event, agent, user, client).await);
        };
        if let Some(since) = self.approved_since
            && consume_unlock_approval(&mut tx, self.action, user.pk, agent.pk, since, now)
                .await?
                .is_none()
        {
            drop(tx);
            return Err(approval_required(state, self.action, agent, user, client).await?);
        }
        Ok((tx, verification))
    }
}

fn audit_event(action: ApprovalAction) -> AuditEvent {
    match action {
        ApprovalAction::Unlock => AuditEvent::HelpDeskUnlock,
        ApprovalAction::TwoStepReset => AuditEvent::TwoStepReset,
    }
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
    action: ApprovalAction,
    agent: &User,
    user: &User,
    client: &ClientInfo,
) -> Result<ApiError, ApiError> {
    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    ask_unlock_approval(
        &mut tx,
        action,
        user.pk,
        agent.pk,
        now - Duration::hours(UNLOCK_APPROVAL_WAITS_HOURS),
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        &entry(
            audit_event(action),
            AuditOutcome::ApprovalRequired,
            agent,
            user,
            client,
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    let doing = match action {
        ApprovalAction::Unlock => "unlocking them",
        ApprovalAction::TwoStepReset => "resetting their two-step sign-in",
    };
    let act = match action {
        ApprovalAction::Unlock => "unlock",
        ApprovalAction::TwoStepReset => "reset",
    };
    Ok(ApiError::AccountUnavailable {
        code: ErrorCode::ApprovalRequired,
        message: format!(
            "{first} {last} is one of the provider's own people: {doing} needs a second \
             provider admin's approval, which has now been asked for. Once it is given (Provider \
             staff, in an admin's app), verify the caller again if more than \
             {UNLOCK_AFTER_VERIFICATION_MINUTES} minutes have passed, and {act} within \
             {UNLOCK_APPROVAL_VALID_MINUTES} minutes.",
            first = user.first_name,
            last = user.last_name,
        ),
    })
}

/// No matched, unused verification by this help-desk person: audited, and refused.
async fn verification_required(
    state: &AppState,
    event: AuditEvent,
    agent: &User,
    user: &User,
    client: &ClientInfo,
) -> ApiError {
    let audited = state
        .store()
        .audit(
            &entry(
                event,
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
            "Verify the caller with their secret question first: an unlock or a two-step reset \
             needs a matched verification by you within the last \
             {UNLOCK_AFTER_VERIFICATION_MINUTES} minutes, and each verification allows one."
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

/// The owner learns of the reset at once: if it was not them, their account is at risk.
fn two_step_reset_mail(state: &AppState, user: &User, now: DateTime<Utc>) -> OutgoingMail {
    OutgoingMail {
        to: user.email.clone(),
        subject: "Two-step sign-in was reset for your Dealer Access user ID".into(),
        body: format!(
            "Hello {first},\n\nThe help desk verified a caller with your secret question and \
             reset two-step sign-in for user ID {id}: the authenticator app and the recovery \
             codes set up before no longer work, and every session of this user ID was signed \
             out. You set two-step sign-in up again, with your authenticator app, at your next \
             sign-in.\n\nIf this was not you, {call} Tell your office manager too.\n\nDealer Access",
            first = user.first_name,
            id = user.user_id,
            call = call_sentence(state, now),
        ),
        kind: "two_step_reset",
    }
}

/// "call … (…; hours …)." to end a sentence that starts "If this was …,".
fn call_sentence(state: &AppState, now: DateTime<Utc>) -> String {
    format!("{}.", state.help_desk().call_text(now))
}
