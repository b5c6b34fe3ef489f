//! Two-step sign-in's decisions over the store: set-up with its confirming code, and the
//! check of a code typed at the second step (an authenticator code, or a recovery code).
//! The sign-in endpoint and the app's screens build on these (issue 16); time comes from
//! the portal's clock, randomness from the OS.

use dealer_core::two_step::{
    CodeError, RECOVERY_CODE_BYTES, RECOVERY_CODES, RecoveryCode, SECRET_BYTES, TotpSecret,
};
use rand::TryRngCore;
use sqlx::AnyConnection;

use crate::AppState;
use crate::error::ApiError;
use crate::store::audit::{self, Entry};
use crate::store::two_step;
use crate::store::{StoreError, UserKey};

/// What a code typed at the second step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// The authenticator code for now; its step is used up.
    Accepted,
    /// One of the person's recovery codes, now used up; this many are left.
    Recovery { left: u32 },
    /// Neither (or a code used already): counted as a failed attempt by the caller.
    Refused(CodeError),
    /// The person has no confirmed two-step sign-in.
    NotSetUp,
    /// The stored secret does not unseal (the portal's sealing key changed since it was
    /// set up), and what was typed is no recovery code of theirs.
    SecretUnreadable,
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the OS random source works");
    bytes
}

fn unix_seconds(state: &AppState) -> u64 {
    u64::try_from(state.now().timestamp()).unwrap_or_default()
}

/// Start setting up `user`'s two-step sign-in with a fresh secret (replacing one not yet
/// confirmed). `Conflict` when a confirmed one exists.
pub async fn begin(state: &AppState, user: UserKey) -> Result<TotpSecret, ApiError> {
    let secret = TotpSecret::from_random(random::<SECRET_BYTES>());
    let mut conn = state.store().pool().acquire().await?;
    match two_step::begin(&mut conn, user, &secret, state.now()).await {
        Ok(()) => Ok(secret),
        Err(crate::store::StoreError::Conflict) => Err(ApiError::Conflict(
            "Two-step sign-in is on already. To set it up on another phone, the help desk \
             resets it first."
                .into(),
        )),
        Err(other) => Err(other.into()),
    }
}

/// Confirm `user`'s set-up with the first code from their authenticator app: the recovery
/// codes, shown this once; `audited` is written in the same transaction. `Refused` when the
/// code is not right (or there is no set-up waiting).
pub async fn confirm(
    state: &AppState,
    user: UserKey,
    typed: &str,
    audited: Option<&Entry>,
) -> Result<Result<Vec<RecoveryCode>, CodeError>, ApiError> {
    let now = state.now();
    let Some(stored) = state.store().two_step_of(user, now).await? else {
        return Ok(Err(CodeError::Wrong));
    };
    if stored.confirmed_at.is_some() {
        return Ok(Err(CodeError::Replayed));
    }
    let step = match stored
        .secret
        .check(typed, unix_seconds(state), stored.last_step)
    {
        Ok(step) => step,
        Err(refused) => return Ok(Err(refused)),
    };
    let codes: Vec<RecoveryCode> = (0..RECOVERY_CODES)
        .map(|_| RecoveryCode::from_random(random::<RECOVERY_CODE_BYTES>()))
        .collect();
    let mut tx = state.store().pool().begin().await?;
    if !two_step::confirm(&mut tx, user, step, &codes, now).await? {
        return Ok(Err(CodeError::Replayed));
    }
    if let Some(entry) = audited {
        audit::append(&mut tx, entry, now).await?;
    }
    tx.commit().await?;
    Ok(Ok(codes))
}

/// A person's two-step sign-in as the second step finds it, read before its transaction.
#[derive(Debug)]
pub enum Stored {
    /// Confirmed: codes are checked against it.
    Ready(two_step::TwoStep),
    /// None, or one still being set up.
    NotSetUp,
    /// The secret does not unseal (logged); recovery codes still work.
    Unreadable,
}

impl Stored {
    /// `user`'s two-step sign-in as read for the second step (a secret that does not
    /// unseal is logged here).
    fn from_read(
        user: UserKey,
        read: crate::store::Result<Option<two_step::TwoStep>>,
    ) -> Result<Stored, ApiError> {
        match read {
            Ok(Some(stored)) if stored.confirmed_at.is_some() => Ok(Stored::Ready(stored)),
            Ok(_) => Ok(Stored::NotSetUp),
            Err(StoreError::Corrupt(why)) => {
                tracing::error!(
                    user = user.0,
                    %why,
                    "a two-step secret cannot be read: was DEALER_OUTBOX_KEY changed? The help \
                     desk can reset the person's two-step sign-in"
                );
                Ok(Stored::Unreadable)
            }
            Err(other) => Err(other.into()),
        }
    }
}

/// `user`'s two-step sign-in, for [`check`].
pub async fn stored(state: &AppState, user: UserKey) -> Result<Stored, ApiError> {
    let read = state.store().two_step_of(user, state.now()).await;
    prepare(state, user, read).await
}

/// `user`'s two-step sign-in as `read`, made ready for [`check`]: the recovery codes' key
/// is read too (kept in memory after), so that [`check`] needs no second connection inside
/// its transaction.
pub async fn prepare(
    state: &AppState,
    user: UserKey,
    read: crate::store::Result<Option<two_step::TwoStep>>,
) -> Result<Stored, ApiError> {
    state
        .store()
        .server_secret(two_step::RECOVERY_SECRET, state.now())
        .await?;
    Stored::from_read(user, read)
}

/// Check what `user` typed at the second step against `stored`: an authenticator code
/// first, else a recovery code. What it accepts is used up on `conn`, whose first statement
/// this is (one write each, so a code is accepted once however many requests race); the
/// caller's transaction decides whether that stands.
pub async fn check(
    state: &AppState,
    conn: &mut AnyConnection,
    user: UserKey,
    stored: &Stored,
    typed: &str,
) -> Result<CodeCheck, ApiError> {
    let stored = match stored {
        Stored::Ready(stored) => stored,
        Stored::NotSetUp => return Ok(CodeCheck::NotSetUp),
        // The recovery codes do not depend on the sealing key: they still sign in.
        Stored::Unreadable => {
            return match RecoveryCode::parse(typed) {
                Some(code) => use_recovery_code(state, conn, user, &code).await,
                None => Ok(CodeCheck::SecretUnreadable),
            };
        }
    };
    match stored
        .secret
        .check(typed, unix_seconds(state), stored.last_step)
    {
        Ok(step) if two_step::use_step(&mut *conn, user, step).await? => Ok(CodeCheck::Accepted),
        // Another request used this step between the read and now.
        Ok(_) => Ok(CodeCheck::Refused(CodeError::Replayed)),
        Err(CodeError::Malformed) => match RecoveryCode::parse(typed) {
            Some(code) => use_recovery_code(state, conn, user, &code).await,
            None => Ok(CodeCheck::Refused(CodeError::Malformed)),
        },
        Err(refused) => Ok(CodeCheck::Refused(refused)),
    }
}

async fn use_recovery_code(
    state: &AppState,
    conn: &mut AnyConnection,
    user: UserKey,
    code: &RecoveryCode,
) -> Result<CodeCheck, ApiError> {
    let now = state.now();
    let secret = state
        .store()
        .server_secret(two_step::RECOVERY_SECRET, now)
        .await?;
    Ok(
        match two_step::use_recovery_code(conn, user, code, &secret, now).await? {
            Some(left) => CodeCheck::Recovery { left },
            None => CodeCheck::Refused(CodeError::Wrong),
        },
    )
}
