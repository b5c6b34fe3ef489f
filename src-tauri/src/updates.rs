//! Updates of the app itself, from the shared portal it uses (`GET /api/v1/app/updates/…`,
//! which the provider fills): a dealership needs no other host.
//!
//! The app asks at start and every 6 hours. What it finds is only offered: an office
//! manager sees "Update available" with the notes and chooses when; a shared PC installs it
//! at the next idle sign-out, when nobody is in the middle of anything. Nothing is installed
//! unless its signature verifies with the public key this build carries (the provider's,
//! given at build time as `DEALER_UPDATE_PUBKEY`) and names the version announced; a failed
//! or tampered download changes nothing and says so.
//!
//! No checks at all when the administrator's policy says `AppUpdates` 0 (software deployed
//! centrally), when this build carries no public key, or on the portal inside the app.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use dealer_api::ErrorCode;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};

use crate::CommandError;

/// How often the app asks.
pub const CHECK_EVERY: Duration = Duration::from_secs(6 * 60 * 60);
/// The first check waits this long after start: the sign-in screen comes first.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(20);
/// The event the window hears when an update is found.
pub const AVAILABLE_EVENT: &str = "update-available";

/// The public key (`tauri signer generate`'s `.pub`, as written) that updates must be signed
/// with, built in; `None` in a build without one. A debug build also takes one from the file
/// `DEALER_E2E_UPDATE_PUBKEY_FILE` names, for the real-window journey's own key; a release
/// build trusts only the key it was built with.
pub fn public_key() -> Option<String> {
    #[cfg(debug_assertions)]
    if let Some(file) = std::env::var_os("DEALER_E2E_UPDATE_PUBKEY_FILE")
        && let Ok(key) = std::fs::read_to_string(file)
    {
        return Some(key.trim().to_owned()).filter(|k| !k.is_empty());
    }
    option_env!("DEALER_UPDATE_PUBKEY")
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
}

/// What the window shows about updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct UpdateStatus {
    /// Why this app does not look for updates, in words; `None` when it does.
    pub off: Option<String>,
    pub available: Option<AvailableUpdate>,
    /// When the portal was last asked (RFC 3339).
    pub checked_at: Option<String>,
    /// The last check or install that failed, in words.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct AvailableUpdate {
    pub version: String,
    pub current_version: String,
    pub notes: Option<String>,
    /// When the provider published it (RFC 3339), as the portal says.
    pub date: Option<String>,
}

/// What the app knows about updates, kept while it runs.
#[derive(Debug, Default)]
pub struct Updates(Mutex<Known>);

#[derive(Default)]
struct Known {
    found: Option<Update>,
    checked_at: Option<DateTime<Utc>>,
    problem: Option<String>,
    installing: bool,
}

impl std::fmt::Debug for Known {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Known")
            .field("found", &self.found.as_ref().map(|u| &u.version))
            .field("checked_at", &self.checked_at)
            .field("problem", &self.problem)
            .field("installing", &self.installing)
            .finish()
    }
}

impl Updates {
    fn lock(&self) -> std::sync::MutexGuard<'_, Known> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn status(&self, off: Option<String>) -> UpdateStatus {
        let known = self.lock();
        UpdateStatus {
            off,
            available: known.found.as_ref().map(available),
            checked_at: known.checked_at.map(|t| t.to_rfc3339()),
            problem: known.problem.clone(),
        }
    }

    pub fn has_update(&self) -> bool {
        self.lock().found.is_some()
    }
}

fn available(update: &Update) -> AvailableUpdate {
    AvailableUpdate {
        version: update.version.clone(),
        current_version: update.current_version.clone(),
        notes: update.body.clone(),
        date: update
            .raw_json
            .get("pub_date")
            .and_then(|d| d.as_str())
            .map(str::to_owned),
    }
}

/// Why this app does not look for updates, or `None` when it does.
pub fn off<R: Runtime>(app: &AppHandle<R>) -> Option<String> {
    if app
        .try_state::<crate::policy::Policy>()
        .is_some_and(|p| p.app_updates == Some(false))
    {
        return Some(
            "Your administrator installs updates of Dealer Access on this computer.".into(),
        );
    }
    if public_key().is_none() {
        return Some("This build of Dealer Access does not update itself.".into());
    }
    match app.try_state::<crate::Portal>() {
        Some(portal) if !portal.embedded => None,
        _ => Some(
            "Updates come from a shared portal; this app keeps its data on this computer.".into(),
        ),
    }
}

/// The portal's update address for this app, with the updater's placeholders.
pub fn endpoint(portal: &url::Url) -> Result<url::Url, url::ParseError> {
    portal.join("api/v1/app/updates/{{target}}/{{arch}}/{{current_version}}")
}

