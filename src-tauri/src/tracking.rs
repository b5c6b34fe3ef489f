//! Desktop notifications when a request the signed-in person tracks changes state, and
//! when the dealership's access review reminds (it opened, a week and three days before
//! its deadline, on the day) or passes its deadline.
//!
//! An office manager tracks their dealership's requests. Every minute the app asks the
//! portal for the newest page of them and compares each request's state with what it saw
//! the time before; a change becomes one notification ("Request 12 for lnguyen: approved").
//! The first look after a sign-in only learns the states, so nothing old is announced.
//! The window hears of each look that found a change (`requests-changed`), so the lists on
//! screen load again.

use std::collections::HashMap;
use std::time::Duration;

use dealer_api::{AccessReviewSummary, RequestFilter, RequestId, RequestState, RequestSummary};
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

/// Something to tell about an open access review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewNotice {
    pub title: String,
    pub body: String,
}

/// "Friday, December 18 at 5:00 PM ET".
fn deadline_text(review: &AccessReviewSummary) -> String {
    review
        .deadline
        .with_timezone(&dealer_core::schedule::EASTERN)
        .format("%A, %B %-d at %-I:%M %p ET")
        .to_string()
}

impl ReviewNotice {
    fn of(review: &AccessReviewSummary) -> ReviewNotice {
        let progress = format!("{} of {} decided", review.decided, review.total);
        let due = deadline_text(review);
        let (title, body) = if review.overdue {
            (
                "Access review overdue".to_owned(),
                format!(
                    "It was due {due}; {progress}. The provider has been told. Open Staff, then Review access."
                ),
            )
        } else {
            let title = match review.reminders_sent {
                0 | 1 => "Access review open",
                2 => "Access review due in a week",
                3 => "Access review due in 3 days",
                _ => "Access review due today",
            };
            (
                title.to_owned(),
                format!(
                    "Confirm who at {} still needs access by {due} ({progress}). Open Staff, then Review access.",
                    review.dealership_name
                ),
            )
        };
        ReviewNotice { title, body }
    }
}

/// What one person has seen of their dealership's open reviews: per review, the reminders
/// sent and whether it was overdue.
#[derive(Debug, Default)]
pub struct ReviewsSeen {
    owner: Option<String>,
    reviews: HashMap<i64, (u8, bool)>,
}

impl ReviewsSeen {
    /// Remember `now` for `owner`; what to tell since the last look: a review that opened,
    /// a new reminder, a review that passed its deadline (nothing on the first look, whose
    /// news the Staff page shows).
    pub fn update(&mut self, owner: &str, now: &[AccessReviewSummary]) -> Vec<ReviewNotice> {
        let first = self.owner.as_deref() != Some(owner);
        if first {
            self.owner = Some(owner.to_owned());
            self.reviews.clear();
        }
        let mut notices = Vec::new();
        for review in now.iter().filter(|r| r.finished_at.is_none()) {
            let state = (review.reminders_sent, review.overdue);
            let before = self.reviews.insert(review.id, state);
            if !first && before.is_none_or(|b| b != state) {
                notices.push(ReviewNotice::of(review));
            }
        }
        notices
    }

    pub fn forget(&mut self) {
        self.owner = None;
        self.reviews.clear();
    }
}

/// What a look found: whose, their newest requests and their dealership's reviews.
struct Looked {
    owner: String,
    requests: Vec<RequestSummary>,
    reviews: Vec<AccessReviewSummary>,
}

/// The signed-in manager's newest requests and access reviews, or `None` when nobody (or
/// not a manager) is signed in.
async fn look(app: &AppHandle) -> Option<Looked> {
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
    // A portal older than access reviews has none to tell about.
    let reviews = portal
        .client
        .access_reviews(&token, &pdn)
        .await
        .unwrap_or_default();
    Some(Looked {
        owner: user_id,
        requests: page.requests,
        reviews,
    })
}

fn notify(app: &AppHandle, title: &str, body: &str) {
    let shown = app.notification().builder().title(title).body(body).show();
    if let Err(err) = shown {
        tracing::warn!(error = %err, "could not show a notification");
    }
}

/// Runs for the life of the app.
pub async fn run(app: AppHandle) {
    let mut seen = Seen::default();
    let mut reviews_seen = ReviewsSeen::default();
    loop {
        tokio::time::sleep(INTERVAL).await;
        match look(&app).await {
            Some(looked) => {
                let changes = seen.update(&looked.owner, &looked.requests);
                if !changes.is_empty()
                    && let Err(err) = app.emit(REQUESTS_CHANGED, changes.len())
                {
                    tracing::warn!(error = %err, "the window could not be told of changed requests");
                }
                for change in changes {
                    notify(&app, &change.title(), &change.body());
                }
                for notice in reviews_seen.update(&looked.owner, &looked.reviews) {
                    notify(&app, &notice.title, &notice.body);
                }
            }
            None => {
                seen.forget();
                reviews_seen.forget();
            }
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

    fn review(reminders_sent: u8, overdue: bool) -> AccessReviewSummary {
        AccessReviewSummary {
            id: 7,
            pdn: "01234".into(),
            dealership_name: "Lakeside Motors".into(),
            opened_at: "2026-12-07T15:00:00Z".parse().unwrap(),
            deadline: "2026-12-21T22:00:00Z".parse().unwrap(),
            overdue,
            escalated_at: None,
            reminders_sent,
            finished_at: None,
            finished_by: None,
            decided: 3,
            total: 4,
        }
    }

    #[test]
    fn each_access_review_reminder_and_the_deadline_are_told_once() {
        let mut seen = ReviewsSeen::default();
        assert!(seen.update("mgarcia", &[]).is_empty());
        let opened = seen.update("mgarcia", &[review(1, false)]);
        assert_eq!(
            opened,
            [ReviewNotice {
                title: "Access review open".into(),
                body:
                    "Confirm who at Lakeside Motors still needs access by Monday, December 21 at \
                       5:00 PM ET (3 of 4 decided). Open Staff, then Review access."
                        .into(),
            }]
        );
        assert!(
            seen.update("mgarcia", &[review(1, false)]).is_empty(),
            "told once"
        );
        assert_eq!(
            seen.update("mgarcia", &[review(3, false)])[0].title,
            "Access review due in 3 days"
        );
        let overdue = seen.update("mgarcia", &[review(4, true)]);
        assert_eq!(overdue[0].title, "Access review overdue");
        assert!(overdue[0].body.contains("The provider has been told"));
        let mut finished = review(4, true);
        finished.finished_at = Some(finished.deadline);
        assert!(
            seen.update("mgarcia", &[finished]).is_empty(),
            "a finished review is no news"
        );
        let mut other = ReviewsSeen::default();
        assert!(
            other.update("dwright", &[review(2, false)]).is_empty(),
            "the first look after a sign-in only learns: the Staff page shows it"
        );
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
