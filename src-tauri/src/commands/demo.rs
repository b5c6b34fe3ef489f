//! Demo data for a newcomer: an empty built-in portal offers the demo dealerships and
//! accounts (what `cargo xtask run` shows first). Their fresh random passwords are shown
//! once, on this screen, like `dealer-portal seed-demo` prints them; only hashes are kept.

use dealer_api::ErrorCode;
use dealer_portal::seed::{SeedError, SeededAccount, seed_demo};
use tauri::State;

use crate::{CommandError, Portal};

/// Whether to offer demo data: only the built-in portal, and only while it has no account
/// at all, so it can never add known passwords to a dealership's real data.
#[tauri::command]
pub async fn demo_offer(portal: State<'_, Portal>) -> Result<bool, CommandError> {
    let Some(local) = &portal.local else {
        return Ok(false);
    };
    let count = local
        .store
        .user_count()
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(count == 0)
}

#[tauri::command]
pub async fn load_demo_data(portal: State<'_, Portal>) -> Result<Vec<SeededAccount>, CommandError> {
    if !demo_offer(portal.clone()).await? {
        return Err(CommandError::new(
            ErrorCode::DemoUnavailable,
            "Demo data can only be loaded into a new portal on this computer.",
        ));
    }
    let local = portal
        .local
        .as_ref()
        .ok_or_else(|| CommandError::new(ErrorCode::DemoUnavailable, "No built-in portal"))?;
    seed_demo(&local.store, &local.hasher, chrono::Utc::now())
        .await
        .map_err(|e| match e {
            SeedError::AlreadySeeded => {
                CommandError::new(ErrorCode::DemoUnavailable, e.to_string())
            }
            other => CommandError::new(ErrorCode::Internal, other.to_string()),
        })
}
