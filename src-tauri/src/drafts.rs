//! Offline drafts of the User ID Request form, kept with tauri-plugin-store in
//! `drafts.json` in the app-data folder (not in the web view's storage), one per person
//! per portal: the key is the portal's host and the signed-in user ID, both taken from the
//! app's own session, so one person never reads another's draft.
//!
//! Only the form's non-secret fields are accepted ([`RequestDraft`] refuses any other
//! field): the form asks for no password and no answer, and a draft cannot carry one.
//! A personal computer keeps a draft until it is submitted or discarded, across sign-outs
//! and restarts; a shared PC keeps one only while its owner is signed in.

use dealer_api::ErrorCode;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::CommandError;
use crate::settings::DeviceMode;

pub const STORE_FILE: &str = "drafts.json";

/// The longest text a draft field may hold: far above any field's own limit, so a person
/// mid-way through a long reason loses nothing, yet a draft stays small.
pub const TEXT_MAX: usize = 2_000;
/// The most applications a draft may name.
pub const APPLICATIONS_MAX: usize = 32;

dealer_core::text_enum! {
    /// The kinds of request the office manager's form files.
    #[derive(ts_rs::TS)]
    #[ts(export, export_to = "app/")]
    pub enum DraftKind {
        NewUser = "new_user",
        RemoveApplicationAccess = "remove_application_access",
        Reactivation = "reactivation",
        Deactivation = "deactivation",
    }
}

/// Everything the form holds, whatever the kind, as typed so far (not yet valid). Any
/// other field (a password, an answer) is refused, not dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
#[serde(deny_unknown_fields)]
pub struct RequestDraft {
    pub kind: DraftKind,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub business_phone: String,
    /// A role key, "other", or empty while none is chosen.
    pub role: String,
    pub role_other: String,
    pub user_id: String,
    /// Application keys ("smartcash").
    pub applications: Vec<String>,
    pub reason: String,
}

impl RequestDraft {
    /// Within the sizes a draft may have, or `invalid_draft`.
    pub fn check(&self) -> Result<(), CommandError> {
        let invalid = |why: String| CommandError::new(ErrorCode::InvalidDraft, why);
        let texts = [
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("email", &self.email),
            ("business_phone", &self.business_phone),
            ("role", &self.role),
            ("role_other", &self.role_other),
            ("user_id", &self.user_id),
            ("reason", &self.reason),
        ];
        for (field, text) in texts {
            if text.chars().count() > TEXT_MAX {
                return Err(invalid(format!(
                    "The draft's {field} is longer than {TEXT_MAX} characters."
                )));
            }
        }
        if self.applications.len() > APPLICATIONS_MAX {
            return Err(invalid(format!(
                "A draft names at most {APPLICATIONS_MAX} applications."
            )));
        }
        let key = |k: &String| {
            (1..=64).contains(&k.len())
                && k.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        };
        if let Some(bad) = self.applications.iter().find(|k| !key(k)) {
            return Err(invalid(format!("{bad:?} is not an application key.")));
        }
        Ok(())
    }
}

/// A kept draft and when it was last saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
#[serde(deny_unknown_fields)]
pub struct SavedDraft {
    pub values: RequestDraft,
    pub saved_at: DateTime<Utc>,
}

/// Whose draft: one user ID at one portal. User IDs compare case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    key: String,
}

