//! Settings the UI reads and changes: device mode, idle minutes, and which portal the app
//! talks to. Nothing secret passes here.

use dealer_api::ErrorCode;
use std::time::Duration;

use dealer_client::ClientError;
use dealer_core::access::AccessRole;
use serde::Serialize;
use tauri::{AppHandle, State};

use super::requests::token;
use crate::settings::{self, DeviceMode, Loaded};
use crate::{CommandError, Portal, SessionState};

/// How long a portal check may take before it answers `timeout`: shorter than the
/// client's own 20 seconds, because someone is waiting at a form.
const CHECK_TIMEOUT: Duration = Duration::from_secs(10);

/// A portal that answered its health check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct PortalFound {
    /// The address as it will be saved (normalized, with a trailing slash).
    pub url: String,
    /// The portal's version, as it reports it.
    pub version: String,
}

/// Where this app's portal is, for the settings screen and the unreachable banner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct PortalInfo {
    /// The portal runs inside this app, on this computer.
    pub embedded: bool,
    /// The address the app talks to (for the embedded portal, its loopback address).
    pub url: String,
}

#[tauri::command]
pub fn get_settings(app: AppHandle) -> Loaded {
    settings::load(&app)
}

/// The portal this window talks to right now.
#[tauri::command]
pub fn portal_info(portal: State<'_, Portal>) -> PortalInfo {
    PortalInfo {
        embedded: portal.embedded,
        url: portal.client.base_url().to_string(),
    }
}

/// Is there a Dealer Access portal at `url`? Checks the address (`invalid_portal_url`) and
/// asks the portal's health (`unreachable`, `timeout`, or `not_a_portal` when something
/// else answers).
#[tauri::command]
pub async fn check_portal_url(url: String) -> Result<PortalFound, CommandError> {
    check(&url, CHECK_TIMEOUT).await
}

async fn check(url: &str, limit: Duration) -> Result<PortalFound, CommandError> {
    let client = settings::portal_client(url)?;
    let found = match tokio::time::timeout(limit, client.health()).await {
        Err(_) => Err(ClientError::Timeout),
        Ok(answer) => answer,
    };
    match found {
        Ok(health) => Ok(PortalFound {
            url: client.base_url().to_string(),
            version: health.version,
        }),
        Err(
            err @ (ClientError::Unreachable(_)
            | ClientError::UntrustedCertificate(..)
            | ClientError::Timeout),
        ) => Err(err.into()),
        Err(_) => Err(CommandError::new(
            ErrorCode::NotAPortal,
            format!(
                "Something answered at {}, but it is not a Dealer Access portal. Check the address.",
                client.base_url()
            ),
        )),
    }
}

/// Choose the portal: `None` runs it on this computer (standalone), `Some(url)` talks to a
/// shared portal, checked first. Saved, then the app restarts so everything is built for
/// the new portal (the call does not return then). Refused while someone is signed in.
#[tauri::command]
pub async fn set_portal(
    app: AppHandle,
    session: State<'_, SessionState>,
    url: Option<String>,
) -> Result<Loaded, CommandError> {
    if session.get().is_some() {
        return Err(CommandError::new(
            ErrorCode::SignedIn,
            "Sign out first: the portal can be changed only while nobody is signed in.",
        ));
    }
    let portal_url = match url {
        None => None,
        Some(url) => Some(check(&url, CHECK_TIMEOUT).await?.url),
    };
    let mut current = settings::load(&app).settings;
    if current.portal_url == portal_url {
        return Ok(settings::load(&app));
    }
    current.portal_url = portal_url;
    // The last user ID belonged to the other portal.
    current.last_user_id = None;
    settings::save(&app, &current).map_err(|e| CommandError::new(ErrorCode::Settings, e))?;
    tracing::info!(
        standalone = current.portal_url.is_none(),
        "portal changed; restarting"
    );
    app.restart()
}

/// Who may change how this computer is used: anyone on first run (no mode set yet),
/// afterwards only a signed-in office manager.
fn may_change_device_settings(
    current: Option<DeviceMode>,
    role: Option<AccessRole>,
) -> Result<(), CommandError> {
    match (current, role) {
        (None, _) | (Some(_), Some(AccessRole::OfficeManager)) => Ok(()),
        (Some(_), None) => Err(CommandError::new(
            ErrorCode::Unauthenticated,
            "An office manager signs in to change how this computer is used.",
        )),
        (Some(_), Some(_)) => Err(CommandError::new(
            ErrorCode::Forbidden,
            "Only an office manager can change how this computer is used.",
        )),
    }
}

