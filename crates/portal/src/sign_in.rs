//! Signing in, where the Security section's rules meet:
//!
//! - Unknown user, wrong password and locked account answer the same (status, body, and
//!   about the same time): every failure path costs one argon2 verification (a dummy hash
//!   for unknown IDs). The real reason goes to the audit log.
//! - Failures are counted in one atomic statement; the attempt that reaches the threshold
//!   locks the account, ends its sessions and queues an email to the owner, all in one
//!   transaction.
//! - A locked account never reveals whether the password was right. An inactive,
//!   pending or deactivated account says so only after a correct password.
//! - Rate limits per client address and per user ID apply before any hashing.
//! - A session is created only while the hash the password was checked against is still
//!   the stored one (compare-and-set), so a reset, unlock or change that lands during the
//!   check wins; a rehash never overwrites a newer hash. A help desk's temporary password
//!   works for one sign-in within `DEALER_TEMPORARY_PASSWORD_HOURS`.

use dealer_api::AuditDetail;
use dealer_api::ErrorCode;
use dealer_api::{AuditEvent, AuditOutcome};

use chrono::{DateTime, Utc};
use dealer_core::access::AccountState;
use dealer_core::ids::UserId;
use dealer_core::inactivity::InactivityStatus;
use dealer_core::lockout::AttemptKind;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::store::audit::{self, Entry};
use crate::store::outbox::{self, OutgoingMail};
use crate::store::sessions::{self, Session, Token};
use crate::store::two_step;
use crate::store::users::{FailureCount, Standing, User};
use crate::workflow::two_step::CodeCheck;

/// Where a sign-in with the right password stands.
#[derive(Debug)]
pub enum Step {
    /// Signed in.
    SignedIn(Box<SignedIn>),
    /// Two-step sign-in is on: no session until the code (`second_step`), with this token
    /// for the next five minutes.
    CodeNeeded {
        token: Token,
        expires_at: DateTime<Utc>,
    },
}

/// A successful sign-in.
#[derive(Debug)]
pub struct SignedIn {
    pub token: Token,
    pub session: Session,
    pub user: User,
    /// The token of the computer just remembered for the second step, shown this once.
    pub device_token: Option<Token>,
    /// Signed in with a recovery code: how many are left.
    pub recovery_codes_left: Option<u32>,
}

/// The one answer to every failed sign-in.
pub fn invalid_credentials(state: &AppState, now: DateTime<Utc>) -> ApiError {
    ApiError::InvalidCredentials(format!(
        "The user ID or password is not right. After {} failed attempts online access is locked \
         and only the help desk can unlock it. For help, {}.",
        state.settings().lockout.max_attempts(),
        state.help_desk().call_text(now),
    ))
}

fn entry(outcome: AuditOutcome, user_id: &str, pdn: Option<String>, client: &ClientInfo) -> Entry {
    Entry {
        event: AuditEvent::SignIn,
        outcome,
        actor: Some(user_id.to_owned()),
        target: Some(user_id.to_owned()),
        pdn,
        client_addr: client.addr_text(),
        detail: None,
    }
}

/// An account whose password was just checked and found right, not locked. `Debug` leaves
/// out the hash.
pub struct RightPassword {
    pub user: User,
    /// Read with the account: its dealership open, an access-review hold.
    pub standing: Standing,
    /// The stored hash the password was checked against.
    pub hash: String,
    /// The stored hash is weaker than today's parameters.
    pub needs_rehash: bool,
}

