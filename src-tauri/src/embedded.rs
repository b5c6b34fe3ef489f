//! The embedded portal: with no portal URL configured, the app runs the same
//! `dealer-portal` library in-process on 127.0.0.1 with a random port, and talks HTTP to it
//! like to any shared portal.

use std::sync::Arc;

use dealer_portal::clock::SystemClock;
use dealer_portal::config::HelpDeskConfig;
use dealer_portal::{AppState, app};

#[derive(Debug)]
pub struct Embedded {
    pub client: dealer_client::Client,
}

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error("could not start the built-in portal on this computer: {0}")]
    Bind(#[from] std::io::Error),
    #[error("the built-in portal address was refused: {0}")]
    Client(#[from] dealer_client::ClientError),
}

/// Bind a loopback port, serve the portal on the app's runtime, and return a client of it.
pub async fn start() -> Result<Embedded, EmbeddedError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let state = AppState::new(&HelpDeskConfig::default(), Arc::new(SystemClock));
    tauri::async_runtime::spawn(async move {
        if let Err(err) = axum::serve(listener, app(state)).await {
            tracing::error!(error = %err, "embedded portal stopped");
        }
    });
    let client = dealer_client::Client::new(&format!("http://{addr}"))?;
    Ok(Embedded { client })
}
