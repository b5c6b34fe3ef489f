//! User ID Requests: an office manager files one of the four kinds for their own
//! dealership and follows it; a reviewer decides; both read its history.
//!
//! The PDN always comes from the session. A request of another dealership answers 404,
//! like one that does not exist, so request numbers cannot be probed.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use dealer_api::RequestId;
use dealer_api::{
    Action, Decision, ErrorBody, RequestDetail, RequestForm, RequestKind, RequestNote, RequestPage,
    RequestState,
};
use dealer_core::ids::{Pdn, UserId};
use serde::Deserialize;
use utoipa::IntoParams;

use super::responses::Internal;
use super::views::{into_summary, request_detail};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, ClientInfo, Manager, OwnDealership, RequestParty, Reviewer,
};
use crate::routes::router::{ApiRouter, routes};
use crate::store::Store;
use crate::store::requests::{PageKey, RequestOrder, RequestQuery, StoredRequest};
use crate::workflow::{self, Party, RequestDraft};
use dealer_api::{QueueSort, WaitingOn};

/// Requests per page unless `limit` says otherwise.
pub const PAGE_DEFAULT: i64 = 50;
/// The most requests one page may hold.
pub const PAGE_MAX: i64 = 200;

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(submit))
        .routes(routes!(detail))
        .routes(routes!(decide))
        .routes(routes!(answer))
        .routes(routes!(cancel))
        .routes(routes!(dealer_requests))
        .routes(routes!(review_queue))
}

/// Request `id` as `store` sees it (a manager's store sees only their dealership's).
async fn detail_of(
    state: &AppState,
    store: &Store,
    id: RequestId,
) -> Result<RequestDetail, ApiError> {
    let request = store.request(id).await?.ok_or(ApiError::NotFound)?;
    let events = store.request_history(id).await?;
    Ok(request_detail(request, events, state.now()))
}

/// A request of the manager's own dealership; any other is 404.
async fn own_request(
    state: &AppState,
    manager: &Manager,
    id: RequestId,
) -> Result<StoredRequest, ApiError> {
    manager
        .store(state)
        .request(id)
        .await?
        .filter(|r| r.pdn == manager.pdn)
        .ok_or(ApiError::NotFound)
}

/// `POST /api/v1/requests`: file a User ID Request for the manager's own dealership.
/// `201` with the request, its due time and its first history row.
#[utoipa::path(
    post,
    path = "/requests",
    operation_id = "submit_request",
    tag = "requests",
    request_body = RequestForm,
    security(("bearer" = ["office_manager"])),
    responses(
        (status = 201, description = "Filed; a deactivation has suspended access already",
            body = RequestDetail),
        (status = 400, description = "`bad_request`, `invalid_form` (every problem, field by \
            field, in `fields`) or `not_eligible` (e.g. reactivating a user who is not \
            inactive)", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not an office manager", body = ErrorBody),
        (status = 404, description = "`not_found`: no such user at this dealership",
            body = ErrorBody),
        (status = 409, description = "`user_id_taken`, with free ones in `suggestions`",
            body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        Internal,
    )
)]
async fn submit(
    State(state): State<AppState>,
    manager: Manager,
    client: ClientInfo,
    ApiJson(form): ApiJson<RequestForm>,
) -> Result<(StatusCode, Json<RequestDetail>), ApiError> {
    let filed = workflow::file(
        &state,
        &manager.auth.user,
        &manager.pdn,
        RequestDraft {
            form: &form,
            import_key: None,
            self_filed: None,
        },
        &client,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(detail_of(&state, &manager.store(&state), filed.id).await?),
    ))
}

/// `GET /api/v1/requests/{id}`: a request with its history, due time and overdue flag.
#[utoipa::path(
    get,
    path = "/requests/{id}",
    operation_id = "request_detail",
    tag = "requests",
    params(("id" = i64, Path, description = "The request number")),
    security(("bearer" = ["office_manager", "reviewer"])),
    responses(
        (status = 200, description = "The request and its history", body = RequestDetail),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: neither an office manager nor a reviewer",
            body = ErrorBody),
        (status = 404, description = "`not_found`: no such request, or another dealership's",
            body = ErrorBody),
        Internal,
    )
)]
async fn detail(
    State(state): State<AppState>,
    party: RequestParty,
    ApiPath(id): ApiPath<RequestId>,
) -> Result<Json<RequestDetail>, ApiError> {
    let store = match &party {
        RequestParty::Manager(manager) => {
            own_request(&state, manager, id).await?;
            manager.store(&state)
        }
        RequestParty::Reviewer(_) => state.store().clone(),
    };
    Ok(Json(detail_of(&state, &store, id).await?))
}

