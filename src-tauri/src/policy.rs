//! Managed configuration: what IT pins for every user of a computer, in a place only an
//! administrator can write, read once when the app starts.
//!
//! - Windows: registry values under `HKEY_LOCAL_MACHINE\Software\Policies\DealerAccess`
//!   (what Group Policy and Intune write).
//! - macOS: `/Library/Managed Preferences/com.dealeraccess.desktop.plist` (what an MDM
//!   configuration profile writes).
//! - Linux: `/etc/dealer-access/policy.json`, an object of the same names.
//!
//! The names are the same everywhere: `PortalUrl` (text: a shared portal's `https://`
//! address, or empty for the portal on this computer), `DeviceMode` (`shared` or
//! `personal`), `IdleMinutes` (1 to 120), `RememberMe` (0/1 or false/true: may a personal
//! computer remember a sign-in), `AppUpdates` (0/1: may the app update itself from its
//! portal; 0 where software is deployed centrally). A pinned setting shows as "Set by your
//! administrator" and no command changes it.
//!
//! A value that cannot be used is never ignored into something looser: `DeviceMode` falls
//! to `shared`, `RememberMe` to off, `IdleMinutes` to the nearest allowed value (or 5),
//! and a `PortalUrl` that cannot be used pins the portal on this computer. Each such
//! problem is reported in Settings. A policy file that cannot be read at all pins a shared
//! PC that remembers nobody.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::settings::{self, DeviceMode, IDLE_MINUTES_RANGE};

/// What the policy pins; `None` leaves that setting to the app's own rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// `Some(None)`: the portal on this computer; `Some(Some(url))`: that shared portal
    /// (normalized, as the app would save it).
    pub portal_url: Option<Option<String>>,
    pub device_mode: Option<DeviceMode>,
    pub idle_minutes: Option<u32>,
    pub remember_me: Option<bool>,
    /// `Some(false)`: the app never looks for updates of itself (IT deploys them).
    pub app_updates: Option<bool>,
    /// Values that could not be used as written, in words, for Settings and the log.
    pub problems: Vec<String>,
}

/// Which settings the policy pins, for the UI.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct Pinned {
    pub portal_url: bool,
    pub device_mode: bool,
    pub idle_minutes: bool,
    pub remember_me: bool,
}

impl Policy {
    pub fn pinned(&self) -> Pinned {
        Pinned {
            portal_url: self.portal_url.is_some(),
            device_mode: self.device_mode.is_some(),
            idle_minutes: self.idle_minutes.is_some(),
            remember_me: self.remember_me.is_some(),
        }
    }

    /// The most restrictive policy, for a policy source that exists but cannot be read.
    fn unreadable(why: String) -> Policy {
        Policy {
            device_mode: Some(DeviceMode::Shared),
            remember_me: Some(false),
            problems: vec![why],
            ..Policy::default()
        }
    }
}

/// One value as the platform stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    Text(String),
    Number(i64),
    Flag(bool),
}

impl Raw {
    fn describe(&self) -> String {
        match self {
            Raw::Text(t) => format!("{t:?}"),
            Raw::Number(n) => n.to_string(),
            Raw::Flag(b) => b.to_string(),
        }
    }
}

/// The policy that `values` (name → value, names compared without regard to case) pin.
pub fn from_values(values: BTreeMap<String, Raw>) -> Policy {
    let mut policy = Policy::default();
    for (name, value) in values {
        match name.to_ascii_lowercase().as_str() {
            "portalurl" => policy.portal_url = Some(portal_url(&value, &mut policy.problems)),
            "devicemode" => policy.device_mode = Some(device_mode(&value, &mut policy.problems)),
            "idleminutes" => policy.idle_minutes = Some(idle_minutes(&value, &mut policy.problems)),
            "rememberme" => policy.remember_me = Some(remember_me(&value, &mut policy.problems)),
            "appupdates" => policy.app_updates = Some(app_updates(&value, &mut policy.problems)),
            _ => policy.problems.push(format!(
                "{name} is not a Dealer Access setting (PortalUrl, DeviceMode, IdleMinutes, \
                 RememberMe, AppUpdates); it was ignored."
            )),
        }
    }
    policy
}

fn portal_url(value: &Raw, problems: &mut Vec<String>) -> Option<String> {
    let Raw::Text(text) = value else {
        problems.push(format!(
            "PortalUrl must be text, not {}; the portal on this computer is used.",
            value.describe()
        ));
        return None;
    };
    if text.trim().is_empty() {
        return None;
    }
    match settings::portal_client(text) {
        Ok(client) => Some(client.base_url().to_string()),
        Err(why) => {
            problems.push(format!(
                "PortalUrl {text:?} cannot be used ({}); the portal on this computer is used.",
                why.message().trim_end_matches('.')
            ));
            None
        }
    }
}

