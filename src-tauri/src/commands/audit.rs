//! The office manager's audit log: every security-relevant event of their dealership,
//! newest first, a page at a time. The PDN is the manager's own, from their session; the
//! UI never names one.

use dealer_api::{AuditPage, AuditPageQuery};
use tauri::State;

use super::requests::own_dealership;
use crate::{CommandError, Portal, SessionState};

/// A page of my dealership's audit log, newest first. `page.before` is the previous
/// page's `next_before` ("Load older"). Errors: `unauthenticated`, `forbidden` (not an
/// office manager), `bad_request` (a limit outside 1 to 200).
#[tauri::command]
pub async fn dealer_audit(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    page: AuditPageQuery,
) -> Result<AuditPage, CommandError> {
    audit_page(&portal, &session, page).await
}

async fn audit_page(
    portal: &Portal,
    session: &SessionState,
    page: AuditPageQuery,
) -> Result<AuditPage, CommandError> {
    let (token, pdn) = own_dealership(session)?;
    Ok(portal.client.dealer_audit(&token, &pdn, page).await?)
}

#[cfg(test)]
mod tests {
    use dealer_api::ErrorCode;
    use dealer_core::access::AccessRole;
    use std::sync::{Arc, Mutex};

    use axum::extract::{Path, RawQuery};
    use axum::routing::get;

    use super::*;

    /// A portal on loopback whose audit route records the PDN and query it was asked for,
    /// and which has no `/me`: the PDN must come from the session.
    async fn portal() -> (Portal, Arc<Mutex<Vec<String>>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let seen = asked.clone();
        let router = axum::Router::new().route(
            "/api/v1/dealers/{pdn}/audit",
            get(move |Path(pdn): Path<String>, RawQuery(q): RawQuery| {
                seen.lock()
                    .unwrap()
                    .push(format!("{pdn}?{}", q.unwrap_or_default()));
                async { axum::Json(serde_json::json!({"entries": [], "next_before": null})) }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        let portal = Portal {
            client: dealer_client::Client::new(&format!("http://{addr}")).unwrap(),
            embedded: false,
            local: None,
        };
        (portal, asked)
    }

    fn signed_in(role: AccessRole, pdn: Option<&str>) -> SessionState {
        let me = dealer_api::Me {
            user_id: "mgarcia".into(),
            first_name: "Maria".into(),
            last_name: "Garcia".into(),
            email: "maria.garcia@lakeside.example".into(),
            phone: None,
            role,
            pdn: pdn.map(str::to_owned),
            dealership_name: pdn.map(|_| "Lakeside Motors".to_owned()),
            must_change_password: false,
            two_step_setup_required: false,
            last_sign_in_at: None,
            deactivates_at: None,
        };
        let session = SessionState::default();
        session.set("token".into(), &me);
        session
    }

    #[tokio::test]
    async fn the_audit_log_needs_a_session() {
        let (portal, asked) = portal().await;
        let err = audit_page(&portal, &SessionState::default(), AuditPageQuery::default())
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Unauthenticated);
        assert!(
            asked.lock().unwrap().is_empty(),
            "nothing is asked without a session"
        );
    }

    #[tokio::test]
    async fn the_audit_log_read_is_always_the_signed_in_managers_own_dealership() {
        let (portal, asked) = portal().await;
        let page = AuditPageQuery {
            before: Some(77),
            limit: None,
            user_id: None,
        };
        audit_page(
            &portal,
            &signed_in(AccessRole::OfficeManager, Some("01234")),
            page,
        )
        .await
        .unwrap();
        assert_eq!(
            *asked.lock().unwrap(),
            ["01234?before=77"],
            "the PDN comes from the session, the paging from the UI"
        );
    }

    #[tokio::test]
    async fn provider_staff_have_no_dealership_audit_log() {
        let (portal, asked) = portal().await;
        let err = audit_page(
            &portal,
            &signed_in(AccessRole::Reviewer, None),
            AuditPageQuery::default(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Forbidden);
        assert!(
            asked.lock().unwrap().is_empty(),
            "no dealership is asked for when the person has none"
        );
    }
}
