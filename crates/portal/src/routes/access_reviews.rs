//! Access reviews (issue 17): a dealership's office manager sees the review, decides on
//! each person and finishes it; the provider decides on a lone office manager's own access
//! and opens reviews now. The rules are in [`crate::workflow::access_review`].

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use dealer_api::{
    AccessDecision, AccessReview, AccessReviewPerson, AccessReviewSummary, ErrorBody,
    FinishedAccessReview, OpenAccessReviews, OpenedAccessReviews, RequestId, ReviewCompletion,
};
use dealer_core::access::AccessRole;
use dealer_core::access_review::ReviewPolicy;
use dealer_core::ids::{Pdn, UserId};

use super::bulk::{attachment, csv_download, csv_time};
use super::responses::Internal;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, AuthUser, ClientInfo, OwnDealership, ProviderAdmin, ReviewParty,
};
use crate::routes::router::{ApiRouter, routes};
use crate::store::access_reviews::{Completion, Review, ReviewPerson};
use crate::workflow::access_review as workflow;

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(decide))
        .routes(routes!(finish))
        .routes(routes!(report))
        .routes(routes!(report_pdf))
        .routes(routes!(open, across))
}

fn summary(review: &Review, now: chrono::DateTime<chrono::Utc>) -> AccessReviewSummary {
    AccessReviewSummary {
        id: review.id,
        pdn: review.pdn.to_string(),
        dealership_name: review.dealership_name.clone(),
        opened_at: review.opened_at,
        deadline: review.deadline,
        overdue: review.finished_at.is_none() && ReviewPolicy::is_overdue(review.deadline, now),
        escalated_at: review.escalated_at,
        reminders_sent: u8::try_from(review.reminded).unwrap_or(u8::MAX),
        finished_at: review.finished_at,
        finished_by: review.finished_by.clone(),
        decided: review.decided,
        total: review.total,
    }
}

fn person(p: ReviewPerson, may_decide: bool) -> AccessReviewPerson {
    let on_hold = p.held_at.is_some() && p.decision.is_none();
    AccessReviewPerson {
        user_id: p.user_id.to_string(),
        first_name: p.first_name,
        last_name: p.last_name,
        role: p.role,
        state: p.state,
        applications: p.applications,
        last_sign_in_at: p.last_sign_in_at,
        decision: p.decision,
        decided_by: p.decided_by,
        decided_at: p.decided_at,
        may_decide,
        request_id: p.request_id.map(RequestId),
        on_hold,
    }
}

/// `GET /api/v1/dealers/{pdn}/access-reviews`: the dealership's reviews, newest first.
#[utoipa::path(
    get,
    path = "/dealers/{pdn}/access-reviews",
    operation_id = "dealer_access_reviews",
    tag = "access-reviews",
    params(("pdn" = String, Path, description = "The office manager's own PDN (any other \
        answers 404); the provider names any")),
    security(("bearer" = ["office_manager", "provider_admin", "reviewer"])),
    responses(
        (status = 200, description = "The reviews, newest first", body = Vec<AccessReviewSummary>),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: staff and the help desk", body = ErrorBody),
        (status = 404, description = "`not_found`: another dealership's PDN", body = ErrorBody),
        Internal,
    )
)]
async fn list(
    State(state): State<AppState>,
    party: ReviewParty,
) -> Result<Json<Vec<AccessReviewSummary>>, ApiError> {
    let mut conn = state.store().for_dealership(&party.pdn).conn().await?;
    let reviews = crate::store::access_reviews::reviews_of(&mut conn, &party.pdn).await?;
    let now = state.now();
    Ok(Json(reviews.iter().map(|r| summary(r, now)).collect()))
}

