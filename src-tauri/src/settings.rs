//! The app's settings, kept with tauri-plugin-store in `settings.json` in the app-data
//! folder: portal URL, device mode, idle minutes, (personal devices only) the last user
//! ID, and the built-in portal's mail server. Nothing secret is ever written here: no
//! password, answer or token.

use dealer_api::ErrorCode;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use crate::CommandError;

pub const STORE_FILE: &str = "settings.json";
const KEY: &str = "settings";

/// How this computer is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
#[serde(rename_all = "snake_case")]
pub enum DeviceMode {
    /// One person's computer: the sign-in may be remembered in the OS keychain.
    Personal,
    /// A dealership PC many people use: never remembers, signs out after idle minutes,
    /// clears the previous person's screen state.
    Shared,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
#[serde(default)]
pub struct Settings {
    /// `None` until chosen on first run.
    pub device_mode: Option<DeviceMode>,
    /// A shared portal (`https://…`); `None` runs the portal on this computer.
    pub portal_url: Option<String>,
    /// Minutes of inactivity after which a shared PC signs out.
    pub idle_minutes: u32,
    /// Personal devices only: prefilled on the sign-in screen.
    pub last_user_id: Option<String>,
    /// The built-in portal's SMTP server (its password is in the keychain, never here);
    /// `None` until the office manager sets mail up.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mail: Option<crate::mail::MailSettings>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            device_mode: None,
            portal_url: None,
            idle_minutes: 5,
            last_user_id: None,
            mail: None,
        }
    }
}

/// How long a shared PC may sit idle before it signs out: a minute to two hours.
pub const IDLE_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=120;

/// Idle minutes within [`IDLE_MINUTES_RANGE`], or `invalid_idle_minutes`.
pub fn idle_minutes(minutes: u32) -> Result<u32, CommandError> {
    if IDLE_MINUTES_RANGE.contains(&minutes) {
        Ok(minutes)
    } else {
        Err(CommandError::new(
            ErrorCode::InvalidIdleMinutes,
            format!(
                "Idle time must be between {} and {} minutes.",
                IDLE_MINUTES_RANGE.start(),
                IDLE_MINUTES_RANGE.end()
            ),
        ))
    }
}

/// What loading found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/", rename = "LoadedSettings")]
pub struct Loaded {
    pub settings: Settings,
    /// The settings file could not be read and was moved aside; settings start fresh.
    pub reset_notice: Option<String>,
}

/// Read the settings. A file that cannot be parsed is moved aside (never deleted) and the
/// app starts with defaults and a notice, never a crash.
pub fn load<R: Runtime>(app: &AppHandle<R>) -> Loaded {
    match read(app) {
        Ok(mut settings) => {
            let reset_notice = vet_portal(&mut settings);
            Loaded {
                settings,
                reset_notice,
            }
        }
        Err(why) => {
            let notice = move_aside(app, &why);
            Loaded {
                settings: Settings::default(),
                reset_notice: Some(notice),
            }
        }
    }
}

/// A saved portal address the app cannot use (a hand-edited file: plain http to another
/// computer, no scheme) is set aside for this run: the app starts on its built-in portal
/// with a notice instead of not starting at all. The file keeps the address until the
/// portal is set again in Settings.
fn vet_portal(settings: &mut Settings) -> Option<String> {
    let url = settings.portal_url.as_deref()?;
    let why = portal_client(url).err()?;
    tracing::warn!(portal_url = url, error = %why.message(), "saved portal address unusable");
    let notice = format!(
        "The saved portal address {url} cannot be used ({}), so Dealer Access is using the \
         portal on this computer. Set the shared portal again in Settings.",
        why.message().trim_end_matches('.')
    );
    settings.portal_url = None;
    Some(notice)
}

fn read<R: Runtime>(app: &AppHandle<R>) -> Result<Settings, String> {
    let store = app.store(STORE_FILE).map_err(|e| e.to_string())?;
    match store.get(KEY) {
        None => Ok(Settings::default()),
        Some(value) => {
            let mut settings: Settings =
                serde_json::from_value(value).map_err(|e| e.to_string())?;
            // A hand-edited file cannot turn the shared-PC sign-out off.
            settings.idle_minutes = settings
                .idle_minutes
                .clamp(*IDLE_MINUTES_RANGE.start(), *IDLE_MINUTES_RANGE.end());
            Ok(settings)
        }
    }
}

fn move_aside<R: Runtime>(app: &AppHandle<R>, why: &str) -> String {
    use tauri::Manager;
    tracing::warn!(error = why, "settings unreadable; starting fresh");
    let moved = app.path().app_data_dir().ok().and_then(|dir| {
        let from = dir.join(STORE_FILE);
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let to = dir.join(format!("{STORE_FILE}.unreadable-{stamp}"));
        std::fs::rename(&from, &to).ok().map(|()| to)
    });
    match moved {
        Some(to) => format!(
            "Your settings could not be read, so Dealer Access started with fresh settings. The old file was kept as {}.",
            to.display()
        ),
        None => {
            "Your settings could not be read, so Dealer Access started with fresh settings.".into()
        }
    }
}