/// `POST /api/v1/requests/{id}/decision`: a reviewer moves the request on: `start_review`,
/// `approve`, `reject` (note required), `request_info` (note required), `complete`,
/// `cancel`.
#[utoipa::path(
    post,
    path = "/requests/{id}/decision",
    operation_id = "decide_request",
    tag = "requests",
    params(("id" = i64, Path, description = "The request number")),
    request_body = Decision,
    security(("bearer" = ["reviewer"])),
    responses(
        (status = 200, description = "Done; the request as it is now", body = RequestDetail),
        (status = 400, description = "`bad_request`, `note_required` or `note_too_long`",
            body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a reviewer, or an action that is the \
            requester's", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`wrong_state` (with `current_state`): not allowed from \
            the state the request is in, or someone else acted first; `user_id_taken` or \
            `conflict` when the account changed since the request was filed", body = ErrorBody),
        Internal,
    )
)]
async fn decide(
    State(state): State<AppState>,
    Reviewer(reviewer): Reviewer,
    client: ClientInfo,
    ApiPath(id): ApiPath<RequestId>,
    ApiJson(decision): ApiJson<Decision>,
) -> Result<Json<RequestDetail>, ApiError> {
    let request = state.store().request(id).await?.ok_or(ApiError::NotFound)?;
    let acted = workflow::act(
        &state,
        &request,
        Party::Reviewer(&reviewer.user),
        decision.action,
        decision.note.as_deref(),
        &client,
    )
    .await?;
    Ok(Json(request_detail(
        acted.request,
        acted.history,
        state.now(),
    )))
}

/// `POST /api/v1/requests/{id}/answer`: the office manager answers a request that needs
/// information; it goes back to the reviewers with a fresh due time.
#[utoipa::path(
    post,
    path = "/requests/{id}/answer",
    operation_id = "answer_request",
    tag = "requests",
    params(("id" = i64, Path, description = "The request number")),
    request_body = RequestNote,
    security(("bearer" = ["office_manager"])),
    responses(
        (status = 200, description = "Answered; the request as it is now", body = RequestDetail),
        (status = 400, description = "`bad_request`, `note_required` or `note_too_long`",
            body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`wrong_state`: it does not need information now",
            body = ErrorBody),
        Internal,
    )
)]
async fn answer(
    State(state): State<AppState>,
    manager: Manager,
    client: ClientInfo,
    ApiPath(id): ApiPath<RequestId>,
    ApiJson(body): ApiJson<RequestNote>,
) -> Result<Json<RequestDetail>, ApiError> {
    requester_acts(&state, &manager, &client, id, Action::AnswerInfo, body).await
}

/// `POST /api/v1/requests/{id}/cancel`: the office manager calls a request off (not once
/// it is approved; then only a reviewer can).
#[utoipa::path(
    post,
    path = "/requests/{id}/cancel",
    operation_id = "cancel_request",
    tag = "requests",
    params(("id" = i64, Path, description = "The request number")),
    request_body = RequestNote,
    security(("bearer" = ["office_manager"])),
    responses(
        (status = 200, description = "Cancelled; a deactivation gives access back",
            body = RequestDetail),
        (status = 400, description = "`bad_request` or `note_too_long`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not an office manager, or the request is \
            approved", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`wrong_state`: finished already", body = ErrorBody),
        Internal,
    )
)]
async fn cancel(
    State(state): State<AppState>,
    manager: Manager,
    client: ClientInfo,
    ApiPath(id): ApiPath<RequestId>,
    ApiJson(body): ApiJson<RequestNote>,
) -> Result<Json<RequestDetail>, ApiError> {
    requester_acts(&state, &manager, &client, id, Action::Cancel, body).await
}

async fn requester_acts(
    state: &AppState,
    manager: &Manager,
    client: &ClientInfo,
    id: RequestId,
    action: Action,
    body: RequestNote,
) -> Result<Json<RequestDetail>, ApiError> {
    let request = own_request(state, manager, id).await?;
    let acted = workflow::act(
        state,
        &request,
        Party::Manager(&manager.auth.user),
        action,
        body.note.as_deref(),
        client,
    )
    .await?;
    Ok(Json(request_detail(
        acted.request,
        acted.history,
        state.now(),
    )))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct DealerRequestsQuery {
    state: Option<RequestState>,
    kind: Option<RequestKind>,
    /// Only overdue (`true`) or only not overdue (`false`).
    overdue: Option<bool>,
    /// User ID or name contains this (case-insensitive).
    q: Option<String>,
    /// Exactly this person's requests (any case): the staff panel's list.
    user_id: Option<String>,
    /// 1 to 200, 50 unless given.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// The `next_after` of the page before; the first page unless given.
    after: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct QueueQuery {
    /// One state; every open state unless given.
    state: Option<RequestState>,
    kind: Option<RequestKind>,
    /// One dealership.
    pdn: Option<String>,
    overdue: Option<bool>,
    q: Option<String>,
    /// Whose turn: `us` (submitted, in review, approved) or `dealership` (needs
    /// information).
    #[param(inline)]
    waiting_on: Option<WaitingOn>,
    /// `due` (soonest first, the default), `waiting` (longest since its last change first)
    /// or `dealership` (by name, then due).
    #[param(inline)]
    sort: Option<QueueSort>,
    /// 1 to 200, 50 unless given.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// The `next_after` of the page before; the first page unless given.
    after: Option<String>,
}

/// The page size and where the page starts, for a list in `order`.
fn paging(
    limit: Option<i64>,
    after: Option<&str>,
    order: RequestOrder,
) -> Result<(i64, Option<PageKey>), ApiError> {
    let limit = limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "limit must be between 1 and {PAGE_MAX}."
        )));
    }
    let after = after
        .map(|cursor| {
            PageKey::from_cursor(cursor, order).ok_or_else(|| {
                ApiError::BadRequest(
                    "after must be the next_after of a page of this list, in the same order."
                        .into(),
                )
            })
        })
        .transpose()?;
    Ok((limit, after))
}

