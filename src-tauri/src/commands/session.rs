//! Signing in and out. The token lives in memory for the running app; on a personal
//! device it may also go into the OS keychain (and only there), so the next start can
//! resume. A token the portal no longer accepts is deleted from the keychain.

use dealer_api::ErrorCode;
use dealer_api::{Me, ReactivationAsked};
use dealer_client::{ClientError, SignInStep};
use serde::Serialize;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use crate::drafts::Drafts;
use crate::keychain::Slot;
use crate::settings::{self, DeviceMode};
use crate::{CommandError, Portal, SessionState, Signed};

/// What the UI gets after a sign-in or a resume.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct SignedIn {
    pub user: Me,
    /// The sign-in is in the keychain for next time.
    pub remembered: bool,
    /// Why it could not be remembered (keychain unavailable), to show once.
    pub keychain_notice: Option<String>,
    /// Signed in with a recovery code: how many are left, to say once.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recovery_codes_left: Option<u32>,
}

fn slot(portal: &Portal, user_id: &str) -> Slot {
    Slot::new(&portal.host_label(), user_id)
}

/// Where a personal computer keeps the token that skips two-step sign-in's code (30 days).
fn device_slot(portal: &Portal, user_id: &str) -> Slot {
    Slot::for_account(format!(
        "two-step/{}/{}",
        portal.host_label(),
        user_id.to_ascii_lowercase()
    ))
}

/// Whether this computer may remember anything of a sign-in: a personal computer whose
/// policy allows remembering. A shared PC never does, whatever the page asks.
fn may_remember(app: &AppHandle) -> bool {
    let in_effect = settings::load(app);
    in_effect.settings.device_mode == Some(DeviceMode::Personal) && in_effect.remember_allowed
}

/// Keychain calls block (D-Bus, Keychain, Credential Manager): off the async runtime.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))
}

/// A sign-in between its password and its code: the step's token (never in the web view)
/// and whether to remember the sign-in, until the code or five minutes.
#[derive(Default)]
pub struct PendingSignIn(std::sync::Mutex<Option<(Zeroizing<String>, bool)>>);