impl Owner {
    /// `portal` is [`crate::Portal::host_label`]: `localhost` for the embedded portal.
    pub fn new(portal: &str, user_id: &str) -> Self {
        Owner {
            key: format!("{portal}/{}", user_id.to_lowercase()),
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }
}

/// Where drafts are kept: the store file in the app, a map in the tests.
pub trait Shelf {
    fn keys(&self) -> Vec<String>;
    fn get(&self, key: &str) -> Option<Value>;
    fn set(&self, key: &str, value: Value);
    fn delete(&self, key: &str);
    /// Write what changed to disk.
    fn save(&self) -> Result<(), String>;
}

impl<R: tauri::Runtime> Shelf for tauri_plugin_store::Store<R> {
    fn keys(&self) -> Vec<String> {
        tauri_plugin_store::Store::keys(self)
    }
    fn get(&self, key: &str) -> Option<Value> {
        tauri_plugin_store::Store::get(self, key)
    }
    fn set(&self, key: &str, value: Value) {
        tauri_plugin_store::Store::set(self, key, value);
    }
    fn delete(&self, key: &str) {
        tauri_plugin_store::Store::delete(self, key);
    }
    fn save(&self) -> Result<(), String> {
        tauri_plugin_store::Store::save(self).map_err(|e| e.to_string())
    }
}

fn saved(shelf: &impl Shelf) -> Result<(), CommandError> {
    shelf.save().map_err(|why| {
        tracing::warn!(error = why, "drafts could not be written");
        CommandError::new(
            ErrorCode::Drafts,
            "The draft could not be saved on this computer.",
        )
    })
}

/// Keep `draft` as `owner`'s, replacing the one before.
pub fn save(
    shelf: &impl Shelf,
    owner: &Owner,
    draft: RequestDraft,
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    draft.check()?;
    let value = serde_json::to_value(SavedDraft {
        values: draft,
        saved_at: now,
    })
    .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?;
    shelf.set(owner.key(), value);
    saved(shelf)
}

/// `owner`'s draft, if any. One that cannot be read (a hand-edited file, a field this
/// version does not know) is removed, never half-read.
pub fn load(shelf: &impl Shelf, owner: &Owner) -> Option<SavedDraft> {
    let value = shelf.get(owner.key())?;
    match serde_json::from_value::<SavedDraft>(value) {
        Ok(draft) if draft.values.check().is_ok() => Some(draft),
        _ => {
            tracing::warn!("an unreadable draft was removed");
            shelf.delete(owner.key());
            let _ = saved(shelf);
            None
        }
    }
}

/// Remove `owner`'s draft (submitted or discarded).
pub fn clear(shelf: &impl Shelf, owner: &Owner) -> Result<(), CommandError> {
    shelf.delete(owner.key());
    saved(shelf)
}

/// Only a personal computer keeps a draft past its owner's session.
fn keeps_drafts(mode: Option<DeviceMode>) -> bool {
    mode == Some(DeviceMode::Personal)
}

/// `owner` signed in. On a shared PC, whatever another person left (their session ended
/// without a sign-out: the app was closed, the portal ended it) goes now.
pub fn signed_in(
    shelf: &impl Shelf,
    mode: Option<DeviceMode>,
    owner: &Owner,
) -> Result<(), CommandError> {
    if keeps_drafts(mode) {
        return Ok(());
    }
    let others: Vec<String> = shelf
        .keys()
        .into_iter()
        .filter(|k| k != owner.key())
        .collect();
    if others.is_empty() {
        return Ok(());
    }
    others.iter().for_each(|k| shelf.delete(k));
    saved(shelf)
}

/// Someone signed out (by hand, after the idle minutes, or to switch user). On a shared
/// PC no draft outlives the session: the signed-out person's go, and so does anything
/// left from before.
pub fn signed_out(shelf: &impl Shelf, mode: Option<DeviceMode>) -> Result<(), CommandError> {
    if keeps_drafts(mode) {
        return Ok(());
    }
    let all = shelf.keys();
    if all.is_empty() {
        return Ok(());
    }
    all.iter().for_each(|k| shelf.delete(k));
    saved(shelf)
}

/// Draft reads and writes, and the clearing at sign-in and sign-out, one at a time: a
/// save that checked the session before a sign-out cannot write after its clearing.
#[derive(Debug, Default)]
pub struct Drafts(Mutex<()>);

impl Drafts {
    pub fn hold(&self) -> MutexGuard<'_, ()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use dealer_api::ErrorCode;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use super::*;

    /// The store as a map; `saves` counts the writes to disk.
    #[derive(Default)]
    struct Map {
        entries: RefCell<BTreeMap<String, Value>>,
        saves: RefCell<usize>,
    }

    impl Shelf for Map {
        fn keys(&self) -> Vec<String> {
            self.entries.borrow().keys().cloned().collect()
        }
        fn get(&self, key: &str) -> Option<Value> {
            self.entries.borrow().get(key).cloned()
        }
        fn set(&self, key: &str, value: Value) {
            self.entries.borrow_mut().insert(key.to_owned(), value);
        }
        fn delete(&self, key: &str) {
            self.entries.borrow_mut().remove(key);
        }
        fn save(&self) -> Result<(), String> {
            *self.saves.borrow_mut() += 1;
            Ok(())
        }
    }