/// Asks `portal` once. A newer app is kept (and told to the window); an answer that it
/// is current clears what was kept. `key`: the public key updates must be signed with.
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    portal: &url::Url,
    key: &str,
) -> Result<Option<AvailableUpdate>, String> {
    let updater = endpoint(portal)
        .map_err(|e| e.to_string())
        .and_then(|url| {
            app.updater_builder()
                .pubkey(key)
                .timeout(Duration::from_secs(30))
                .endpoints(vec![url])
                .and_then(tauri_plugin_updater::UpdaterBuilder::build)
                .map_err(|e| e.to_string())
        })?;
    let result = updater.check().await;
    let state = app.state::<Updates>();
    let mut known = state.lock();
    known.checked_at = Some(Utc::now());
    match result {
        Ok(found) => {
            known.problem = None;
            let told = found.as_ref().map(available);
            let new = told.as_ref().map(|t| &t.version) != known.found.as_ref().map(|f| &f.version);
            known.found = found;
            drop(known);
            if new && let Some(update) = &told {
                let _ = app.emit(AVAILABLE_EVENT, update);
            }
            Ok(told)
        }
        Err(e) => {
            let why = format!("Could not ask the portal for updates: {e}");
            known.problem = Some(why.clone());
            Err(why)
        }
    }
}

/// Asks at start and every [`CHECK_EVERY`] while the app runs, unless updates are off.
pub async fn run<R: Runtime>(app: AppHandle<R>) {
    tokio::time::sleep(FIRST_CHECK_AFTER).await;
    loop {
        if let Some(why) = off(&app) {
            tracing::info!(why, "no update checks");
            return;
        }
        let (Some(key), Some(portal)) = (public_key(), app.try_state::<crate::Portal>()) else {
            return;
        };
        let url = portal.client.base_url().clone();
        match check(&app, &url, &key).await {
            Ok(Some(update)) => tracing::info!(version = update.version, "an update is available"),
            Ok(None) => tracing::debug!("the app is current"),
            Err(why) => tracing::warn!(why, "update check failed"),
        }
        tokio::time::sleep(CHECK_EVERY).await;
    }
}

/// Downloads the update that was found, checks its signature, and installs it. On Windows
/// the installer takes over and the app closes (and opens again when it is done); a
/// download that fails or does not verify changes nothing, and says so.
pub async fn install<R: Runtime>(app: &AppHandle<R>) -> Result<(), CommandError> {
    let state = app.state::<Updates>();
    let update = {
        let mut known = state.lock();
        if known.installing {
            return Err(CommandError::new(
                ErrorCode::Conflict,
                "The update is being installed already.",
            ));
        }
        let Some(update) = known.found.clone() else {
            return Err(CommandError::new(
                ErrorCode::NotFound,
                "No update is waiting to be installed.",
            ));
        };
        known.installing = true;
        update
    };
    let result = fetch_verified(&update).await;
    let result = result.and_then(|bytes| {
        update.install(bytes).map_err(|e| match e {
            tauri_plugin_updater::Error::UnsupportedOs => {
                "This computer's copy of Dealer Access is updated by its package manager, not by the app."
                    .to_owned()
            }
            other => format!("The update could not be installed: {other}. Nothing was changed."),
        })
    });
    let mut known = state.lock();
    known.installing = false;
    match result {
        Ok(()) => Ok(()),
        Err(why) => {
            // A download that did not verify is never offered again as it is: the next
            // check finds it afresh, or a mended one.
            known.found = None;
            known.problem = Some(why.clone());
            Err(CommandError::new(ErrorCode::Protocol, why))
        }
    }
}

/// The installer's bytes, only once their signature verifies for the announced version.
pub async fn fetch_verified(update: &Update) -> Result<Vec<u8>, String> {
    update
        .download(|_, _| {}, || {})
        .await
        .map_err(|e| match e {
            tauri_plugin_updater::Error::Minisign(_)
            | tauri_plugin_updater::Error::SignedVersionMismatch { .. }
            | tauri_plugin_updater::Error::MissingSignedVersion
            | tauri_plugin_updater::Error::Base64(_)
            | tauri_plugin_updater::Error::SignatureUtf8(_) => format!(
                "The update {} did not match its signature, so it was not installed. Nothing was \
             changed; tell your provider's help desk.",
                update.version
            ),
            other => format!(
                "The update {} could not be downloaded ({other}). Nothing was changed; the app \
             will try again later.",
                update.version
            ),
        })
}

#[cfg(test)]
mod tests;
