//! The printable evidence of an access review: the dealership, when the review opened,
//! was due and finished and by whom, what it decided overall and the requests it filed,
//! then each person as they stood when it opened with the decision on them, who made it
//! and when. Times are Eastern, the portal's business time.

use chrono::{DateTime, Utc};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::access_review::AccessDecision;
use dealer_core::applications::ApplicationCatalogue;

use super::{Document, Face};
use crate::store::access_reviews::{Review, ReviewPerson};

fn when(at: DateTime<Utc>) -> String {
    at.with_timezone(&dealer_core::schedule::EASTERN)
        .format("%b %-d, %Y, %-I:%M %p ET")
        .to_string()
}

fn role(role: AccessRole) -> &'static str {
    match role {
        AccessRole::OfficeManager => "Office manager",
        _ => "Staff",
    }
}

fn state(state: AccountState) -> &'static str {
    match state {
        AccountState::Active => "active",
        AccountState::Locked => "locked",
        AccountState::Inactive => "inactive",
        AccountState::Pending => "pending",
        AccountState::Deactivated => "deactivated",
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The report of `review` with its `people`, as of `now`.
pub fn report(
    review: &Review,
    people: &[ReviewPerson],
    catalogue: &ApplicationCatalogue,
    now: DateTime<Utc>,
) -> Vec<u8> {
    let names = |keys: &[String]| -> String {
        keys.iter()
            .map(|k| catalogue.get(k).map_or(k.as_str(), |a| a.name.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let title = format!(
        "Access review #{} of {} (PDN {})",
        review.id, review.dealership_name, review.pdn
    );
    let mut doc = Document::new(
        &title,
        &format!("Dealer Access \u{b7} {title} \u{b7} printed {}", when(now)),
    );
    doc.paragraph(Face::Bold, 16.0, 0.0, false, &title);
    doc.gap(4.0);
    let opened_by = review
        .opened_by
        .as_deref()
        .map_or("on the portal's schedule".to_owned(), |by| {
            format!("by {by}")
        });
    doc.paragraph(
        Face::Regular,
        10.0,
        0.0,
        false,
        &format!(
            "Opened {} {opened_by}. Due {}.",
            when(review.opened_at),
            when(review.deadline)
        ),
    );
    let status = match (&review.finished_at, &review.finished_by) {
        (Some(at), by) => format!(
            "Finished {} by {}.",
            when(*at),
            by.as_deref().unwrap_or("the office manager")
        ),
        (None, _) => format!(
            "Not finished: {} of {} decided.{}",
            review.decided,
            count(review.total as usize, "person", "people"),
            review
                .escalated_at
                .map(|at| format!(" Escalated {} (past its deadline).", when(at)))
                .unwrap_or_default()
        ),
    };
    doc.paragraph(Face::Regular, 10.0, 0.0, false, &status);
    let kept = people
        .iter()
        .filter(|p| p.decision == Some(AccessDecision::Keep))
        .count();
    let removed = people
        .iter()
        .filter(|p| matches!(p.decision, Some(AccessDecision::Remove { .. })))
        .count();
    let deactivated = people
        .iter()
        .filter(|p| matches!(p.decision, Some(AccessDecision::Deactivate { .. })))
        .count();
    let requests: Vec<String> = people
        .iter()
        .filter_map(|p| p.request_id.map(|r| format!("#{r}")))
        .collect();
    doc.paragraph(
        Face::Regular,
        10.0,
        0.0,
        false,
        &format!(
            "{}: {kept} kept, {removed} losing applications, {deactivated} deactivated. {}",
            count(people.len(), "person", "people"),
            if requests.is_empty() {
                "No request filed.".to_owned()
            } else {
                format!("Requests filed: {}.", requests.join(", "))
            }
        ),
    );
    doc.gap(6.0);
    doc.rule();
    for p in people {
        doc.keep(70.0);
        doc.gap(4.0);
        doc.paragraph(
            Face::Bold,
            11.0,
            0.0,
            false,
            &format!(
                "{} {} ({}), {}, {} when the review opened",
                p.first_name,
                p.last_name,
                p.user_id,
                role(p.role),
                state(p.state)
            ),
        );
        let held = if p.applications.is_empty() {
            "none".to_owned()
        } else {
            names(&p.applications)
        };
        let last = p.last_sign_in_at.map_or("never".to_owned(), when);
        doc.paragraph(
            Face::Regular,
            10.0,
            12.0,
            false,
            &format!("Applications: {held}. Last sign-in: {last}."),
        );
        let decision = match &p.decision {
            None => "Not decided.".to_owned(),
            Some(AccessDecision::Keep) => "Decision: keep all access.".to_owned(),
            Some(AccessDecision::Remove { applications }) => {
                format!("Decision: remove {}.", names(applications))
            }
            Some(AccessDecision::Deactivate { reason }) => {
                format!("Decision: deactivate. Reason: {reason}")
            }
        };
        doc.paragraph(Face::Regular, 10.0, 12.0, false, &decision);
        let mut by = Vec::new();
        if let (Some(who), Some(at)) = (&p.decided_by, p.decided_at) {
            by.push(format!("Decided by {who}, {}", when(at)));
        }
        if let Some(request) = p.request_id {
            by.push(format!("Request #{request} filed"));
        }
        if p.held_at.is_some() && p.decision.is_none() {
            by.push("On hold until decided".to_owned());
        }
        if !by.is_empty() {
            doc.paragraph(
                Face::Regular,
                9.0,
                12.0,
                true,
                &format!("{}.", by.join(" \u{b7} ")),
            );
        }
    }
    doc.finish()
}