fn search(q: Option<&str>) -> Option<String> {
    q.map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty())
}

async fn page(
    state: &AppState,
    store: &Store,
    query: &RequestQuery,
) -> Result<Json<RequestPage>, ApiError> {
    let now = state.now();
    let page = store.requests(query, now).await?;
    Ok(Json(RequestPage {
        requests: page
            .requests
            .into_iter()
            .map(|r| into_summary(r, now))
            .collect(),
        total: page.total,
        total_capped: page.capped,
        next_after: page.next.as_ref().map(PageKey::to_cursor),
    }))
}

/// `GET /api/v1/dealers/{pdn}/requests`: the manager's dealership's requests, newest first.
#[utoipa::path(
    get,
    path = "/dealers/{pdn}/requests",
    operation_id = "dealer_requests",
    tag = "requests",
    params(
        ("pdn" = String, Path, description = "The manager's own PDN; any other answers 404"),
        DealerRequestsQuery,
    ),
    security(("bearer" = ["office_manager"])),
    responses(
        (status = 200, description = "A page of requests, newest first", body = RequestPage),
        (status = 400, description = "`bad_request`: an invalid query", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not an office manager", body = ErrorBody),
        (status = 404, description = "`not_found`: not the manager's own PDN", body = ErrorBody),
        Internal,
    )
)]
async fn dealer_requests(
    State(state): State<AppState>,
    OwnDealership(manager): OwnDealership,
    ApiQuery(filter): ApiQuery<DealerRequestsQuery>,
) -> Result<Json<RequestPage>, ApiError> {
    let (limit, after) = paging(filter.limit, filter.after.as_deref(), RequestOrder::Newest)?;
    let user_id = filter
        .user_id
        .as_deref()
        .map(|raw| UserId::parse(raw.trim()))
        .transpose()
        .map_err(|e| ApiError::BadRequest(format!("user_id: {e}")))?;
    page(
        &state,
        &manager.store(&state),
        &RequestQuery {
            pdn: Some(manager.pdn.clone()),
            state: filter.state,
            open_only: false,
            kind: filter.kind,
            overdue: filter.overdue,
            search: search(filter.q.as_deref()),
            user_id,
            order: RequestOrder::Newest,
            waiting_on: None,
            limit,
            after,
        },
    )
    .await
}

/// `GET /api/v1/review/queue`: requests for reviewers, oldest due first; every open state
/// unless `state` says otherwise.
#[utoipa::path(
    get,
    path = "/review/queue",
    operation_id = "review_queue",
    tag = "requests",
    params(QueueQuery),
    security(("bearer" = ["reviewer"])),
    responses(
        (status = 200, description = "A page of the queue, oldest due first", body = RequestPage),
        (status = 400, description = "`bad_request`: an invalid query", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a reviewer", body = ErrorBody),
        Internal,
    )
)]
async fn review_queue(
    State(state): State<AppState>,
    Reviewer(_reviewer): Reviewer,
    ApiQuery(filter): ApiQuery<QueueQuery>,
) -> Result<Json<RequestPage>, ApiError> {
    let order = match filter.sort.unwrap_or(QueueSort::Due) {
        QueueSort::Due => RequestOrder::Due,
        QueueSort::Waiting => RequestOrder::Waiting,
        QueueSort::Dealership => RequestOrder::Dealership,
    };
    let (limit, after) = paging(filter.limit, filter.after.as_deref(), order)?;
    let pdn = filter
        .pdn
        .as_deref()
        .map(Pdn::parse)
        .transpose()
        .map_err(|e| ApiError::BadRequest(format!("pdn: {e}")))?;
    page(
        &state,
        state.store(),
        &RequestQuery {
            pdn,
            state: filter.state,
            open_only: true,
            kind: filter.kind,
            overdue: filter.overdue,
            search: search(filter.q.as_deref()),
            user_id: None,
            order,
            waiting_on: filter.waiting_on,
            limit,
            after,
        },
    )
    .await
}