/// The signed-in person's role, fresh from the portal; `None` when nobody is signed in.
pub(crate) async fn signed_in_role(
    portal: &Portal,
    session: &SessionState,
) -> Result<Option<AccessRole>, CommandError> {
    let Ok(token) = token(session) else {
        return Ok(None);
    };
    match portal.client.me(&token).await {
        Ok(me) => Ok(Some(me.role)),
        Err(ClientError::Api { status: 401, .. }) => {
            session.take();
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

/// Choose personal or shared use: on first run, or later by a signed-in office manager.
/// Switching to shared forgets the last user ID.
#[tauri::command]
pub async fn set_device_mode(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    mode: DeviceMode,
    idle_minutes: Option<u32>,
) -> Result<Loaded, CommandError> {
    let mut current = settings::load(&app).settings;
    let minutes = idle_minutes.map(settings::idle_minutes).transpose()?;
    if current.device_mode.is_some() {
        let role = signed_in_role(&portal, &session).await?;
        may_change_device_settings(current.device_mode, role)?;
    }
    current.device_mode = Some(mode);
    if let Some(minutes) = minutes {
        current.idle_minutes = minutes;
    }
    settings::save(&app, &current).map_err(|e| CommandError::new(ErrorCode::Settings, e))?;
    Ok(settings::load(&app))
}

/// How many idle minutes before a shared PC signs out (1 to 120). Like the device mode,
/// only a signed-in office manager changes it: a longer wait leaves a shared PC open.
#[tauri::command]
pub async fn set_idle_minutes(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    minutes: u32,
) -> Result<Loaded, CommandError> {
    let minutes = settings::idle_minutes(minutes)?;
    let mut current = settings::load(&app).settings;
    let role = signed_in_role(&portal, &session).await?;
    may_change_device_settings(current.device_mode, role)?;
    current.idle_minutes = minutes;
    settings::save(&app, &current).map_err(|e| CommandError::new(ErrorCode::Settings, e))?;
    Ok(settings::load(&app))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_run_sets_the_device_mode_without_a_sign_in() {
        assert_eq!(may_change_device_settings(None, None), Ok(()));
    }

    #[test]
    fn after_first_run_only_a_signed_in_office_manager_changes_the_device_mode() {
        for mode in [DeviceMode::Personal, DeviceMode::Shared] {
            assert_eq!(
                may_change_device_settings(Some(mode), Some(AccessRole::OfficeManager)),
                Ok(())
            );
            assert_eq!(
                may_change_device_settings(Some(mode), None)
                    .unwrap_err()
                    .code(),
                ErrorCode::Unauthenticated,
                "nobody signed in: sign in as an office manager first"
            );
            for role in [
                AccessRole::Staff,
                AccessRole::Reviewer,
                AccessRole::HelpDesk,
            ] {
                assert_eq!(
                    may_change_device_settings(Some(mode), Some(role))
                        .unwrap_err()
                        .code(),
                    ErrorCode::Forbidden,
                    "{role:?} may not change how a dealership PC is used"
                );
            }
        }
    }

    /// A one-route server on loopback answering `GET /api/v1/health` with `body`.
    async fn serve(status: u16, body: &'static str) -> String {
        use axum::http::StatusCode;
        let router = axum::Router::new().route(
            "/api/v1/health",
            axum::routing::get(move || async move {
                (
                    StatusCode::from_u16(status).unwrap(),
                    [("content-type", "application/json")],
                    body,
                )
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn a_portal_that_answers_is_found_with_its_version() {
        let url = serve(200, r#"{"status":"ok","version":"0.1.0"}"#).await;
        let found = check(&format!(" {url} "), CHECK_TIMEOUT).await.unwrap();
        assert_eq!(
            found,
            PortalFound {
                url: format!("{url}/"),
                version: "0.1.0".into()
            }
        );
    }

    #[tokio::test]
    async fn something_else_answering_is_not_a_portal() {
        let url = serve(404, "<html>Not found</html>").await;
        let err = check(&url, CHECK_TIMEOUT).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotAPortal, "{}", err.message());
    }

    #[tokio::test]
    async fn nobody_listening_is_unreachable() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let err = check(&format!("http://{addr}"), CHECK_TIMEOUT)
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Unreachable, "{}", err.message());
    }

    #[tokio::test]
    async fn a_portal_that_never_answers_times_out() {
        // Accepts the connection, never answers.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let held = tokio::spawn(async move {
            let _conn = listener.accept().await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        });
        let err = check(&format!("http://{addr}"), Duration::from_millis(300))
            .await
            .unwrap_err();
        held.abort();
        assert_eq!(err.code(), ErrorCode::Timeout, "{}", err.message());
    }

    #[tokio::test]
    async fn an_invalid_address_is_refused_before_any_request() {
        let err = check("http://portal.example.com", CHECK_TIMEOUT)
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidPortalUrl);
    }
}
