//! Settings the UI reads and changes: device mode, idle minutes, and which portal the app
//! talks to. Nothing secret passes here.

use dealer_api::ErrorCode;
use std::time::Duration;

use dealer_client::ClientError;
use dealer_core::access::AccessRole;
use serde::Serialize;
use tauri::{AppHandle, State};

use super::requests::token;
use crate::drafts::Drafts;
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

/// First run, in one step: how this computer is used and where its portal is (each only
/// when the administrator's policy does not pin it). A shared portal is checked before
/// anything is saved, so a failed check leaves the first run as it was. When the portal
/// changes, the app restarts onto it (the call does not return then). Refused once the
/// first run is over: from then on only a signed-in office manager changes these.
#[tauri::command]
pub async fn complete_first_run(
    app: AppHandle,
    mode: DeviceMode,
    url: Option<String>,
) -> Result<Loaded, CommandError> {
    let before = settings::load(&app);
    if !before.first_run {
        return Err(CommandError::new(
            ErrorCode::Forbidden,
            "This computer is set up already. An office manager changes its settings in Settings.",
        ));
    }
    let portal_url = match url {
        Some(url) if !before.pinned.portal_url => Some(check(&url, CHECK_TIMEOUT).await?.url),
        _ => None,
    };
    let mut saved = settings::saved(&app);
    saved.device_mode = Some(mode);
    if !before.pinned.portal_url {
        saved.portal_url = portal_url;
    }
    settings::save(&app, &saved).map_err(|e| CommandError::new(ErrorCode::Settings, e))?;
    let after = settings::load(&app);
    if after.settings.portal_url == before.settings.portal_url {
        return Ok(after);
    }
    tracing::info!(
        standalone = after.settings.portal_url.is_none(),
        "first run chose another portal; restarting"
    );
    app.restart()
}

/// Choose the portal: `None` runs it on this computer (standalone), `Some(url)` talks to a
/// shared portal, checked first. Only a signed-in office manager of the portal in use may
/// (else anyone at a signed-out shared PC could send every later password elsewhere), and
/// never a portal the policy pins. Saved; the office manager is signed out; then the app
/// restarts onto the new portal (the call does not return then).
#[tauri::command]
pub async fn set_portal(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    drafts: State<'_, Drafts>,
    url: Option<String>,
) -> Result<Loaded, CommandError> {
    let before = settings::load(&app);
    settings::not_pinned(before.pinned.portal_url, "Where your dealership’s data is")?;
    if !before.first_run {
        let role = signed_in_role(&portal, &session).await?;
        may_change_device_settings(false, role, "where this computer’s data is")?;
    }
    let portal_url = match url {
        None => None,
        Some(url) => Some(check(&url, CHECK_TIMEOUT).await?.url),
    };
    if before.settings.portal_url == portal_url {
        return Ok(before);
    }
    let mut saved = settings::saved(&app);
    saved.portal_url = portal_url;
    // The last user ID belonged to the other portal.
    saved.last_user_id = None;
    settings::save(&app, &saved).map_err(|e| CommandError::new(ErrorCode::Settings, e))?;
    // A sign-in belongs to one portal: end it there before leaving.
    if let Err(err) = super::session::end_session(&app, &portal, &session, &drafts).await {
        tracing::warn!(error = %err.message(), "signing out before the portal change failed");
    }
    tracing::info!(
        standalone = saved.portal_url.is_none(),
        "portal changed; restarting"
    );
    app.restart()
}

/// Who may change how this computer is used (its portal, device mode, idle minutes): anyone
/// on first run, afterwards only a signed-in office manager.
fn may_change_device_settings(
    first_run: bool,
    role: Option<AccessRole>,
    what: &str,
) -> Result<(), CommandError> {
    match (first_run, role) {
        (true, _) | (false, Some(AccessRole::OfficeManager)) => Ok(()),
        (false, None) => Err(CommandError::new(
            ErrorCode::Unauthenticated,
            format!("An office manager signs in to change {what}."),
        )),
        (false, Some(_)) => Err(CommandError::new(
            ErrorCode::Forbidden,
            format!("Only an office manager can change {what}."),
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

/// Choose personal or shared use: on first run, or later by a signed-in office manager;
/// never when the policy pins it. Switching to shared forgets the last user ID.
#[tauri::command]
pub async fn set_device_mode(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    mode: DeviceMode,
    idle_minutes: Option<u32>,
) -> Result<Loaded, CommandError> {
    let before = settings::load(&app);
    settings::not_pinned(before.pinned.device_mode, "How this computer is used")?;
    let minutes = idle_minutes.map(settings::idle_minutes).transpose()?;
    if minutes.is_some() {
        settings::not_pinned(before.pinned.idle_minutes, "The idle sign-out")?;
    }
    if !before.first_run {
        let role = signed_in_role(&portal, &session).await?;
        may_change_device_settings(false, role, "how this computer is used")?;
    }
    let mut saved = settings::saved(&app);
    saved.device_mode = Some(mode);
    if let Some(minutes) = minutes {
        saved.idle_minutes = minutes;
    }
    settings::save(&app, &saved).map_err(|e| CommandError::new(ErrorCode::Settings, e))?;
    Ok(settings::load(&app))
}

/// How many idle minutes before a shared PC signs out (1 to 120). Like the device mode,
/// only a signed-in office manager changes it (a longer wait leaves a shared PC open), and
/// never when the policy pins it.
#[tauri::command]
pub async fn set_idle_minutes(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    minutes: u32,
) -> Result<Loaded, CommandError> {
    let minutes = settings::idle_minutes(minutes)?;
    let before = settings::load(&app);
    settings::not_pinned(before.pinned.idle_minutes, "The idle sign-out")?;
    let role = signed_in_role(&portal, &session).await?;
    may_change_device_settings(before.first_run, role, "how this computer is used")?;
    let mut saved = settings::saved(&app);
    saved.idle_minutes = minutes;
    settings::save(&app, &saved).map_err(|e| CommandError::new(ErrorCode::Settings, e))?;
    Ok(settings::load(&app))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_run_sets_the_device_mode_and_portal_without_a_sign_in() {
        assert_eq!(may_change_device_settings(true, None, "x"), Ok(()));
    }

    #[test]
    fn after_first_run_only_a_signed_in_office_manager_changes_device_settings() {
        assert_eq!(
            may_change_device_settings(false, Some(AccessRole::OfficeManager), "x"),
            Ok(())
        );
        assert_eq!(
            may_change_device_settings(false, None, "x")
                .unwrap_err()
                .code(),
            ErrorCode::Unauthenticated,
            "nobody signed in: whoever walks up to a shared PC cannot re-point it"
        );
        for role in [
            AccessRole::Staff,
            AccessRole::Reviewer,
            AccessRole::HelpDesk,
            AccessRole::ProviderAdmin,
        ] {
            assert_eq!(
                may_change_device_settings(false, Some(role), "x")
                    .unwrap_err()
                    .code(),
                ErrorCode::Forbidden,
                "{role:?} may not change how a dealership PC is used"
            );
        }
    }

    #[test]
    fn a_pinned_setting_is_refused_whoever_asks() {
        assert_eq!(
            settings::not_pinned(true, "Where your dealership’s data is")
                .unwrap_err()
                .code(),
            ErrorCode::SetByAdministrator
        );
        assert_eq!(settings::not_pinned(false, "x"), Ok(()));
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