    fn draft(user_id: &str) -> RequestDraft {
        RequestDraft {
            kind: DraftKind::Reactivation,
            first_name: String::new(),
            last_name: String::new(),
            email: String::new(),
            business_phone: String::new(),
            role: String::new(),
            role_other: String::new(),
            user_id: user_id.to_owned(),
            applications: Vec::new(),
            reason: String::new(),
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-29T15:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_draft_is_keyed_by_portal_and_user_id_ignoring_case() {
        let shelf = Map::default();
        let maria = Owner::new("portal.lakeside.example", "MGarcia");
        save(&shelf, &maria, draft("apatel"), now()).unwrap();
        let back = load(&shelf, &Owner::new("portal.lakeside.example", "mgarcia")).unwrap();
        assert_eq!(
            back.values,
            draft("apatel"),
            "the same user ID in other case"
        );
        assert_eq!(back.saved_at, now());
        assert_eq!(
            load(&shelf, &Owner::new("portal.lakeside.example", "jchen")),
            None,
            "another person at the same portal sees nothing"
        );
        assert_eq!(
            load(&shelf, &Owner::new("localhost", "mgarcia")),
            None,
            "the same user ID at another portal is another person"
        );
        clear(&shelf, &maria).unwrap();
        assert_eq!(load(&shelf, &maria), None);
        assert!(shelf.keys().is_empty());
    }

    #[test]
    fn a_draft_with_a_secret_field_is_refused_not_trimmed() {
        let mut json = serde_json::to_value(draft("apatel")).unwrap();
        for secret in ["password", "answers", "secret_answer", "token"] {
            json[secret] = "lantern orchard velvet canyon".into();
            let err = serde_json::from_value::<RequestDraft>(json.clone()).unwrap_err();
            assert!(err.to_string().contains("unknown field"), "{secret}: {err}");
            json.as_object_mut().unwrap().remove(secret);
        }
        let keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            [
                "applications",
                "business_phone",
                "email",
                "first_name",
                "kind",
                "last_name",
                "reason",
                "role",
                "role_other",
                "user_id"
            ],
            "a draft has exactly the form's non-secret fields"
        );
        let err = serde_json::from_value::<RequestDraft>(
            serde_json::json!({"kind": "self_registration"}),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("unknown variant"),
            "registration is not the manager's form: {err}"
        );
    }

    #[test]
    fn oversized_drafts_are_refused_and_nothing_is_written() {
        let shelf = Map::default();
        let owner = Owner::new("localhost", "mgarcia");
        let mut long = draft("apatel");
        long.reason = "x".repeat(TEXT_MAX + 1);
        assert_eq!(
            save(&shelf, &owner, long, now()).unwrap_err().code(),
            ErrorCode::InvalidDraft
        );
        let mut apps = draft("apatel");
        apps.applications = vec!["smartcash".into(), "Smart Cash!".into()];
        assert_eq!(
            save(&shelf, &owner, apps, now()).unwrap_err().code(),
            ErrorCode::InvalidDraft
        );
        assert!(shelf.keys().is_empty(), "a refused draft leaves nothing");
        let mut fits = draft("apatel");
        fits.reason = "é".repeat(TEXT_MAX);
        fits.applications = vec!["smartcash".into(), "smart-auction_2".into()];
        save(&shelf, &owner, fits, now()).unwrap();
    }

    #[test]
    fn an_unreadable_draft_is_removed() {
        let shelf = Map::default();
        let owner = Owner::new("localhost", "mgarcia");
        shelf.set(
            owner.key(),
            serde_json::json!({"values": {"kind": "new_user"}}),
        );
        assert_eq!(load(&shelf, &owner), None);
        assert!(shelf.keys().is_empty(), "not kept to fail again");
        let mut with_password = serde_json::to_value(SavedDraft {
            values: draft("apatel"),
            saved_at: now(),
        })
        .unwrap();
        with_password["values"]["password"] = "hunter2 hunter2 hunter2".into();
        shelf.set(owner.key(), with_password);
        assert_eq!(
            load(&shelf, &owner),
            None,
            "a hand-edited secret is not read"
        );
        assert!(shelf.keys().is_empty());
    }

    /// Maria's and Jamie's drafts on `portal`, and one of Maria's at another portal.
    fn three_drafts() -> (Map, Owner, Owner) {
        let shelf = Map::default();
        let maria = Owner::new("localhost", "mgarcia");
        let jamie = Owner::new("localhost", "jchen");
        save(&shelf, &maria, draft("apatel"), now()).unwrap();
        save(&shelf, &jamie, draft("rbrooks"), now()).unwrap();
        save(
            &shelf,
            &Owner::new("portal.lakeside.example", "mgarcia"),
            draft("tsmith"),
            now(),
        )
        .unwrap();
        (shelf, maria, jamie)
    }

    #[test]
    fn signing_out_of_a_shared_pc_leaves_no_draft() {
        for mode in [Some(DeviceMode::Shared), None] {
            let (shelf, maria, _) = three_drafts();
            signed_out(&shelf, mode).unwrap();
            assert_eq!(
                load(&shelf, &maria),
                None,
                "{mode:?}: the signed-out person's"
            );
            assert!(
                shelf.keys().is_empty(),
                "{mode:?}: and anything left from before"
            );
        }
    }

    #[test]
    fn signing_in_on_a_shared_pc_removes_everyone_elses_drafts() {
        let (shelf, maria, jamie) = three_drafts();
        signed_in(&shelf, Some(DeviceMode::Shared), &maria).unwrap();
        assert_eq!(
            shelf.keys(),
            [maria.key()],
            "only the one signing in keeps theirs"
        );
        assert_eq!(load(&shelf, &jamie), None);
        assert!(load(&shelf, &maria).is_some());
    }

    #[test]
    fn a_personal_computer_keeps_drafts_across_sign_in_and_sign_out() {
        let (shelf, maria, jamie) = three_drafts();
        let saves = *shelf.saves.borrow();
        signed_out(&shelf, Some(DeviceMode::Personal)).unwrap();
        signed_in(&shelf, Some(DeviceMode::Personal), &jamie).unwrap();
        assert_eq!(shelf.keys().len(), 3);
        assert_eq!(load(&shelf, &maria).unwrap().values.user_id, "apatel");
        assert_eq!(*shelf.saves.borrow(), saves, "nothing to write");
    }
}