fn device_mode(value: &Raw, problems: &mut Vec<String>) -> DeviceMode {
    let named = match value {
        Raw::Text(t) => t.trim().to_ascii_lowercase().parse().ok(),
        _ => None,
    };
    match named {
        Some(mode) => mode,
        None => {
            let names: Vec<String> = DeviceMode::ALL.iter().map(|m| format!("\"{m}\"")).collect();
            problems.push(format!(
                "DeviceMode must be {}, not {}; shared is used.",
                names.join(" or "),
                value.describe()
            ));
            DeviceMode::Shared
        }
    }
}

fn idle_minutes(value: &Raw, problems: &mut Vec<String>) -> u32 {
    let (low, high) = (*IDLE_MINUTES_RANGE.start(), *IDLE_MINUTES_RANGE.end());
    let number = match value {
        Raw::Number(n) => Some(*n),
        Raw::Text(t) => t.trim().parse::<i64>().ok(),
        Raw::Flag(_) => None,
    };
    match number {
        Some(n) if (i64::from(low)..=i64::from(high)).contains(&n) => n as u32,
        Some(n) => {
            let used = n.clamp(i64::from(low), i64::from(high)) as u32;
            problems.push(format!(
                "IdleMinutes must be from {low} to {high}, not {n}; {used} is used."
            ));
            used
        }
        None => {
            let used = settings::Settings::default().idle_minutes;
            problems.push(format!(
                "IdleMinutes must be a number of minutes, not {}; {used} is used.",
                value.describe()
            ));
            used
        }
    }
}

/// A yes/no value: `true`/`false`, 1/0, or their text; `None` for anything else.
fn flag(value: &Raw) -> Option<bool> {
    match value {
        Raw::Flag(b) => Some(*b),
        Raw::Number(0) => Some(false),
        Raw::Number(1) => Some(true),
        Raw::Text(t) if t.trim().eq_ignore_ascii_case("true") || t.trim() == "1" => Some(true),
        Raw::Text(t) if t.trim().eq_ignore_ascii_case("false") || t.trim() == "0" => Some(false),
        _ => None,
    }
}

/// `name`'s yes/no, or no with the problem told as `then` says what follows from it.
fn flag_or_no(name: &str, value: &Raw, then: &str, problems: &mut Vec<String>) -> bool {
    flag(value).unwrap_or_else(|| {
        problems.push(format!(
            "{name} must be 0 or 1 (false or true), not {}; {then}.",
            value.describe()
        ));
        false
    })
}

fn remember_me(value: &Raw, problems: &mut Vec<String>) -> bool {
    flag_or_no("RememberMe", value, "sign-ins are not remembered", problems)
}

/// `AppUpdates`: anything but a clear yes turns self-update off, since an administrator who
/// wrote the value meant to manage updates.
fn app_updates(value: &Raw, problems: &mut Vec<String>) -> bool {
    flag_or_no(
        "AppUpdates",
        value,
        "the app does not update itself",
        problems,
    )
}

/// The values of a JSON policy (`/etc/dealer-access/policy.json`): an object whose members
/// are strings, whole numbers or booleans.
pub fn json_values(text: &str) -> Result<BTreeMap<String, Raw>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
    let serde_json::Value::Object(members) = value else {
        return Err("it must be a JSON object of settings".into());
    };
    members
        .into_iter()
        .map(|(name, value)| {
            let raw = match value {
                serde_json::Value::String(s) => Raw::Text(s),
                serde_json::Value::Bool(b) => Raw::Flag(b),
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(n) => Raw::Number(n),
                    None => Raw::Text(n.to_string()),
                },
                other => Raw::Text(other.to_string()),
            };
            Ok((name, raw))
        })
        .collect()
}

/// The values of a managed-preferences property list (macOS): strings, integers, booleans.
#[cfg(any(target_os = "macos", test))]
pub fn plist_values(bytes: &[u8]) -> Result<BTreeMap<String, Raw>, String> {
    let value = plist::Value::from_reader(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it is not a property list ({e})"))?;
    let plist::Value::Dictionary(dict) = value else {
        return Err("it must be a dictionary of settings".into());
    };
    Ok(dict
        .into_iter()
        .map(|(name, value)| {
            let raw = match value {
                plist::Value::String(s) => Raw::Text(s),
                plist::Value::Boolean(b) => Raw::Flag(b),
                plist::Value::Integer(i) => match i.as_signed() {
                    Some(n) => Raw::Number(n),
                    None => Raw::Text(i.to_string()),
                },
                other => Raw::Text(format!("{other:?}")),
            };
            (name, raw)
        })
        .collect())
}

/// Where the policy is read from on this platform, for messages and docs.
pub fn source() -> &'static str {
    if cfg!(windows) {
        r"HKEY_LOCAL_MACHINE\Software\Policies\DealerAccess"
    } else if cfg!(target_os = "macos") {
        MACOS_FILE
    } else {
        LINUX_FILE
    }
}

