//! Updates of the app (`crate::updates`): what the window shows, and an office manager's
//! choice to install now. A shared PC installs on its own at the next idle sign-out
//! (`session::end_visit`).

use dealer_api::ErrorCode;
use dealer_core::access::AccessRole;
use tauri::{AppHandle, State};

use crate::updates::{self, UpdateStatus, Updates};
use crate::{CommandError, Portal, SessionState, Signed};

/// Whether the app looks for updates, and what it found.
#[tauri::command]
pub fn update_status(app: AppHandle, updates: State<'_, Updates>) -> UpdateStatus {
    updates.status(updates::off(&app))
}

/// Install the update found, now: an office manager's choice (or the provider admin's, on
/// the provider's own computers). On Windows the app closes, the installer runs, and the app
/// opens again.
#[tauri::command]
pub async fn install_update(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<(), CommandError> {
    may_install(&portal, &session).await?;
    updates::install(&app).await
}

/// Who is signed in may choose to install: the portal says their role now.
async fn may_install(portal: &Portal, session: &SessionState) -> Result<(), CommandError> {
    let Some(Signed { token, .. }) = session.get() else {
        return Err(CommandError::unauthenticated());
    };
    let me = portal.client.me(&token).await?;
    if matches!(
        me.role,
        AccessRole::OfficeManager | AccessRole::ProviderAdmin
    ) {
        Ok(())
    } else {
        Err(CommandError::new(
            ErrorCode::Forbidden,
            "Your office manager chooses when this computer installs an update.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;
    use axum::routing::get;

    use super::*;

    /// A portal on loopback whose `/me` answers with the role the bearer token names.
    async fn portal() -> Portal {
        let router = axum::Router::new().route(
            "/api/v1/me",
            get(|headers: HeaderMap| async move {
                let token = headers["authorization"]
                    .to_str()
                    .unwrap()
                    .trim_start_matches("Bearer ");
                axum::Json(serde_json::json!({
                    "user_id": "someone", "first_name": "Pat", "last_name": "Lee",
                    "email": "pat@example.com", "role": token, "pdn": null,
                    "dealership_name": null, "must_change_password": false,
                    "two_step_setup_required": false
                }))
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        Portal {
            client: dealer_client::Client::new(&format!("http://{addr}")).unwrap(),
            embedded: false,
            local: None,
        }
    }

    fn signed_in(role: &str) -> SessionState {
        let session = SessionState::default();
        let me: dealer_api::Me = serde_json::from_value(serde_json::json!({
            "user_id": "someone", "first_name": "Pat", "last_name": "Lee",
            "email": "pat@example.com", "role": role, "pdn": null,
            "dealership_name": null, "must_change_password": false,
            "two_step_setup_required": false
        }))
        .unwrap();
        session.set(role.into(), &me);
        session
    }

    #[tokio::test]
    async fn only_an_office_manager_or_a_provider_admin_chooses_to_install() {
        let portal = portal().await;
        let signed_out = may_install(&portal, &SessionState::default())
            .await
            .unwrap_err();
        assert_eq!(signed_out.code(), ErrorCode::Unauthenticated);
        for role in ["staff", "reviewer", "help_desk"] {
            let refused = may_install(&portal, &signed_in(role)).await.unwrap_err();
            assert_eq!(
                refused.code(),
                ErrorCode::Forbidden,
                "{role} does not choose when a computer installs an update"
            );
        }
        for role in ["office_manager", "provider_admin"] {
            may_install(&portal, &signed_in(role))
                .await
                .unwrap_or_else(|e| panic!("{role} may install: {}", e.message()));
        }
    }
}