/// `GET /api/v1/dealers/{pdn}/access-reviews/{id}`: a review with its people, each with
/// whether the one asking may decide on them.
#[utoipa::path(
    get,
    path = "/dealers/{pdn}/access-reviews/{id}",
    operation_id = "dealer_access_review",
    tag = "access-reviews",
    params(
        ("pdn" = String, Path, description = "The office manager's own PDN; the provider names any"),
        ("id" = i64, Path, description = "The review"),
    ),
    security(("bearer" = ["office_manager", "provider_admin", "reviewer"])),
    responses(
        (status = 200, description = "The review and its people, by user ID", body = AccessReview),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: staff and the help desk", body = ErrorBody),
        (status = 404, description = "`not_found`: no such review of this dealership",
            body = ErrorBody),
        Internal,
    )
)]
async fn show(
    State(state): State<AppState>,
    party: ReviewParty,
    ApiPath((_, id)): ApiPath<(String, i64)>,
) -> Result<Json<AccessReview>, ApiError> {
    let (review, people) = workflow::load(&state, &party.pdn, id).await?;
    let decider = workflow::decider_of(&party.auth.user, &party.pdn);
    let may = match (&decider, review.finished_at) {
        (Some(decider), None) => {
            workflow::may_decide_on(&state, decider, &party.pdn, &people).await?
        }
        _ => vec![false; people.len()],
    };
    let listed = people
        .into_iter()
        .zip(may)
        .map(|(p, may)| person(p, may))
        .collect();
    Ok(Json(AccessReview {
        review: summary(&review, state.now()),
        people: listed,
    }))
}

/// `PUT /api/v1/dealers/{pdn}/access-reviews/{id}/people/{user_id}`: decide on one person —
/// keep, remove some applications, or deactivate with a reason. Replaces an earlier
/// decision until the review is finished.
#[utoipa::path(
    put,
    path = "/dealers/{pdn}/access-reviews/{id}/people/{user_id}",
    operation_id = "decide_access",
    tag = "access-reviews",
    params(
        ("pdn" = String, Path, description = "The office manager's own PDN; the provider names any"),
        ("id" = i64, Path, description = "The review"),
        ("user_id" = String, Path, description = "A person the review lists"),
    ),
    request_body = AccessDecision,
    security(("bearer" = ["office_manager", "provider_admin", "reviewer"])),
    responses(
        (status = 200, description = "The person with the decision recorded",
            body = AccessReviewPerson),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: staff and the help desk", body = ErrorBody),
        (status = 404, description = "`not_found`: no such review of this dealership, or a \
            person it does not list", body = ErrorBody),
        (status = 409, description = "`conflict`: the review is finished", body = ErrorBody),
        (status = 400, description = "`bad_request` (malformed JSON or unknown fields), \
            `invalid_form` (applications not held, nothing to remove, no reason) or \
            `not_eligible` (your own access; the provider deciding where an office manager \
            can)", body = ErrorBody),
        Internal,
    )
)]
async fn decide(
    State(state): State<AppState>,
    party: ReviewParty,
    ApiPath((_, id, user_id)): ApiPath<(String, i64, String)>,
    body: Result<ApiJson<AccessDecision>, ApiError>,
) -> Result<Json<AccessReviewPerson>, ApiError> {
    // Whose review it is comes before what the body says: another dealership's review is
    // 404 whatever is sent.
    let review = workflow::load(&state, &party.pdn, id).await?;
    let ApiJson(decision) = body?;
    let user_id = UserId::parse(&user_id).map_err(|_| ApiError::NotFound)?;
    let decided = workflow::decide(
        &state,
        &party.auth.user,
        &party.pdn,
        review,
        &user_id,
        &decision,
    )
    .await?;
    Ok(Json(person(decided, true)))
}

/// `POST /api/v1/dealers/{pdn}/access-reviews/{id}/finish`: finish a review whose people are
/// all decided. Files a removal or deactivation request for each decision that changes
/// something (a deactivation ends access at once, as when filed by hand), in one
/// transaction; finishing again files nothing.
#[utoipa::path(
    post,
    path = "/dealers/{pdn}/access-reviews/{id}/finish",
    operation_id = "finish_access_review",
    tag = "access-reviews",
    params(
        ("pdn" = String, Path, description = "The office manager's own PDN; any other answers 404"),
        ("id" = i64, Path, description = "The review"),
    ),
    security(("bearer" = ["office_manager"])),
    responses(
        (status = 200, description = "Finished, with the requests filed",
            body = FinishedAccessReview),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not an office manager", body = ErrorBody),
        (status = 404, description = "`not_found`: no such review of this dealership",
            body = ErrorBody),
        (status = 409, description = "`conflict`: finished already", body = ErrorBody),
        (status = 400, description = "`not_eligible`: someone is still to decide",
            body = ErrorBody),
        Internal,
    )
)]
async fn finish(
    State(state): State<AppState>,
    OwnDealership(manager): OwnDealership,
    client: ClientInfo,
    ApiPath((_, id)): ApiPath<(String, i64)>,
) -> Result<Json<FinishedAccessReview>, ApiError> {
    let done = workflow::finish(&state, &manager.auth.user, &manager.pdn, id, &client).await?;
    Ok(Json(FinishedAccessReview {
        review: summary(&done.review, state.now()),
        requests: done.requests,
        already_gone: done.nothing_filed,
    }))
}