const LINUX_FILE: &str = "/etc/dealer-access/policy.json";
#[cfg(any(target_os = "macos", test))]
const MACOS_FILE: &str = "/Library/Managed Preferences/com.dealeraccess.desktop.plist";
#[cfg(not(any(target_os = "macos", test)))]
const MACOS_FILE: &str = "";

/// This computer's policy; none when nothing is configured.
pub fn read() -> Policy {
    let policy = match read_values() {
        Ok(None) => Policy::default(),
        Ok(Some(values)) => from_values(values),
        Err(why) => Policy::unreadable(format!(
            "Your administrator's settings ({}) cannot be read: {why}. This computer is \
             treated as a shared PC that remembers nobody.",
            source()
        )),
    };
    for problem in &policy.problems {
        tracing::warn!(source = source(), "{problem}");
    }
    policy
}

#[cfg(not(any(windows, target_os = "macos")))]
fn read_values() -> Result<Option<BTreeMap<String, Raw>>, String> {
    read_file(std::path::Path::new(LINUX_FILE), |bytes| {
        let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
        json_values(text)
    })
}

#[cfg(target_os = "macos")]
fn read_values() -> Result<Option<BTreeMap<String, Raw>>, String> {
    // What MDM writes is usually a binary property list: handed over as bytes.
    read_file(std::path::Path::new(MACOS_FILE), plist_values)
}

/// A policy file: absent is no policy; present but unreadable is an error.
#[cfg(not(windows))]
fn read_file(
    path: &std::path::Path,
    parse: impl FnOnce(&[u8]) -> Result<BTreeMap<String, Raw>, String>,
) -> Result<Option<BTreeMap<String, Raw>>, String> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
        Ok(bytes) => parse(&bytes).map(Some),
    }
}