impl PendingSignIn {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(Zeroizing<String>, bool)>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Drop a sign-in waiting for its code (sign-out, a shared PC's idle).
    pub fn forget(&self) {
        self.lock().take();
    }
}

/// An inactive user, after the sign-in said so, asks to be reactivated with the same user
/// ID and password: the request filed and the office managers told. The password passes
/// through and is wiped.
#[tauri::command]
pub async fn ask_reactivation(
    portal: State<'_, Portal>,
    user_id: String,
    password: String,
) -> Result<ReactivationAsked, CommandError> {
    let password = Zeroizing::new(password);
    Ok(portal
        .client
        .ask_reactivation(user_id.trim(), &password)
        .await?)
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn sign_in(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    drafts: State<'_, Drafts>,
    pending: State<'_, PendingSignIn>,
    user_id: String,
    password: String,
    remember: bool,
) -> Result<SignedIn, CommandError> {
    pending.forget();
    // A computer remembered at an earlier second step skips the code.
    let device = device_slot(&portal, &user_id);
    let device_token = if may_remember(&app) {
        let lookup = device.clone();
        blocking(move || lookup.load()).await?.ok().flatten()
    } else {
        None
    };
    let step = portal
        .client
        .sign_in_on_device(
            &user_id,
            &password,
            device_token.as_deref().map(|t| t.as_str()),
        )
        .await?;
    drop(password);
    match step {
        SignInStep::SignedIn(done) => {
            finish(&app, &portal, &session, &drafts, *done, remember).await
        }
        SignInStep::CodeNeeded(step) => {
            if device_token.is_some() {
                // Forgotten by its owner, reset by the help desk, or past its 30 days.
                let _ = blocking(move || device.delete()).await?;
            }
            *pending.lock() = Some((Zeroizing::new(step.two_step_token), remember));
            Err(CommandError::new(
                ErrorCode::TwoStepRequired,
                "Type the code your authenticator app shows for Dealer Access.",
            ))
        }
    }
}

/// The second step of a sign-in that asked for a code: the authenticator app's code, or a
/// recovery code. With `remember_device` (a personal computer only) the portal remembers
/// this computer for 30 days and its token goes into the keychain. A wrong code keeps the
/// step (and counts toward the lockout); a step that expired says so, and the sign-in
/// starts again from the password.
#[tauri::command]
pub async fn sign_in_code(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    drafts: State<'_, Drafts>,
    pending: State<'_, PendingSignIn>,
    code: String,
    remember_device: bool,
) -> Result<SignedIn, CommandError> {
    let Some((token, remember)) = pending.lock().clone() else {
        return Err(CommandError::new(
            ErrorCode::InvalidCredentials,
            "This sign-in has expired: sign in again with your user ID and password.",
        ));
    };
    let remember_device = remember_device && may_remember(&app);
    match portal
        .client
        .second_step_remembering(&token, &code, remember_device)
        .await
    {
        Ok(mut done) => {
            pending.forget();
            let mut notice = None;
            if let Some(device_token) = done.device_token.take().map(Zeroizing::new) {
                let device = device_slot(&portal, &done.user.user_id);
                if let Err(err) = blocking(move || device.save(&device_token)).await? {
                    notice = Some(err.to_string());
                }
            }
            let mut signed_in = finish(&app, &portal, &session, &drafts, done, remember).await?;
            signed_in.keychain_notice = signed_in.keychain_notice.or(notice);
            Ok(signed_in)
        }
        Err(err) => {
            // A wrong code keeps the step; so do codes that cannot be checked, since a
            // recovery code still can, and a code the portal did not look at yet (too many
            // attempts a minute, or busy): the same code goes in again after the wait.
            if !keeps_the_step(err.code()) {
                pending.forget();
            }
            Err(err.into())
        }
    }
}

/// Whether a refused second step may be tried again without the password: a wrong code,
/// codes that cannot be checked (a recovery code still can), or a code refused before it
/// was checked (rate limited, portal busy), since the portal's step is still open.
fn keeps_the_step(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::WrongCode
            | ErrorCode::TwoStepUnavailable
            | ErrorCode::RateLimited
            | ErrorCode::Busy
    )
}

/// What a sign-in does once the portal opened its session: remember it in the keychain
/// (personal device, when asked and allowed), keep the last user ID, and hold the session.
async fn finish(
    app: &AppHandle,
    portal: &Portal,
    session: &SessionState,
    drafts: &Drafts,
    done: dealer_api::SignedIn,
    remember: bool,
) -> Result<SignedIn, CommandError> {
    let in_effect = settings::load(app);
    let remember = remember && in_effect.remember_allowed;
    let mode = in_effect.settings.device_mode;
    let personal = mode == Some(DeviceMode::Personal);
    let (mut remembered, mut keychain_notice) = (false, None);
    if personal && remember {
        let slot = slot(portal, &done.user.user_id);
        let token = done.token.clone();
        match blocking(move || slot.save(&token)).await? {
            Ok(()) => remembered = true,
            Err(err) => keychain_notice = Some(err.to_string()),
        }
    }
    if personal {
        // The saved settings, not the ones in effect: a policy's values stay out of the file.
        let mut saved = settings::saved(app);
        saved.last_user_id = Some(done.user.user_id.clone());
        settings::save(app, &saved).map_err(|e| CommandError::new(ErrorCode::Settings, e))?;
    }
    super::drafts::after_sign_in(app, drafts, mode, portal, &done.user.user_id);
    session.set(done.token.clone(), &done.user);
    Ok(SignedIn {
        user: done.user,
        remembered,
        keychain_notice,
        recovery_codes_left: done.recovery_codes_left,
    })
}

/// Resume a remembered sign-in (personal devices): the token from the keychain, checked
/// with the portal. `None` when there is nothing to resume.
#[tauri::command]
pub async fn resume_session(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<Option<SignedIn>, CommandError> {
    let loaded = settings::load(&app).settings;
    let (Some(DeviceMode::Personal), Some(user_id)) = (loaded.device_mode, loaded.last_user_id)
    else {
        return Ok(None);
    };
    let slot = slot(&portal, &user_id);
    let lookup = slot.clone();
    let token = match blocking(move || lookup.load()).await? {
        Ok(Some(token)) => token,
        Ok(None) => return Ok(None),
        Err(err) => {
            tracing::warn!(error = %err, "keychain unavailable; nothing to resume");
            return Ok(None);
        }
    };
    match portal.client.me(&token).await {
        Ok(user) => {
            session.set(token.to_string(), &user);
            Ok(Some(SignedIn {
                user,
                remembered: true,
                keychain_notice: None,
                recovery_codes_left: None,
            }))
        }
        Err(ClientError::Api { status: 401, .. }) => {
            // Revoked, expired or signed out elsewhere: forget it.
            let _ = blocking(move || slot.delete()).await?;
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

/// Sign out (by hand, after the idle minutes, or to switch user): the portal revokes the
/// token, the keychain forgets it, the app forgets it, and a shared PC drops the drafts.
#[tauri::command]
pub async fn sign_out(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    drafts: State<'_, Drafts>,
) -> Result<(), CommandError> {
    end_session(&app, &portal, &session, &drafts).await
}

/// What signing out does, also before the app restarts onto another portal.
pub(crate) async fn end_session(
    app: &AppHandle,
    portal: &Portal,
    session: &SessionState,
    drafts: &Drafts,
) -> Result<(), CommandError> {
    let signed_in = session.take();
    super::drafts::after_sign_out(app, drafts);
    let Some(Signed { token, user_id, .. }) = signed_in else {
        return Ok(());
    };
    let revoked = portal.client.sign_out(&token).await;
    let slot = slot(portal, &user_id);
    if let Err(err) = blocking(move || slot.delete()).await? {
        tracing::warn!(error = %err, "could not remove the keychain entry");
    }
    match revoked {
        Ok(()) | Err(ClientError::Api { status: 401, .. }) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

/// A visit to a shared PC is over (nobody touched it for its idle minutes): what the last
/// visitor left half-done is dropped, so the next person cannot take it up: a password
/// reset already past its questions, the status tokens of registrations made here. The
/// screen goes back to the sign-in (the UI's part).
///
/// It is also when a shared PC installs an update that was found: nobody is in the middle
/// of anything (on Windows the app closes, the installer runs and the app opens again).
#[tauri::command]
pub fn end_visit(
    app: tauri::AppHandle,
    reset: State<'_, super::reset::ResetState>,
    registrations: State<'_, super::registration::Registrations>,
    pending: State<'_, PendingSignIn>,
    updates: State<'_, crate::updates::Updates>,
) {
    reset.forget();
    registrations.forget();
    pending.forget();
    // Only an update that was found (so checks are on: the policy, the key and the portal
    // are fixed for the run) makes the settings worth reading here.
    if updates.has_update()
        && crate::settings::load(&app).settings.device_mode
            != Some(crate::settings::DeviceMode::Personal)
    {
        tauri::async_runtime::spawn(async move {
            if let Err(e) = crate::updates::install(&app).await {
                tracing::warn!(
                    why = e.message(),
                    "the update was not installed at sign-out"
                );
            }
        });
    }
}

/// The signed-in person, fresh from the portal.
#[tauri::command]
pub async fn current_user(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<Option<Me>, CommandError> {
    let Some(Signed { token, .. }) = session.get() else {
        return Ok(None);
    };
    match portal.client.me(&token).await {
        Ok(me) => Ok(Some(me)),
        Err(ClientError::Api { status: 401, .. }) => {
            session.take();
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

/// Change my password, also the temporary one the help desk gave me (which must be changed
/// before anything else). My other sessions end; this one goes on. Errors:
/// `wrong_password`, `locked` (the session has ended too), `password_unchanged`,
/// `weak_password`.
#[tauri::command]
pub async fn change_password(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    current_password: String,
    new_password: String,
) -> Result<(), CommandError> {
    let current_password = Zeroizing::new(current_password);
    let new_password = Zeroizing::new(new_password);
    let Some(Signed { token, .. }) = session.get() else {
        return Err(CommandError::unauthenticated());
    };
    let changed = portal
        .client
        .change_password(&token, &current_password, &new_password)
        .await;
    ended_by(&session, changed)
}

/// Replace my two challenge questions and my help-desk secret question (the current
/// password is required). Errors: `wrong_password`, `locked` (the session has ended too),
/// `duplicate_questions`, `answer_too_short`, `answer_too_long`,
/// `password_change_required`.
#[tauri::command]
pub async fn set_questions(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    mut form: dealer_api::SetQuestions,
) -> Result<(), CommandError> {
    let changed = match session.get() {
        Some(Signed { token, .. }) => Some(portal.client.set_questions(&token, &form).await),
        None => None,
    };
    // The password and answers leave memory as soon as they have been sent.
    zeroize::Zeroize::zeroize(&mut form.current_password);
    for asked in form.challenge.iter_mut().chain([&mut form.secret]) {
        zeroize::Zeroize::zeroize(&mut asked.answer);
    }
    let Some(changed) = changed else {
        return Err(CommandError::unauthenticated());
    };
    ended_by(&session, changed)
}

/// Make `new_email` my address once the code mailed there comes back (the current
/// password is required). Errors: `invalid_form`, `email_unchanged`, `wrong_password`,
/// `locked` (the session has ended too).
#[tauri::command]
pub async fn start_email_change(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    new_email: String,
    current_password: String,
) -> Result<dealer_api::EmailChangeStarted, CommandError> {
    let current_password = Zeroizing::new(current_password);
    let Some(Signed { token, .. }) = session.get() else {
        return Err(CommandError::unauthenticated());
    };
    let started = portal
        .client
        .start_email_change(&token, &new_email, &current_password)
        .await;
    ended_by(&session, started)
}

/// The code from the mail to my new address: me, with it. Errors: `wrong_code`.
#[tauri::command]
pub async fn confirm_email_change(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    code: String,
) -> Result<Me, CommandError> {
    let code = Zeroizing::new(code);
    let Some(Signed { token, .. }) = session.get() else {
        return Err(CommandError::unauthenticated());
    };
    Ok(portal.client.confirm_email_change(&token, &code).await?)
}

/// My business phone (`None` or blank removes it): me, with it. Errors: `invalid_form`.
#[tauri::command]
pub async fn change_phone(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    phone: Option<String>,
) -> Result<Me, CommandError> {
    let Some(Signed { token, .. }) = session.get() else {
        return Err(CommandError::unauthenticated());
    };
    Ok(portal.client.change_phone(&token, phone.as_deref()).await?)
}

/// A change to my own secrets, as answered: after a lock (every session ended) or a
/// sign-out, this session's token is of no more use and is forgotten.
fn ended_by<T>(session: &SessionState, changed: Result<T, ClientError>) -> Result<T, CommandError> {
    changed.map_err(|err| {
        if matches!(err.code(), ErrorCode::Locked | ErrorCode::Unauthenticated) {
            session.take();
        }
        err.into()
    })
}
