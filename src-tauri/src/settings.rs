//! The app's settings, kept with tauri-plugin-store in `settings.json` in the app-data
//! folder: portal URL, device mode, idle minutes, (personal devices only) the last user
//! ID, and the built-in portal's mail server. Nothing secret is ever written here: no
//! password, answer or token.

use dealer_api::ErrorCode;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use crate::CommandError;
use crate::policy::{Pinned, Policy};

pub const STORE_FILE: &str = "settings.json";
const KEY: &str = "settings";

dealer_core::text_enum! {
    /// How this computer is used.
    #[derive(ts_rs::TS)]
    #[ts(export, export_to = "app/")]
    pub enum DeviceMode {
        /// One person's computer: the sign-in may be remembered in the OS keychain.
        Personal = "personal",
        /// A dealership PC many people use: never remembers, signs out after idle minutes,
        /// clears the previous person's screen state.
        Shared = "shared",
    }
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

impl Settings {
    /// What an unreadable settings file becomes: a shared PC that remembers nobody, on the
    /// portal on this computer. Never a first run, where anyone could choose "personal".
    fn strictest() -> Settings {
        Settings {
            device_mode: Some(DeviceMode::Shared),
            ..Settings::default()
        }
    }
}

/// What loading found: the settings in effect (the saved ones under the administrator's
/// policy) and what the screens need to know about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/", rename = "LoadedSettings")]
pub struct Loaded {
    pub settings: Settings,
    /// Something in the settings could not be used (an unreadable file, moved aside; a
    /// saved portal address the app cannot use), in words.
    pub reset_notice: Option<String>,
    /// Nothing has been chosen on this computer yet: the first-run screen asks what the
    /// policy does not pin. Afterwards only a signed-in office manager changes settings.
    pub first_run: bool,
    /// Which settings the administrator's policy pins ("Set by your administrator").
    pub pinned: Pinned,
    /// May "Keep me signed in" be offered: a personal computer whose policy allows it.
    pub remember_allowed: bool,
    /// Administrator's settings that could not be used as written, in words.
    pub policy_problems: Vec<String>,
}

/// Read the settings. A file that cannot be parsed is moved aside (never deleted) and the
/// app goes on with the strictest settings (saved, so the next start is not a first run)
/// and a notice, never a crash.
pub fn load<R: Runtime>(app: &AppHandle<R>) -> Loaded {
    use tauri::Manager;
    let policy = app
        .try_state::<Policy>()
        .map(|p| p.inner().clone())
        .unwrap_or_default();
    match read(app) {
        Ok(settings) => in_effect(settings, None, &policy),
        Err(why) => {
            let notice = move_aside(app, &why);
            let strictest = Settings::strictest();
            if let Err(e) = save(app, &strictest) {
                tracing::warn!(error = e, "the strictest settings could not be saved");
            }
            in_effect(strictest, Some(notice), &policy)
        }
    }
}

/// The saved settings under the policy: what is pinned replaces what was saved.
pub fn in_effect(mut settings: Settings, notice: Option<String>, policy: &Policy) -> Loaded {
    let first_run = settings.device_mode.is_none()
        && !(policy.device_mode.is_some() && policy.portal_url.is_some());
    if let Some(url) = &policy.portal_url {
        settings.portal_url = url.clone();
    }
    if let Some(mode) = policy.device_mode {
        settings.device_mode = Some(mode);
    }
    if let Some(minutes) = policy.idle_minutes {
        settings.idle_minutes = minutes;
    }
    let portal_notice = vet_portal(&mut settings);
    if settings.device_mode != Some(DeviceMode::Personal) {
        settings.last_user_id = None;
    }
    Loaded {
        remember_allowed: settings.device_mode == Some(DeviceMode::Personal)
            && policy.remember_me != Some(false),
        settings,
        reset_notice: notice.or(portal_notice),
        first_run,
        pinned: policy.pinned(),
        policy_problems: policy.problems.clone(),
    }
}

/// `set_by_administrator` when the policy pins the setting a command would change.
pub fn not_pinned(pinned: bool, what: &str) -> Result<(), CommandError> {
    if pinned {
        Err(CommandError::new(
            ErrorCode::SetByAdministrator,
            format!("{what} is set by your administrator and cannot be changed here."),
        ))
    } else {
        Ok(())
    }
}

/// The settings as saved, without the policy (for a command that changes one of them).
pub fn saved<R: Runtime>(app: &AppHandle<R>) -> Settings {
    read(app).unwrap_or_else(|_| Settings::strictest())
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
            "Your settings could not be read, so this computer is treated as a shared PC that \
             remembers nobody, using the portal on this computer. An office manager can change \
             that in Settings. The old file was kept as {}.",
            to.display()
        ),
        None => "Your settings could not be read, so this computer is treated as a shared PC \
                 that remembers nobody, using the portal on this computer. An office manager \
                 can change that in Settings."
            .into(),
    }
}

