use dealer_client::wire::HelpDeskInfo;
use tauri::State;

use crate::{CommandError, Portal};

/// The help-desk card: phone, hours, open now or when it opens.
#[tauri::command]
pub async fn help_desk_info(portal: State<'_, Portal>) -> Result<HelpDeskInfo, CommandError> {
    Ok(portal.client.help_desk_info().await?)
}
