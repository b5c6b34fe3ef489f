//! The Dealer Access desktop app: a Tauri 2 shell whose commands are thin over
//! dealer-client. One data path: UI → command → dealer-client → portal HTTP API.

mod commands;
mod embedded;
mod error;

use tauri::Manager;

pub use error::CommandError;

/// The portal this window talks to.
#[derive(Debug)]
pub struct Portal {
    pub client: dealer_client::Client,
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DEALER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let result = tauri::Builder::default()
        .setup(|app| {
            // No portal URL configured yet: the portal runs in-process on loopback.
            let data_dir = app.path().app_data_dir()?;
            let embedded = tauri::async_runtime::block_on(embedded::start(&data_dir))?;
            tracing::info!(url = %embedded.client.base_url(), "embedded portal started");
            app.manage(Portal {
                client: embedded.client,
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::help_desk::help_desk_info
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        tracing::error!(error = %err, "Dealer Access stopped with an error");
        std::process::exit(1);
    }
}