impl std::fmt::Debug for RightPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RightPassword")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// The first half of every password sign-in (and of a self-filed reactivation): the rate
/// limits, the lookup, one argon2 verification whatever happens, the lock, and the count
/// of a wrong password. Every failure is the one `invalid_credentials` answer, audited
/// with its real reason as a sign-in.
// Never the typed user ID: it may be a password typed into the wrong box.
pub async fn check_password(
    state: &AppState,
    raw_user_id: &str,
    password: &str,
    client: &ClientInfo,
) -> Result<RightPassword, ApiError> {
    let now = state.now();
    crate::credentials::rate_limit(state, client, &raw_user_id.trim().to_ascii_lowercase())?;

    let user = match UserId::parse(raw_user_id.trim()) {
        Ok(user_id) => state.store().user_for_sign_in(&user_id).await?,
        Err(_) => None,
    };
    let Some((user, standing)) = user else {
        state.hasher().verify_dummy(password).await?;
        let name = crate::typed_id::audit_name(state, raw_user_id, None, now).await?;
        state
            .store()
            .audit(&entry(AuditOutcome::UnknownUser, &name, None, client), now)
            .await?;
        return Err(invalid_credentials(state, now));
    };
    // From here on the account's own user ID names it (never the text as typed).
    let key = user.user_id.to_string();
    let pdn = user.pdn.as_ref().map(ToString::to_string);
    let Some(hash) = user.password_hash.clone() else {
        // Not enrolled yet: no password can be right.
        state.hasher().verify_dummy(password).await?;
        state
            .store()
            .audit(&entry(AuditOutcome::NotEnrolled, &key, pdn, client), now)
            .await?;
        return Err(invalid_credentials(state, now));
    };
    let verification = state.hasher().verify(password, &hash).await?;

    // Whatever the password, a locked account says only "invalid credentials".
    refuse_locked(state, &user, client, now).await?;
    if !verification.ok {
        record_wrong_password(state, &user, client, now).await?;
        return Err(invalid_credentials(state, now));
    }
    Ok(RightPassword {
        user,
        standing,
        hash,
        needs_rehash: verification.needs_rehash,
    })
}