/// Write the settings. In shared mode the last user ID is never kept (nor shown: see
/// [`in_effect`], for a computer a policy makes shared).
pub fn save<R: Runtime>(app: &AppHandle<R>, settings: &Settings) -> Result<(), String> {
    let mut settings = settings.clone();
    if settings.device_mode == Some(DeviceMode::Shared) {
        settings.last_user_id = None;
    }
    let store = app.store(STORE_FILE).map_err(|e| e.to_string())?;
    store.set(
        KEY,
        serde_json::to_value(&settings).map_err(|e| e.to_string())?,
    );
    store.save().map_err(|e| e.to_string())
}

/// Where the help desk as last known is kept, beside the settings.
const REGISTRATIONS_KEY: &str = "registrations";

/// A registration made on this computer and not ended yet: what the sign-in screen lists so
/// the registrant can check, answer or cancel it after closing the app. Its status token is
/// in the OS keychain (account `registration/<portal host>/<request id>`), never here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct KeptRegistration {
    pub request_id: dealer_api::RequestId,
    pub user_id: String,
    /// The portal it was made on (its host), so another portal's are not offered.
    pub portal: String,
    pub due_at: chrono::DateTime<chrono::Utc>,
}

/// Every registration kept on this computer.
pub fn kept_registrations<R: Runtime>(app: &AppHandle<R>) -> Vec<KeptRegistration> {
    app.store(STORE_FILE)
        .ok()
        .and_then(|store| store.get(REGISTRATIONS_KEY))
        .and_then(|value| serde_json::from_value(value).ok())
        .unwrap_or_default()
}

/// Keep `kept` (replacing one of the same request on the same portal), or with `None`
/// forget `request_id` of `portal`.
pub fn keep_registration<R: Runtime>(
    app: &AppHandle<R>,
    portal: &str,
    request_id: dealer_api::RequestId,
    kept: Option<KeptRegistration>,
) -> Result<(), String> {
    let all = with_registration(kept_registrations(app), portal, request_id, kept);
    let store = app.store(STORE_FILE).map_err(|e| e.to_string())?;
    store.set(
        REGISTRATIONS_KEY,
        serde_json::to_value(&all).map_err(|e| e.to_string())?,
    );
    store.save().map_err(|e| e.to_string())
}

/// `all` with `request_id` of `portal` replaced by `kept` (or taken out).
fn with_registration(
    mut all: Vec<KeptRegistration>,
    portal: &str,
    request_id: dealer_api::RequestId,
    kept: Option<KeptRegistration>,
) -> Vec<KeptRegistration> {
    all.retain(|k| !(k.portal == portal && k.request_id == request_id));
    all.extend(kept);
    all
}

const HELP_DESK_KEY: &str = "help_desk";

/// The help desk as the portal last described it: who, which number, which hours. Kept
/// with the settings so the help card has a number to show when the portal cannot be
/// reached (whether it is open now is the portal's to say, so that is not kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownHelpDesk {
    pub name: String,
    pub phone: String,
    pub hours: String,
    pub time_zone: String,
}

impl KnownHelpDesk {
    pub fn of(info: &dealer_api::HelpDeskInfo) -> KnownHelpDesk {
        KnownHelpDesk {
            name: info.name.clone(),
            phone: info.phone.clone(),
            hours: info.hours.clone(),
            time_zone: info.time_zone.clone(),
        }
    }

    /// As the card shows it while the portal cannot be reached: open now unknown.
    pub fn as_info(&self) -> dealer_api::HelpDeskInfo {
        dealer_api::HelpDeskInfo {
            name: self.name.clone(),
            phone: self.phone.clone(),
            hours: self.hours.clone(),
            time_zone: self.time_zone.clone(),
            open_now: false,
            closes_at: None,
            next_opening: None,
            status_text: "Could not check whether it is open right now.".into(),
        }
    }
}

/// Keep `info` as the help desk last known (written only when it changed).
pub fn remember_help_desk<R: Runtime>(
    app: &AppHandle<R>,
    info: &dealer_api::HelpDeskInfo,
) -> Result<(), String> {
    let known = KnownHelpDesk::of(info);
    if last_help_desk(app).as_ref() == Some(&known) {
        return Ok(());
    }
    let store = app.store(STORE_FILE).map_err(|e| e.to_string())?;
    store.set(
        HELP_DESK_KEY,
        serde_json::to_value(&known).map_err(|e| e.to_string())?,
    );
    store.save().map_err(|e| e.to_string())
}