/// `GET /api/v1/dealers/{pdn}/access-reviews/{id}/report.csv`: the evidence of a review —
/// one row a person: who they were when it opened, what was decided, by whom and when, and
/// the request it filed. Cells a spreadsheet would run as formulas are escaped. No email,
/// phone or secret of anyone is in it.
#[utoipa::path(
    get,
    path = "/dealers/{pdn}/access-reviews/{id}/report.csv",
    operation_id = "access_review_report",
    tag = "access-reviews",
    params(
        ("pdn" = String, Path, description = "The office manager's own PDN; the provider names any"),
        ("id" = i64, Path, description = "The review"),
    ),
    security(("bearer" = ["office_manager", "provider_admin", "reviewer"])),
    responses(
        (status = 200, description = "The review's decisions, one row a person, by user ID",
            content_type = "text/csv", body = String),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: staff and the help desk", body = ErrorBody),
        (status = 404, description = "`not_found`: no such review of this dealership",
            body = ErrorBody),
        Internal,
    )
)]
async fn report(
    State(state): State<AppState>,
    party: ReviewParty,
    ApiPath((_, id)): ApiPath<(String, i64)>,
) -> Result<impl IntoResponse, ApiError> {
    let (review, people) = workflow::load(&state, &party.pdn, id).await?;
    let header = [
        "review",
        "pdn",
        "dealership",
        "opened",
        "deadline",
        "finished",
        "finished_by",
        "user_id",
        "first_name",
        "last_name",
        "access_role",
        "status_when_opened",
        "applications_when_opened",
        "last_sign_in",
        "decision",
        "applications_removed",
        "reason",
        "decided_by",
        "decided_at",
        "request",
    ];
    let rows = people.iter().map(|p| {
        let (decision, removed, reason) = match &p.decision {
            None => ("undecided", String::new(), String::new()),
            Some(AccessDecision::Keep) => ("keep", String::new(), String::new()),
            Some(AccessDecision::Remove { applications }) => {
                ("remove", applications.join(";"), String::new())
            }
            Some(AccessDecision::Deactivate { reason }) => {
                ("deactivate", String::new(), reason.clone())
            }
        };
        [
            review.id.to_string(),
            review.pdn.to_string(),
            review.dealership_name.clone(),
            csv_time(Some(review.opened_at)),
            csv_time(Some(review.deadline)),
            csv_time(review.finished_at),
            review.finished_by.clone().unwrap_or_default(),
            p.user_id.to_string(),
            p.first_name.clone(),
            p.last_name.clone(),
            p.role.as_str().to_owned(),
            p.state.as_str().to_owned(),
            p.applications.join(";"),
            csv_time(p.last_sign_in_at),
            decision.to_owned(),
            removed,
            reason,
            p.decided_by.clone().unwrap_or_default(),
            csv_time(p.decided_at),
            p.request_id.map(|r| r.to_string()).unwrap_or_default(),
        ]
    });
    csv_download(&report_name(&review, "csv"), header, rows)
}

/// The file name a review's report is saved as.
fn report_name(review: &Review, extension: &str) -> String {
    format!("access-review-{}-{}.{extension}", review.pdn, review.id)
}

/// `GET /api/v1/dealers/{pdn}/access-reviews/{id}/report.pdf`: the same evidence as a
/// printable report (US Letter): the review's dates, who finished it and the requests it
/// filed, then each person with the decision on them, by whom and when. No email, phone or
/// secret of anyone is in it.
#[utoipa::path(
    get,
    path = "/dealers/{pdn}/access-reviews/{id}/report.pdf",
    operation_id = "access_review_report_pdf",
    tag = "access-reviews",
    params(
        ("pdn" = String, Path, description = "The office manager's own PDN; the provider names any"),
        ("id" = i64, Path, description = "The review"),
    ),
    security(("bearer" = ["office_manager", "provider_admin", "reviewer"])),
    responses(
        (status = 200, description = "The review's report, printable",
            content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: staff and the help desk", body = ErrorBody),
        (status = 404, description = "`not_found`: no such review of this dealership",
            body = ErrorBody),
        Internal,
    )
)]
async fn report_pdf(
    State(state): State<AppState>,
    party: ReviewParty,
    ApiPath((_, id)): ApiPath<(String, i64)>,
) -> Result<impl IntoResponse, ApiError> {
    let (review, people) = workflow::load(&state, &party.pdn, id).await?;
    let pdf = crate::pdf::access_review::report(
        &review,
        &people,
        &state.settings().applications,
        state.now(),
    );
    Ok(attachment(
        "application/pdf",
        &report_name(&review, "pdf"),
        pdf,
    ))
}

