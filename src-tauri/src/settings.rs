//! The app's settings, kept with tauri-plugin-store in `settings.json` in the app-data
//! folder: portal URL, device mode, idle minutes, and (personal devices only) the last
//! user ID. Nothing secret is ever written here: no password, answer or token.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            device_mode: None,
            portal_url: None,
            idle_minutes: 5,
            last_user_id: None,
        }
    }
}

pub const IDLE_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

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
        Ok(settings) => Loaded {
            settings,
            reset_notice: None,
        },
        Err(why) => {
            let notice = move_aside(app, &why);
            Loaded {
                settings: Settings::default(),
                reset_notice: Some(notice),
            }
        }
    }
}

fn read<R: Runtime>(app: &AppHandle<R>) -> Result<Settings, String> {
    let store = app.store(STORE_FILE).map_err(|e| e.to_string())?;
    match store.get(KEY) {
        None => Ok(Settings::default()),
        Some(value) => serde_json::from_value(value).map_err(|e| e.to_string()),
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

/// A portal address the app may talk to: `https://` anywhere, plain `http://` only on this
/// computer (dealer-client enforces the same rule; this gives the reason in the form).
pub fn check_portal_url(url: &str) -> Result<String, String> {
    dealer_client::Client::new(url.trim())
        .map(|c| c.base_url().to_string())
        .map_err(|e| e.to_string())
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
    fn portal_urls_must_be_https_off_this_computer() {
        assert!(check_portal_url("https://portal.example.com").is_ok());
        assert!(check_portal_url("http://127.0.0.1:8787").is_ok());
        let why = check_portal_url("http://portal.example.com").unwrap_err();
        assert!(why.contains("https"), "{why}");
        assert!(check_portal_url("portal").is_err());
    }
}