/// Why an account whose password was right may not sign in now (see [`refusal`]), audited
/// as a sign-in; `Ok` when it may.
pub async fn refuse_unavailable(
    state: &AppState,
    user: &User,
    standing: Standing,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if let Some((outcome, error)) = refusal(state, user, standing, now) {
        let pdn = user.pdn.as_ref().map(ToString::to_string);
        state
            .store()
            .audit(&entry(outcome, user.user_id.as_str(), pdn, client), now)
            .await?;
        return Err(error);
    }
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn sign_in(
    state: &AppState,
    raw_user_id: &str,
    password: &str,
    device_token: Option<&str>,
    client: &ClientInfo,
) -> Result<Step, ApiError> {
    let now = state.now();
    let RightPassword {
        user,
        standing,
        hash,
        needs_rehash,
    } = check_password(state, raw_user_id, password, client).await?;
    let key = user.user_id.to_string();
    let pdn = user.pdn.as_ref().map(ToString::to_string);

    // The password is right: now the account's state may be told.
    refuse_unavailable(state, &user, standing, client, now).await?;
    let verified_hash = current_hash(state, &user, &hash, needs_rehash, password).await?;
    if user.two_step_on {
        if let Some(device) = device_token {
            // A computer its owner had remembered after a right code: no code for 30 days.
            let mut conn = state.store().pool().acquire().await?;
            if two_step::device_remembered(&mut conn, user.pk, device, now).await? {
                drop(conn);
                let outcome = AuditOutcome::DeviceRemembered;
                return Ok(Step::SignedIn(Box::new(
                    open_session(state, user, &verified_hash, outcome, client, now).await?,
                )));
            }
        }
        let mut tx = state.store().pool().begin().await?;
        let (token, expires_at) =
            two_step::start_pending(&mut tx, user.pk, &verified_hash, now).await?;
        audit::append(
            &mut tx,
            &entry(AuditOutcome::CodeAsked, &key, pdn, client),
            now,
        )
        .await?;
        tx.commit().await?;
        return Ok(Step::CodeNeeded { token, expires_at });
    }
    let outcome = AuditOutcome::Success;
    Ok(Step::SignedIn(Box::new(
        open_session(state, user, &verified_hash, outcome, client, now).await?,
    )))
}

/// The second step of a two-step sign-in: `token` from the first step and the code from the
/// authenticator app (or a recovery code); with `remember_device`, the computer is
/// remembered for 30 days (its token comes back once). A wrong code counts toward the account's lockout
/// like a wrong password; a token that expired, was used or was never issued gets
/// `invalid_credentials`, as does an account locked meanwhile.
#[tracing::instrument(skip_all)]
pub async fn second_step(
    state: &AppState,
    token: &str,
    code: &str,
    remember_device: bool,
    client: &ClientInfo,
) -> Result<SignedIn, ApiError> {
    let now = state.now();
    state.limits().by_ip.check(
        &crate::rate_limit::client_key(client.limit_key()),
        std::time::Instant::now(),
    )?;
    let Some(two_step::PendingSignIn {
        pending,
        user,
        two_step: read,
    }) = state.store().pending_sign_in(token, now).await?
    else {
        return Err(expired_sign_in(state, now));
    };
    crate::credentials::rate_limit(state, client, user.user_id.as_str())?;
    let key = user.user_id.to_string();
    let pdn = user.pdn.as_ref().map(ToString::to_string);
    refuse_locked(state, &user, client, now).await?;
    let stored = crate::workflow::two_step::prepare(state, user.pk, read).await?;
    // The code's use, the token's use and the session are one transaction: all or none.
    let mut tx = state.store().pool().begin().await?;
    let mut recovery_codes_left = None;
    let outcome = match crate::workflow::two_step::check(state, &mut tx, user.pk, &stored, code)
        .await?
    {
        CodeCheck::Accepted => AuditOutcome::Success,
        CodeCheck::Recovery { left } => {
            recovery_codes_left = Some(left);
            AuditOutcome::RecoveryCodeUsed
        }
        CodeCheck::NotSetUp => return Err(expired_sign_in(state, now)),
        CodeCheck::SecretUnreadable => {
            return Err(ApiError::AccountUnavailable {
                code: ErrorCode::TwoStepUnavailable,
                message: format!(
                    "Your authenticator app's codes cannot be checked on this portal right now. \
                     Sign in with one of your recovery codes instead, or {} to reset two-step \
                     sign-in.",
                    state.help_desk().call_text(now),
                ),
            });
        }
        CodeCheck::Refused(_) => {
            drop(tx);
            let failure = entry(AuditOutcome::WrongCode, &key, pdn, client);
            let count = count_failure(state, &user, AttemptKind::Password, failure, now).await?;
            // The attempt that locked, and any that raced past the lock check before it,
            // get the one answer of a locked account.
            if count.locked_now || count.failures >= state.settings().lockout.max_attempts() {
                return Err(invalid_credentials(state, now));
            }
            return Err(ApiError::Invalid {
                code: ErrorCode::WrongCode,
                message: "That code is not right. Type the six digits your authenticator app \
                          shows now, or one of your recovery codes."
                    .into(),
            });
        }
    };
    if !two_step::finish_pending(&mut tx, token, now).await? {
        // Another request finished this sign-in with the same token.
        return Err(expired_sign_in(state, now));
    }
    let mut done = open_session_in(
        &mut tx,
        state,
        user,
        &pending.password_hash,
        outcome,
        client,
        now,
    )
    .await?;
    done.recovery_codes_left = recovery_codes_left;
    if remember_device {
        done.device_token = Some(
            two_step::remember_device(
                &mut tx,
                done.user.pk,
                client.addr_text().as_deref(),
                client.user_agent.as_deref(),
                now,
            )
            .await?,
        );
    }
    tx.commit().await?;
    Ok(done)
}

/// A locked account: audited, and answered like every other failure.
async fn refuse_locked(
    state: &AppState,
    user: &User,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if !user.is_locked() {
        return Ok(());
    }
    let pdn = user.pdn.as_ref().map(ToString::to_string);
    state
        .store()
        .audit(
            &entry(AuditOutcome::Locked, user.user_id.as_str(), pdn, client),
            now,
        )
        .await?;
    Err(invalid_credentials(state, now))
}

/// A second step whose first step is over: expired, used, or never issued.
fn expired_sign_in(state: &AppState, now: DateTime<Utc>) -> ApiError {
    ApiError::InvalidCredentials(format!(
        "This sign-in has expired: sign in again with your user ID and password. For help, {}.",
        state.help_desk().call_text(now),
    ))
}

/// Why an account whose password was right may not sign in now, with what the audit log
/// records: its dealership closed, its state, on hold for an overdue access review, or a
/// temporary password spent or too old.
fn refusal(
    state: &AppState,
    user: &User,
    standing: Standing,
    now: DateTime<Utc>,
) -> Option<(AuditOutcome, ApiError)> {
    let inactive_by_clock = matches!(
        state.settings().inactivity.status(user.activity_since, now),
        InactivityStatus::Inactive { .. }
    );
    let closed = !standing.dealership_open;
    let refusal = match user.state() {
        _ if closed => Some((
            AuditOutcome::DealershipClosed,
            ApiError::AccountUnavailable {
                code: ErrorCode::DealershipClosed,
                message: format!(
                    "Dealer Access has ended for your dealership, so this user ID cannot sign in. \
                     Its history is kept. If this is a mistake, {}.",
                    state.help_desk().call_text(now)
                ),
            },
        )),
        AccountState::Active if inactive_by_clock => Some((AuditOutcome::Inactive, inactive(state, now))),
        AccountState::Active => None,
        AccountState::Inactive => Some((AuditOutcome::Inactive, inactive(state, now))),
        AccountState::Pending => Some((
            AuditOutcome::Pending,
            ApiError::AccountUnavailable {
                code: ErrorCode::PendingApproval,
                message: if state.mail_ready() {
                    "Your registration is still being reviewed. You can sign in once it is approved; \
                     you will get an email."
                        .into()
                } else {
                    "Your registration is still being reviewed. You can sign in once it is approved; \
                     ask your office manager whether it is."
                        .into()
                },
            },
        )),
        AccountState::Deactivated => Some((
            AuditOutcome::Deactivated,
            ApiError::AccountUnavailable {
                code: ErrorCode::Deactivated,
                message: "This user ID has been deactivated. Ask your office manager if you need access again."
                    .into(),
            },
        )),
        AccountState::Locked => Some((AuditOutcome::Locked, invalid_credentials(state, now))),
    };
    if refusal.is_some() {
        return refusal;
    }
    if standing.on_hold {
        return Some((
            AuditOutcome::AccessOnHold,
            ApiError::AccountUnavailable {
                code: ErrorCode::AccessOnHold,
                message: "Your access is on hold: your dealership's access review passed its \
                          deadline before your office manager confirmed who still needs \
                          access. Ask your office manager to decide on yours in Review \
                          access; you can sign in as soon as it is kept."
                    .into(),
            },
        ));
    }

    if user.must_change_password
        && user
            .temporary_password_expires_at
            .is_none_or(|until| until <= now)
    {
        // The right temporary password, but used once already or too late.
        return Some((
            AuditOutcome::TemporaryPasswordSpent,
            ApiError::AccountUnavailable {
                code: ErrorCode::TemporaryPasswordExpired,
                message: format!(
                    "This temporary password no longer works: it was good for one sign-in \
                     within {} hours of the unlock. For a new one, {}.",
                    state.settings().temporary_password.num_hours(),
                    state.help_desk().call_text(now),
                ),
            },
        ));
    }
    None
}

/// The hash `password` (right) is stored as now: when its parameters are below policy a
/// fresh hash of the same password replaces it, unless another password was set meanwhile
/// (then the sign-in fails when it opens its session).
async fn current_hash(
    state: &AppState,
    user: &User,
    hash: &str,
    needs_rehash: bool,
    password: &str,
) -> Result<String, ApiError> {
    if needs_rehash {
        let fresh = state.hasher().hash(password).await?;
        let mut conn = state.store().pool().acquire().await?;
        if state
            .store()
            .rehash_password(&mut conn, user.pk, hash, &fresh)
            .await?
        {
            return Ok(fresh);
        }
    }
    Ok(hash.to_owned())
}

/// A session for `user`, whose password was checked against `verified_hash`: created only
/// while that hash is still the stored one, in one transaction with the sign-in's record
/// (audited as `outcome`).
async fn open_session(
    state: &AppState,
    user: User,
    verified_hash: &str,
    outcome: AuditOutcome,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<SignedIn, ApiError> {
    if state.store().backend() == crate::store::Backend::Postgres {
        // Its writes are one statement there (see `open_session_in`): no transaction.
        let mut conn = state.store().pool().acquire().await?;
        return open_session_in(&mut conn, state, user, verified_hash, outcome, client, now).await;
    }
    let mut tx = state.store().pool().begin().await?;
    let done = open_session_in(&mut tx, state, user, verified_hash, outcome, client, now).await?;
    tx.commit().await?;
    Ok(done)
}

/// [`open_session`] on the caller's transaction `tx`, which commits it (dropped, nothing of
/// the sign-in stays). On PostgreSQL the writes are one statement, so `open_session` needs
/// no transaction there.
async fn open_session_in(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    user: User,
    verified_hash: &str,
    outcome: AuditOutcome,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<SignedIn, ApiError> {
    let pdn = user.pdn.as_ref().map(ToString::to_string);
    let audited = entry(outcome, user.user_id.as_str(), pdn, client);
    let from = (client.addr_text(), client.user_agent.as_deref());
    let timeouts = state.settings().session_timeouts;
    let (token, session) = if state.store().backend() == crate::store::Backend::Postgres {
        // One round trip instead of three (and a transaction's two more): on PostgreSQL
        // every statement is one, and a sign-in's CPU is argon2's (issue 18).
        let opened = sessions::open_at_once(
            &mut *tx,
            user.pk,
            verified_hash,
            timeouts,
            (from.0.as_deref(), from.1),
            &audited,
            now,
        )
        .await?;
        // `None`: locked, another state, another password, or a temporary password spent
        // by a sign-in at the same moment, between the read and now.
        opened.ok_or_else(|| invalid_credentials(state, now))?
    } else {
        if !state
            .store()
            .record_sign_in(&mut *tx, user.pk, verified_hash, now)
            .await?
        {
            // As above.
            return Err(invalid_credentials(state, now));
        }
        let opened =
            sessions::create(&mut *tx, user.pk, timeouts, from.0.as_deref(), from.1, now).await?;
        audit::append(&mut *tx, &audited, now).await?;
        opened
    };
    Ok(SignedIn {
        token,
        session,
        user,
        device_token: None,
        recovery_codes_left: None,
    })
}

fn inactive(state: &AppState, now: DateTime<Utc>) -> ApiError {
    ApiError::Inactive(format!(
        "This user ID is inactive: it was not used to sign in for {} days. Ask to be reactivated \
         (your office manager is told), or ask your office manager to file the request; once it \
         is completed you can sign in again. Questions? {}.",
        state.settings().inactivity.days,
        capitalize(&state.help_desk().call_text(now)),
    ))
}

/// The first letter in upper case (a help-desk sentence starting a message).
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Count a wrong password like any other failed attempt.
async fn record_wrong_password(
    state: &AppState,
    user: &User,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let pdn = user.pdn.as_ref().map(ToString::to_string);
    let failure = entry(
        AuditOutcome::WrongPassword,
        user.user_id.as_str(),
        pdn,
        client,
    );
    count_failure(state, user, AttemptKind::Password, failure, now).await?;
    Ok(())
}

/// Count one failed password or answer in one statement, like a failed sign-in; the
/// attempt that reaches the threshold locks the account, ends its sessions and emails
/// the owner. `failure` is the audit row of an attempt that does not lock.
pub(crate) async fn count_failure(
    state: &AppState,
    user: &User,
    kind: AttemptKind,
    failure: Entry,
    now: DateTime<Utc>,
) -> Result<FailureCount, ApiError> {
    let mut tx = state.store().pool().begin().await?;
    let policy = match kind {
        AttemptKind::ChallengeAnswer => state.settings().answer_lockout,
        _ => state.settings().lockout,
    };
    let count = state
        .store()
        .record_failure(&mut tx, user.pk, kind, policy, now)
        .await?;
    if count.locked_now {
        state.metrics().event("account_locked", kind.as_str());
        sessions::revoke_all(&mut tx, user.pk, now).await?;
        outbox::enqueue(&mut tx, &lock_mail(state, user, kind, now), now).await?;
        audit::append(
            &mut tx,
            &Entry {
                event: AuditEvent::AccountLocked,
                outcome: AuditOutcome::Locked,
                detail: Some(AuditDetail::FailedAttempts {
                    failures: count.failures,
                    attempt_kind: kind,
                }),
                ..failure
            },
            now,
        )
        .await?;
    } else {
        audit::append(&mut tx, &failure, now).await?;
    }
    tx.commit().await?;
    Ok(count)
}

/// The owner learns of the lock at once, with what to do.
pub fn lock_mail(
    state: &AppState,
    user: &User,
    kind: AttemptKind,
    now: DateTime<Utc>,
) -> OutgoingMail {
    let (cause, guessing) = match kind {
        AttemptKind::ChallengeAnswer => {
            let n = state.settings().answer_lockout.max_attempts();
            (
                if n == 1 {
                    "a wrong answer to the challenge questions of a password reset".to_owned()
                } else {
                    format!("{n} wrong answers to the challenge questions of password resets")
                },
                "your answers",
            )
        }
        _ => (
            format!(
                "{} failed attempts to sign in",
                state.settings().lockout.max_attempts()
            ),
            "your password",
        ),
    };
    OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access user ID is locked".into(),
        body: format!(
            "Hello {first},\n\nOnline access for user ID {id} was locked after {cause}.\n\n\
             If this was you, {call} The help desk will verify you with your secret question and \
             give you a temporary password.\n\nIf this was not you, tell your office manager and \
             the help desk: someone may be guessing {guessing}.\n\nDealer Access",
            first = user.first_name,
            id = user.user_id,
            call = capitalize(&format!("{}.", state.help_desk().call_text(now))),
        ),
        kind: "account_locked",
    }
}