/// The most reviews one answer lists.
const ACROSS_LIMIT: i64 = 500;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AcrossQuery {
    /// Only open, overdue (open past the deadline) or finished reviews.
    #[param(inline)]
    completion: Option<ReviewCompletion>,
    /// Only this dealership's.
    pdn: Option<String>,
}

/// `GET /api/v1/admin/access-reviews[?completion=overdue&pdn=01234]`: completion across
/// dealerships for the provider — open ones by deadline, then finished ones newest first.
#[utoipa::path(
    get,
    path = "/admin/access-reviews",
    operation_id = "access_reviews_across_dealerships",
    tag = "access-reviews",
    params(AcrossQuery),
    security(("bearer" = ["provider_admin", "reviewer"])),
    responses(
        (status = 200, description = "The reviews (at most 500)", body = Vec<AccessReviewSummary>),
        (status = 400, description = "`bad_request`: an invalid query", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin or reviewer",
            body = ErrorBody),
        Internal,
    )
)]
async fn across(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiQuery(query): ApiQuery<AcrossQuery>,
) -> Result<Json<Vec<AccessReviewSummary>>, ApiError> {
    if !matches!(
        auth.user.role,
        AccessRole::ProviderAdmin | AccessRole::Reviewer
    ) {
        return Err(ApiError::Forbidden);
    }
    let pdn = match &query.pdn {
        Some(p) => Some(Pdn::parse(p).map_err(|e| ApiError::BadRequest(format!("pdn: {e}")))?),
        None => None,
    };
    let now = state.now();
    let completion = query.completion.map(|c| match c {
        ReviewCompletion::Open => Completion::Open,
        ReviewCompletion::Overdue => Completion::Overdue(now),
        ReviewCompletion::Finished => Completion::Finished,
    });
    let mut conn = state.store().conn().await?;
    let reviews = crate::store::access_reviews::across_dealerships(
        &mut conn,
        completion,
        pdn.as_ref(),
        ACROSS_LIMIT,
    )
    .await?;
    Ok(Json(reviews.iter().map(|r| summary(r, now)).collect()))
}

/// `POST /api/v1/admin/access-reviews` `{pdn?}`: a provider admin opens a review now, for
/// one dealership or for every open one. A dealership with a review open keeps it.
#[utoipa::path(
    post,
    path = "/admin/access-reviews",
    operation_id = "open_access_reviews",
    tag = "access-reviews",
    request_body = OpenAccessReviews,
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 201, description = "The reviews opened, and the dealerships that had one open",
            body = OpenedAccessReviews),
        (status = 400, description = "`bad_request`: malformed JSON or unknown fields",
            body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found`: no open dealership with that PDN",
            body = ErrorBody),
        Internal,
    )
)]
async fn open(
    State(state): State<AppState>,
    ProviderAdmin(admin): ProviderAdmin,
    ApiJson(body): ApiJson<OpenAccessReviews>,
) -> Result<(StatusCode, Json<OpenedAccessReviews>), ApiError> {
    let pdns: Vec<Pdn> = match &body.pdn {
        Some(pdn) => {
            let pdn = Pdn::parse(pdn).map_err(|_| ApiError::NotFound)?;
            match state.store().dealer(&pdn).await? {
                Some(d) if d.closed_at.is_none() => vec![pdn],
                _ => return Err(ApiError::NotFound),
            }
        }
        None => {
            let mut conn = state.store().conn().await?;
            crate::store::access_reviews::schedule(&mut conn)
                .await?
                .into_iter()
                .map(|(pdn, _, _)| pdn)
                .collect()
        }
    };
    let now = state.now();
    let mut opened = Vec::new();
    let mut already_open = Vec::new();
    for pdn in pdns {
        match workflow::open(&state, &pdn, Some(&admin.user)).await? {
            Some(review) => opened.push(summary(&review, now)),
            None => already_open.push(pdn.to_string()),
        }
    }
    Ok((
        StatusCode::CREATED,
        Json(OpenedAccessReviews {
            opened,
            already_open,
        }),
    ))
}
