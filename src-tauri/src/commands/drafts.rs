//! The request form's offline draft, kept by the app (`drafts.json`, see
//! `crate::drafts`), never in the web view. Whose draft it is comes from the app's session
//! and portal, never from the UI.

use dealer_api::ErrorCode;
use std::sync::Arc;

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_store::{Store, StoreExt};

use crate::drafts::{self, Drafts, Owner, RequestDraft, SavedDraft};
use crate::settings::{self, DeviceMode};
use crate::{CommandError, Portal, SessionState};

pub(crate) fn shelf<R: Runtime>(app: &AppHandle<R>) -> Result<Arc<Store<R>>, CommandError> {
    app.store(drafts::STORE_FILE).map_err(|e| {
        tracing::warn!(error = %e, "the drafts store cannot be opened");
        CommandError::new(
            ErrorCode::Drafts,
            "Drafts cannot be kept on this computer right now.",
        )
    })
}

/// The signed-in person at this portal, or `unauthenticated`.
fn owner(portal: &Portal, session: &SessionState) -> Result<Owner, CommandError> {
    let user_id = session
        .get()
        .ok_or_else(CommandError::unauthenticated)?
        .user_id;
    Ok(Owner::new(&portal.host_label(), &user_id))
}

/// Keep the form as typed so far as my draft. Errors: `unauthenticated`, `invalid_draft`
/// (too large), `drafts` (the store cannot be written).
#[tauri::command]
pub fn draft_save(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    drafts: State<'_, Drafts>,
    draft: RequestDraft,
) -> Result<(), CommandError> {
    let _one_at_a_time = drafts.hold();
    let owner = owner(&portal, &session)?;
    drafts::save(&*shelf(&app)?, &owner, draft, chrono::Utc::now())
}

/// My draft, if I left one.
#[tauri::command]
pub fn draft_load(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    drafts: State<'_, Drafts>,
) -> Result<Option<SavedDraft>, CommandError> {
    let _one_at_a_time = drafts.hold();
    let owner = owner(&portal, &session)?;
    Ok(drafts::load(&*shelf(&app)?, &owner))
}

/// Remove my draft (submitted, or discarded).
#[tauri::command]
pub fn draft_clear(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    drafts: State<'_, Drafts>,
) -> Result<(), CommandError> {
    let _one_at_a_time = drafts.hold();
    let owner = owner(&portal, &session)?;
    drafts::clear(&*shelf(&app)?, &owner)
}

/// After a sign-in (session.rs): a shared PC drops everyone else's drafts.
pub(crate) fn after_sign_in<R: Runtime>(
    app: &AppHandle<R>,
    drafts: &Drafts,
    mode: Option<DeviceMode>,
    portal: &Portal,
    user_id: &str,
) {
    let _one_at_a_time = drafts.hold();
    let cleared = shelf(app).and_then(|shelf| {
        drafts::signed_in(&*shelf, mode, &Owner::new(&portal.host_label(), user_id))
    });
    if let Err(err) = cleared {
        tracing::error!(error = %err, "other people's drafts could not be removed");
    }
}

/// After a sign-out (session.rs), whoever it was: a shared PC keeps no draft. The session
/// is already gone, so no save can follow.
pub(crate) fn after_sign_out<R: Runtime>(app: &AppHandle<R>, drafts: &Drafts) {
    let _one_at_a_time = drafts.hold();
    let mode = settings::load(app).settings.device_mode;
    if let Err(err) = shelf(app).and_then(|shelf| drafts::signed_out(&*shelf, mode)) {
        tracing::error!(error = %err, "drafts could not be removed at sign-out");
    }
}
