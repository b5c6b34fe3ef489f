//! Desktop notifications when a request the signed-in person tracks changes state.
//!
//! An office manager tracks their dealership's requests. Every minute the app asks the
//! portal for the newest page of them and compares each request's state with what it saw
//! the time before; a change becomes one notification ("Request 12 for lnguyen: approved").
//! The first look after a sign-in only learns the states, so nothing old is announced.
//! The window hears of each look that found a change (`requests-changed`), so the lists on
//! screen load again.

use std::collections::HashMap;
use std::time::Duration;

use dealer_api::{RequestFilter, RequestId, RequestState, RequestSummary};
use dealer_core::access::AccessRole;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::{Portal, SessionState};

/// The event the window hears when a look found a request in another state.
pub const REQUESTS_CHANGED: &str = "requests-changed";

/// How often the portal is asked.
pub const INTERVAL: Duration = Duration::from_secs(60);

/// One request whose state changed since the last look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: RequestId,
    pub user_id: String,
    pub to: RequestState,
}

impl Change {
    pub fn title(&self) -> String {
        format!("Request {} for {}", self.id, self.user_id)
    }

    pub fn body(&self) -> String {
        match self.to {
            RequestState::Submitted => "Back with the reviewers.".into(),
            RequestState::InReview => "A reviewer is looking at it.".into(),
            RequestState::NeedsInfo => "The reviewer needs more information from you.".into(),
            RequestState::Approved => "Approved.".into(),
            RequestState::Completed => "Completed: it has taken effect.".into(),
            RequestState::Rejected => "Rejected. Open it to see why.".into(),
            RequestState::Cancelled => "Cancelled.".into(),
        }
    }
}

/// What one person has seen: each request's state, by id.
#[derive(Debug, Default)]
pub struct Seen {
    /// Whose requests these are (a different sign-in starts over).
    owner: Option<String>,
    states: HashMap<RequestId, RequestState>,
}

impl Seen {
    /// Remember `now` for `owner`; the changes since the last look (none on the first).
    pub fn update(&mut self, owner: &str, now: &[RequestSummary]) -> Vec<Change> {
        let first = self.owner.as_deref() != Some(owner);
        if first {
            self.owner = Some(owner.to_owned());
            self.states.clear();
        }
        let mut changes = Vec::new();
        for request in now {
            let before = self.states.insert(request.id, request.state);
            if !first && before.is_some_and(|state| state != request.state) {
                changes.push(Change {
                    id: request.id,
                    user_id: request.user_id.clone(),
                    to: request.state,
                });
            }
        }
        changes
    }

    pub fn forget(&mut self) {
        self.owner = None;
        self.states.clear();
    }
}

/// The signed-in manager's newest requests, or `None` when nobody (or not a manager) is
/// signed in.
async fn look(app: &AppHandle) -> Option<(String, Vec<RequestSummary>)> {
    let crate::Signed { token, user_id, .. } = app.state::<SessionState>().get()?;
    let portal = app.state::<Portal>();
    let me = portal.client.me(&token).await.ok()?;
    let pdn = me.pdn.filter(|_| me.role == AccessRole::OfficeManager)?;
    let filter = RequestFilter {
        limit: Some(100),
        ..RequestFilter::default()
    };
    let page = portal
        .client
        .dealer_requests(&token, &pdn, &filter)
        .await
        .ok()?;
    Some((user_id, page.requests))
}

/// Runs for the life of the app.
pub async fn run(app: AppHandle) {
    let mut seen = Seen::default();
    loop {
        tokio::time::sleep(INTERVAL).await;
        match look(&app).await {
            Some((owner, requests)) => {
                let changes = seen.update(&owner, &requests);
                if !changes.is_empty()
                    && let Err(err) = app.emit(REQUESTS_CHANGED, changes.len())
                {
                    tracing::warn!(error = %err, "the window could not be told of changed requests");
                }
                for change in changes {
                    let shown = app
                        .notification()
                        .builder()
                        .title(change.title())
                        .body(change.body())
                        .show();
                    if let Err(err) = shown {
                        tracing::warn!(error = %err, "could not show a notification");
                    }
                }
            }
            None => seen.forget(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use dealer_api::RequestKind;

    use super::*;

    fn request(id: i64, state: RequestState) -> RequestSummary {
        let now = Utc::now();
        RequestSummary {
            id: RequestId(id),
            kind: RequestKind::NewUser,
            state,
            pdn: "01234".into(),
            dealership_name: "Lakeside Motors".into(),
            user_id: format!("user{id}"),
            first_name: "A".into(),
            last_name: "B".into(),
            applications: vec![],
            submitted_by: Some("mgarcia".into()),
            submitted_at: now,
            due_at: now,
            overdue: false,
            updated_at: now,
        }
    }

    #[test]
    fn only_changes_since_the_last_look_are_announced() {
        let mut seen = Seen::default();
        let first = seen.update("mgarcia", &[request(1, RequestState::Submitted)]);
        assert!(first.is_empty(), "the first look only learns the states");
        let changes = seen.update(
            "mgarcia",
            &[
                request(1, RequestState::Approved),
                request(2, RequestState::Submitted),
            ],
        );
        assert_eq!(
            changes,
            [Change {
                id: RequestId(1),
                user_id: "user1".into(),
                to: RequestState::Approved
            }],
            "a changed state is announced; a new request is only learned"
        );
        assert!(
            seen.update("mgarcia", &[request(1, RequestState::Approved)])
                .is_empty(),
            "the same state twice is not news"
        );
        assert_eq!(changes[0].title(), "Request 1 for user1");
    }

    #[test]
    fn another_sign_in_starts_over() {
        let mut seen = Seen::default();
        seen.update("mgarcia", &[request(1, RequestState::Submitted)]);
        assert!(
            seen.update("dwright", &[request(1, RequestState::Approved)])
                .is_empty(),
            "another person's first look announces nothing"
        );
    }
}