/// The help desk as last known, if the portal ever described it here.
pub fn last_help_desk<R: Runtime>(app: &AppHandle<R>) -> Option<KnownHelpDesk> {
    let store = app.store(STORE_FILE).ok()?;
    serde_json::from_value(store.get(HELP_DESK_KEY)?).ok()
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
    fn a_kept_registration_is_listed_once_per_portal_and_never_holds_its_token() {
        let kept = |id: i64, portal: &str| KeptRegistration {
            request_id: dealer_api::RequestId(id),
            user_id: "jdoe".into(),
            portal: portal.into(),
            due_at: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        };
        let all = with_registration(
            Vec::new(),
            "localhost",
            kept(7, "localhost").request_id,
            Some(kept(7, "localhost")),
        );
        let all = with_registration(
            all,
            "portal.example",
            kept(7, "x").request_id,
            Some(kept(7, "portal.example")),
        );
        let all = with_registration(
            all,
            "localhost",
            kept(7, "x").request_id,
            Some(kept(7, "localhost")),
        );
        assert_eq!(
            all.len(),
            2,
            "the same number on two portals is two registrations; again on one is one"
        );
        let all = with_registration(all, "localhost", dealer_api::RequestId(7), None);
        assert_eq!(
            all,
            [kept(7, "portal.example")],
            "an ended one goes, the other portal's stays"
        );
        let mut keys: Vec<String> = serde_json::to_value(&all[0])
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["due_at", "portal", "request_id", "user_id"],
            "the status token is in the keychain only"
        );
    }

    #[test]
    fn the_help_desk_is_kept_without_what_only_the_portal_can_know() {
        let info = dealer_api::HelpDeskInfo {
            name: "Dealer Services Help Desk".into(),
            phone: "1-800-555-0142".into(),
            hours: "Mon–Fri 8 am–8 pm (ET)".into(),
            time_zone: "America/New_York".into(),
            open_now: true,
            closes_at: None,
            next_opening: None,
            status_text: "Open now until 8 pm ET".into(),
        };
        let kept = serde_json::to_value(KnownHelpDesk::of(&info)).unwrap();
        let mut keys: Vec<&str> = kept
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["hours", "name", "phone", "time_zone"]);
        let shown = KnownHelpDesk::of(&info).as_info();
        assert_eq!(
            (shown.name.as_str(), shown.phone.as_str()),
            ("Dealer Services Help Desk", "1-800-555-0142")
        );
        assert!(
            !shown.open_now,
            "never claimed open when it could not be checked"
        );
        assert!(
            shown.status_text.contains("Could not check"),
            "{}",
            shown.status_text
        );
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

    #[test]
    fn an_unreadable_file_becomes_a_shared_pc_not_a_first_run() {
        let loaded = in_effect(
            Settings::strictest(),
            Some("unreadable".into()),
            &Policy::default(),
        );
        assert!(
            !loaded.first_run,
            "a first run would let whoever is at the PC choose \"personal\""
        );
        assert_eq!(loaded.settings.device_mode, Some(DeviceMode::Shared));
        assert!(!loaded.remember_allowed, "a shared PC remembers nobody");
        assert_eq!(loaded.settings.portal_url, None);
    }

    #[test]
    fn the_policy_replaces_what_was_saved() {
        let saved = Settings {
            device_mode: Some(DeviceMode::Personal),
            portal_url: Some("https://elsewhere.example.com/".into()),
            idle_minutes: 60,
            last_user_id: Some("mgarcia".into()),
            mail: None,
        };
        let policy = Policy {
            portal_url: Some(Some("https://portal.example.com/".into())),
            device_mode: Some(DeviceMode::Shared),
            idle_minutes: Some(3),
            remember_me: None,
            app_updates: None,
            problems: vec![],
        };
        let loaded = in_effect(saved, None, &policy);
        assert_eq!(
            loaded.settings.portal_url.as_deref(),
            Some("https://portal.example.com/")
        );
        assert_eq!(loaded.settings.device_mode, Some(DeviceMode::Shared));
        assert_eq!(loaded.settings.idle_minutes, 3);
        assert_eq!(
            loaded.settings.last_user_id, None,
            "a PC made shared by policy shows nobody's user ID"
        );
        assert!(!loaded.remember_allowed);
        assert!(
            loaded.pinned.portal_url && loaded.pinned.device_mode && loaded.pinned.idle_minutes
        );
    }

    #[test]
    fn first_run_asks_only_what_the_policy_leaves_open() {
        let only_portal = Policy {
            portal_url: Some(None),
            ..Policy::default()
        };
        assert!(in_effect(Settings::default(), None, &only_portal).first_run);
        let both = Policy {
            portal_url: Some(None),
            device_mode: Some(DeviceMode::Shared),
            ..Policy::default()
        };
        assert!(
            !in_effect(Settings::default(), None, &both).first_run,
            "nothing left to choose: no first-run screen"
        );
    }

    #[test]
    fn remembering_needs_a_personal_computer_and_a_policy_that_allows_it() {
        let personal = Settings {
            device_mode: Some(DeviceMode::Personal),
            ..Settings::default()
        };
        assert!(in_effect(personal.clone(), None, &Policy::default()).remember_allowed);
        let no = Policy {
            remember_me: Some(false),
            ..Policy::default()
        };
        assert!(!in_effect(personal, None, &no).remember_allowed);
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