#[cfg(windows)]
fn read_values() -> Result<Option<BTreeMap<String, Raw>>, String> {
    use winreg::RegKey;
    use winreg::enums::{HKEY_LOCAL_MACHINE, KEY_READ, RegType};
    let key = match RegKey::predef(HKEY_LOCAL_MACHINE)
        .open_subkey_with_flags(r"Software\Policies\DealerAccess", KEY_READ)
    {
        Ok(key) => key,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let mut values = BTreeMap::new();
    for entry in key.enum_values() {
        let (name, value) = entry.map_err(|e| e.to_string())?;
        let raw = match value.vtype {
            RegType::REG_DWORD | RegType::REG_QWORD => {
                let mut bytes = [0u8; 8];
                let n = value.bytes.len().min(8);
                bytes[..n].copy_from_slice(&value.bytes[..n]);
                Raw::Number(i64::from_le_bytes(bytes))
            }
            _ => Raw::Text(value.to_string()),
        };
        values.insert(name, raw);
    }
    Ok(Some(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, Raw)]) -> BTreeMap<String, Raw> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn no_values_pin_nothing() {
        let policy = from_values(BTreeMap::new());
        assert_eq!(policy, Policy::default());
        assert_eq!(policy.pinned(), Pinned::default());
    }

    #[test]
    fn every_setting_is_pinned_by_its_name_in_any_case() {
        let policy = from_values(values(&[
            ("PortalUrl", Raw::Text("https://portal.example.com".into())),
            ("devicemode", Raw::Text("Personal".into())),
            ("IDLEMINUTES", Raw::Number(10)),
            ("RememberMe", Raw::Number(0)),
            ("appupdates", Raw::Number(0)),
        ]));
        assert_eq!(
            policy,
            Policy {
                portal_url: Some(Some("https://portal.example.com/".into())),
                device_mode: Some(DeviceMode::Personal),
                idle_minutes: Some(10),
                remember_me: Some(false),
                app_updates: Some(false),
                problems: vec![],
            }
        );
        assert_eq!(
            policy.pinned(),
            Pinned {
                portal_url: true,
                device_mode: true,
                idle_minutes: true,
                remember_me: true
            }
        );
    }

    #[test]
    fn an_empty_portal_url_pins_the_portal_on_this_computer() {
        let policy = from_values(values(&[("PortalUrl", Raw::Text("".into()))]));
        assert_eq!(policy.portal_url, Some(None));
        assert!(policy.problems.is_empty());
    }

    #[test]
    fn values_that_cannot_be_used_fall_to_the_restrictive_side_and_are_reported() {
        let policy = from_values(values(&[
            ("PortalUrl", Raw::Text("http://portal.example.com".into())),
            ("DeviceMode", Raw::Text("kiosk".into())),
            ("IdleMinutes", Raw::Number(600)),
            ("RememberMe", Raw::Text("maybe".into())),
            ("AppUpdates", Raw::Text("sometimes".into())),
            ("Colour", Raw::Text("red".into())),
        ]));
        assert_eq!(
            policy.portal_url,
            Some(None),
            "plain http to another computer is never used, and nobody may change it instead"
        );
        assert_eq!(policy.device_mode, Some(DeviceMode::Shared));
        assert_eq!(policy.idle_minutes, Some(120));
        assert_eq!(policy.remember_me, Some(false));
        assert_eq!(
            policy.app_updates,
            Some(false),
            "an administrator who wrote AppUpdates meant to manage updates: unclear means off"
        );
        assert_eq!(policy.problems.len(), 6, "{:#?}", policy.problems);
        assert!(
            policy.problems.iter().any(|p| p.contains("Colour")),
            "an unknown name is reported: {:?}",
            policy.problems
        );
        let idle = from_values(values(&[("IdleMinutes", Raw::Text("soon".into()))]));
        assert_eq!(idle.idle_minutes, Some(5));
    }

    #[test]
    fn a_json_policy_is_read_by_the_same_names() {
        let parsed = json_values(
            r#"{"PortalUrl": "https://dealer.example.com", "IdleMinutes": 3, "RememberMe": false}"#,
        )
        .unwrap();
        let policy = from_values(parsed);
        assert_eq!(
            policy.portal_url,
            Some(Some("https://dealer.example.com/".into()))
        );
        assert_eq!(policy.idle_minutes, Some(3));
        assert_eq!(policy.remember_me, Some(false));
        assert!(json_values("[1, 2]").is_err());
        assert!(json_values("{not json").is_err());
    }

    #[test]
    fn an_mdm_property_list_is_read_by_the_same_names() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>PortalUrl</key><string>https://dealer.example.com</string>
  <key>DeviceMode</key><string>shared</string>
  <key>IdleMinutes</key><integer>2</integer>
  <key>RememberMe</key><false/>
  <key>AppUpdates</key><true/>
</dict></plist>"#;
        let policy = from_values(plist_values(xml).unwrap());
        assert_eq!(
            policy,
            Policy {
                portal_url: Some(Some("https://dealer.example.com/".into())),
                device_mode: Some(DeviceMode::Shared),
                idle_minutes: Some(2),
                remember_me: Some(false),
                app_updates: Some(true),
                problems: vec![],
            }
        );
        assert!(plist_values(b"<plist><array/></plist>").is_err());

        // MDM profiles usually land as binary property lists: the same values, read as bytes.
        let mut binary = Vec::new();
        plist::Value::from_reader(std::io::Cursor::new(&xml[..]))
            .unwrap()
            .to_writer_binary(&mut binary)
            .unwrap();
        assert!(binary.starts_with(b"bplist00"), "a binary property list");
        assert_eq!(from_values(plist_values(&binary).unwrap()), policy);
    }

    #[test]
    fn registry_style_numbers_and_text_read_the_same() {
        // What the Windows reader hands over: REG_SZ as text, REG_DWORD as a number.
        let policy = from_values(values(&[
            ("IdleMinutes", Raw::Text("7".into())),
            ("RememberMe", Raw::Number(1)),
        ]));
        assert_eq!(policy.idle_minutes, Some(7));
        assert_eq!(policy.remember_me, Some(true));
    }

    #[test]
    fn a_missing_policy_file_is_no_policy_and_a_broken_one_is_an_error() {
        let dir = std::env::temp_dir().join(format!("dealer-policy-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("policy.json");
        let json = |bytes: &[u8]| json_values(std::str::from_utf8(bytes).unwrap());
        assert_eq!(read_file(&path, json), Ok(None), "no file: nothing pinned");
        std::fs::write(&path, b"{\"DeviceMode\": ").unwrap();
        let why = read_file(&path, json).unwrap_err();
        assert!(why.contains("not valid JSON"), "{why}");
        std::fs::write(&path, br#"{"DeviceMode": "shared"}"#).unwrap();
        assert_eq!(
            from_values(read_file(&path, json).unwrap().unwrap()).device_mode,
            Some(DeviceMode::Shared)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_policy_that_cannot_be_read_is_the_strictest() {
        let policy = Policy::unreadable("no".into());
        assert_eq!(policy.device_mode, Some(DeviceMode::Shared));
        assert_eq!(policy.remember_me, Some(false));
    }
}
