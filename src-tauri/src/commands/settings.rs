//! Settings the UI reads and changes. Nothing secret passes here.

use tauri::AppHandle;

use crate::CommandError;
use crate::settings::{self, DeviceMode, IDLE_MINUTES_RANGE, Loaded};

#[tauri::command]
pub fn get_settings(app: AppHandle) -> Loaded {
    settings::load(&app)
}

/// Choose personal or shared use (first run; later an office manager may change it).
/// Switching to shared forgets the last user ID.
#[tauri::command]
pub fn set_device_mode(
    app: AppHandle,
    mode: DeviceMode,
    idle_minutes: Option<u32>,
) -> Result<Loaded, CommandError> {
    let mut current = settings::load(&app).settings;
    current.device_mode = Some(mode);
    if let Some(minutes) = idle_minutes {
        if !IDLE_MINUTES_RANGE.contains(&minutes) {
            return Err(CommandError::new(
                "invalid_idle_minutes",
                format!(
                    "Idle time must be between {} and {} minutes.",
                    IDLE_MINUTES_RANGE.start(),
                    IDLE_MINUTES_RANGE.end()
                ),
            ));
        }
        current.idle_minutes = minutes;
    }
    settings::save(&app, &current).map_err(|e| CommandError::new("settings", e))?;
    Ok(settings::load(&app))
}