/// Write the settings. In shared mode the last user ID is never kept.
pub fn save<R: Runtime>(app: &AppHandle<R>, settings: &Settings) -> Result<(), String> {
    let mut settings = settings.clone();
    if settings.device_mode != Some(DeviceMode::Personal) {
        settings.last_user_id = None;
    }
    let store = app.store(STORE_FILE).map_err(|e| e.to_string())?;
    store.set(
        KEY,
        serde_json::to_value(&settings).map_err(|e| e.to_string())?,
    );
    store.save().map_err(|e| e.to_string())
}

/// A client of the portal at `url` as typed: `https://` anywhere, plain `http://` only on
/// this computer, no user name or password in it (dealer-client enforces the same rules;
/// this gives the reason in words for the form). `invalid_portal_url` otherwise.
pub fn portal_client(url: &str) -> Result<dealer_client::Client, CommandError> {
    let url = url.trim();
    let invalid = |why: &str| CommandError::new(ErrorCode::InvalidPortalUrl, why);
    if url.is_empty() {
        return Err(invalid(
            "Enter the portal's address, starting with https:// (for example https://portal.example.com).",
        ));
    }
    if !url.contains("://") {
        return Err(invalid(
            "The address must start with https:// (for example https://portal.example.com).",
        ));
    }
    dealer_client::Client::new(url).map_err(|err| match err {
        dealer_client::ClientError::InvalidUrl(_, why) => {
            invalid(&format!("This address cannot be used: {why}."))
        }
        other => CommandError::from(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_ask_for_the_device_mode_and_idle_five_minutes() {
        let s = Settings::default();
        assert_eq!(s.device_mode, None, "chosen on first run");
        assert_eq!(s.idle_minutes, 5);
        assert!(IDLE_MINUTES_RANGE.contains(&s.idle_minutes));
    }

    #[test]
    fn settings_json_has_no_field_for_secrets() {
        let json = serde_json::to_value(Settings::default()).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["device_mode", "idle_minutes", "last_user_id", "portal_url"]
        );
    }

    #[test]
    fn an_unusable_saved_portal_address_falls_back_to_the_built_in_portal_with_a_notice() {
        let mut settings = Settings {
            portal_url: Some("http://portal.example.com".into()),
            ..Settings::default()
        };
        let notice = vet_portal(&mut settings).expect("a notice says what happened");
        assert_eq!(
            settings.portal_url, None,
            "this run uses the built-in portal"
        );
        assert!(
            notice.contains("http://portal.example.com") && notice.contains("Settings"),
            "the notice names the address and where to fix it: {notice}"
        );
        let mut fine = Settings {
            portal_url: Some("https://portal.example.com/".into()),
            ..Settings::default()
        };
        assert_eq!(vet_portal(&mut fine), None);
        assert_eq!(
            fine.portal_url.as_deref(),
            Some("https://portal.example.com/")
        );
    }

    fn refused(url: &str) -> CommandError {
        portal_client(url).expect_err(url)
    }

    #[test]
    fn portal_urls_must_be_https_off_this_computer() {
        let ok = portal_client("  https://portal.example.com ").unwrap();
        assert_eq!(
            ok.base_url().as_str(),
            "https://portal.example.com/",
            "trimmed and normalized"
        );
        for loopback in [
            "http://127.0.0.1:8787",
            "http://localhost:8787",
            "http://[::1]:8787",
        ] {
            assert!(
                portal_client(loopback).is_ok(),
                "{loopback} is this computer"
            );
        }
        let err = refused("http://portal.example.com");
        assert_eq!(err.code(), ErrorCode::InvalidPortalUrl);
        assert!(err.message().contains("https://"), "{}", err.message());
    }

    #[test]
    fn portal_urls_without_a_scheme_or_with_credentials_are_refused_with_a_reason() {
        for url in ["", "   ", "portal.example.com", "ftp://portal.example.com"] {
            let err = refused(url);
            assert_eq!(err.code(), ErrorCode::InvalidPortalUrl, "{url:?}");
            assert!(
                err.message().contains("https://"),
                "{url:?}: {}",
                err.message()
            );
        }
        let err = refused("https://ann:secret@portal.example.com");
        assert_eq!(err.code(), ErrorCode::InvalidPortalUrl);
        assert!(
            !err.message().contains("secret"),
            "a password typed into the address is never repeated: {}",
            err.message()
        );
    }

    #[test]
    fn idle_minutes_run_from_one_minute_to_two_hours() {
        assert_eq!(idle_minutes(1), Ok(1));
        assert_eq!(idle_minutes(120), Ok(120));
        for out in [0, 121, u32::MAX] {
            assert_eq!(
                idle_minutes(out).unwrap_err().code(),
                ErrorCode::InvalidIdleMinutes,
                "{out} minutes is out of range"
            );
        }
    }
}
