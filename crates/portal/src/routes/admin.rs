//! The provider admin's work (`/api/v1/admin/…`): dealerships (create, change, close,
//! reopen, list and search), inviting their office managers, moving a dealership user
//! between staff and office manager, the provider's own people, and approving the help
//! desk's unlock of one of them (never the asker's or the person's own). Only provider
//! admins may call these; the rules live in [`crate::onboarding`], shared with the command line.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use dealer_api::{
    AccessRole, DealershipInput, DealershipPage, DealershipSummary, ErrorBody, InvitationInput,
    Invited, OnboardingReport, PersonSummary, RoleChangeInput, StaffInvitationInput,
    UnlockApproval,
};
use dealer_api::{AuditEvent, AuditOutcome};
use dealer_core::ids::{Pdn, UserId};
use dealer_core::lockout::UNLOCK_APPROVAL_WAITS_HOURS;
use serde::Deserialize;
use utoipa::IntoParams;

use super::responses::Internal;
use crate::AppState;
use crate::csv_upload::{IMPORT_MAX_BYTES, read_csv};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, ProviderAdmin};
use crate::onboarding::{self, Actor};
use crate::routes::router::{ApiRouter, routes};
use crate::store::dealers::DealerSummary;
use crate::store::users::User;

/// Dealerships per page unless `limit` says otherwise, and the most one page holds.
pub const DEALERSHIP_PAGE_DEFAULT: i64 = 50;
pub const DEALERSHIP_PAGE_MAX: i64 = 200;

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(dealerships, create_dealership))
        .merge(
            ApiRouter::new()
                .routes(routes!(import_dealerships))
                .layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
        .routes(routes!(dealership, change_dealership))
        .routes(routes!(close_dealership))
        .routes(routes!(reopen_dealership))
        .routes(routes!(dealership_people))
        .routes(routes!(invite_office_manager))
        .routes(routes!(change_role))
        .routes(routes!(staff, invite_staff))
        .routes(routes!(deactivate_staff))
        .routes(routes!(reactivate_staff))
        .routes(routes!(unlock_approvals))
        .routes(routes!(approve_unlock))
}

fn actor(admin: &ProviderAdmin, client: &ClientInfo) -> Actor {
    Actor {
        user_id: Some(admin.0.user.user_id.to_string()),
        client_addr: client.addr_text(),
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn summary(s: DealerSummary) -> DealershipSummary {
    DealershipSummary {
        pdn: s.dealer.pdn.to_string(),
        name: s.dealer.name.to_string(),
        address: s.dealer.address,
        phone: s.dealer.phone,
        closed_at: s.dealer.closed_at,
        created_at: s.dealer.created_at,
        office_managers: count(s.office_managers),
        users: count(s.users),
    }
}

fn person(user: &User) -> PersonSummary {
    PersonSummary {
        user_id: user.user_id.to_string(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        email: user.email.clone(),
        role: user.role,
        state: user.state(),
        enrolled: user.password_hash.is_some(),
        last_sign_in_at: user.last_sign_in_at,
    }
}

fn invited(invited: onboarding::Invited) -> Invited {
    Invited {
        user_id: invited.user_id.to_string(),
        email: invited.email,
        role: invited.role,
        pdn: invited.pdn.map(|p| p.to_string()),
        expires_at: invited.expires_at,
    }
}

/// A PDN in a path: one that cannot exist is as unknown as one that does not.
fn path_pdn(raw: &str) -> Result<Pdn, ApiError> {
    Pdn::parse(raw).map_err(|_| ApiError::NotFound)
}

fn path_user_id(raw: &str) -> Result<UserId, ApiError> {
    UserId::parse(raw).map_err(|_| ApiError::NotFound)
}

async fn summary_of(state: &AppState, pdn: &Pdn) -> Result<DealershipSummary, ApiError> {
    state
        .store()
        .dealer_summary(pdn)
        .await?
        .map(summary)
        .ok_or(ApiError::NotFound)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct DealershipQuery {
    /// Only dealerships whose PDN or name contains this (any case).
    q: Option<String>,
    /// At most this many (default 50, at most 200).
    limit: Option<i64>,
    /// Skip this many first.
    offset: Option<i64>,
}

/// `GET /api/v1/admin/dealerships[?q=river&limit=50&offset=0]`: dealerships by name, with
/// how many office managers and people each has.
#[utoipa::path(
    get,
    path = "/admin/dealerships",
    operation_id = "admin_dealerships",
    tag = "admin",
    params(DealershipQuery),
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "One page of dealerships, by name", body = DealershipPage),
        (status = 400, description = "`bad_request`: an invalid query", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        Internal,
    )
)]
async fn dealerships(
    State(state): State<AppState>,
    _admin: ProviderAdmin,
    ApiQuery(filter): ApiQuery<DealershipQuery>,
) -> Result<Json<DealershipPage>, ApiError> {
    let limit = filter.limit.unwrap_or(DEALERSHIP_PAGE_DEFAULT);
    let offset = filter.offset.unwrap_or(0);
    if !(1..=DEALERSHIP_PAGE_MAX).contains(&limit) || offset < 0 {
        return Err(ApiError::BadRequest(format!(
            "limit is 1 to {DEALERSHIP_PAGE_MAX} and offset 0 or more."
        )));
    }
    let (items, total) = state
        .store()
        .dealer_summaries(filter.q.as_deref(), limit, offset)
        .await?;
    Ok(Json(DealershipPage {
        items: items.into_iter().map(summary).collect(),
        total: count(total),
    }))
}

/// `POST /api/v1/admin/dealerships`: bring a dealership on. `201` with it; a PDN that
/// exists already is `409 conflict` and nothing changes.
#[utoipa::path(
    post,
    path = "/admin/dealerships",
    operation_id = "admin_create_dealership",
    tag = "admin",
    request_body = DealershipInput,
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 201, description = "Created", body = DealershipSummary),
        (status = 400, description = "`invalid_form`: every problem, by field", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 409, description = "`conflict`: the PDN exists already", body = ErrorBody),
        Internal,
    )
)]
async fn create_dealership(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiJson(body): ApiJson<DealershipInput>,
) -> Result<(StatusCode, Json<DealershipSummary>), ApiError> {
    let dealership = body.validate().map_err(ApiError::InvalidForm)?;
    onboarding::create_dealership(
        state.store(),
        &dealership,
        &actor(&admin, &client),
        state.now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(summary_of(&state, &dealership.pdn).await?),
    ))
}

/// `GET /api/v1/admin/dealerships/{pdn}`.
#[utoipa::path(
    get,
    path = "/admin/dealerships/{pdn}",
    operation_id = "admin_dealership",
    tag = "admin",
    params(("pdn" = String, Path, description = "The dealership's PDN")),
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "The dealership", body = DealershipSummary),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        Internal,
    )
)]
async fn dealership(
    State(state): State<AppState>,
    _admin: ProviderAdmin,
    ApiPath(pdn): ApiPath<String>,
) -> Result<Json<DealershipSummary>, ApiError> {
    Ok(Json(summary_of(&state, &path_pdn(&pdn)?).await?))
}

/// `PUT /api/v1/admin/dealerships/{pdn}`: rename it, or change its address or phone. The
/// body's `pdn` is the path's (a PDN never changes).
#[utoipa::path(
    put,
    path = "/admin/dealerships/{pdn}",
    operation_id = "admin_change_dealership",
    tag = "admin",
    params(("pdn" = String, Path, description = "The dealership's PDN")),
    request_body = DealershipInput,
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "Changed", body = DealershipSummary),
        (status = 400, description = "`invalid_form`, or `bad_request`: another PDN in the body",
            body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found` or `unknown_pdn`", body = ErrorBody),
        Internal,
    )
)]
async fn change_dealership(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiPath(pdn): ApiPath<String>,
    ApiJson(mut body): ApiJson<DealershipInput>,
) -> Result<Json<DealershipSummary>, ApiError> {
    let pdn = path_pdn(&pdn)?;
    if body.pdn.trim().is_empty() {
        body.pdn = pdn.to_string();
    }
    let dealership = body.validate().map_err(ApiError::InvalidForm)?;
    if dealership.pdn != pdn {
        return Err(ApiError::BadRequest(
            "A dealership's PDN never changes: create the new PDN as its own dealership.".into(),
        ));
    }
    onboarding::change_dealership(
        state.store(),
        &dealership,
        &actor(&admin, &client),
        state.now(),
    )
    .await?;
    Ok(Json(summary_of(&state, &pdn).await?))
}

/// `POST /api/v1/admin/dealerships/{pdn}/close`: its people's sessions end and they cannot
/// sign in; requests, people and audit history stay. Closing a closed one changes nothing.
#[utoipa::path(
    post,
    path = "/admin/dealerships/{pdn}/close",
    operation_id = "admin_close_dealership",
    tag = "admin",
    params(("pdn" = String, Path, description = "The dealership's PDN")),
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "Closed", body = DealershipSummary),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found` or `unknown_pdn`", body = ErrorBody),
        Internal,
    )
)]
async fn close_dealership(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiPath(pdn): ApiPath<String>,
) -> Result<Json<DealershipSummary>, ApiError> {
    set_open(&state, &admin, &client, &pdn, false).await
}

/// `POST /api/v1/admin/dealerships/{pdn}/reopen`: its people can sign in again.
#[utoipa::path(
    post,
    path = "/admin/dealerships/{pdn}/reopen",
    operation_id = "admin_reopen_dealership",
    tag = "admin",
    params(("pdn" = String, Path, description = "The dealership's PDN")),
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "Open", body = DealershipSummary),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found` or `unknown_pdn`", body = ErrorBody),
        Internal,
    )
)]
async fn reopen_dealership(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiPath(pdn): ApiPath<String>,
) -> Result<Json<DealershipSummary>, ApiError> {
    set_open(&state, &admin, &client, &pdn, true).await
}

async fn set_open(
    state: &AppState,
    admin: &ProviderAdmin,
    client: &ClientInfo,
    pdn: &str,
    open: bool,
) -> Result<Json<DealershipSummary>, ApiError> {
    let pdn = path_pdn(pdn)?;
    onboarding::set_dealership_open(
        state.store(),
        &pdn,
        open,
        &actor(admin, client),
        state.now(),
    )
    .await?;
    Ok(Json(summary_of(state, &pdn).await?))
}

/// `GET /api/v1/admin/dealerships/{pdn}/people`: its people with their roles, by user ID.
#[utoipa::path(
    get,
    path = "/admin/dealerships/{pdn}/people",
    operation_id = "admin_dealership_people",
    tag = "admin",
    params(("pdn" = String, Path, description = "The dealership's PDN")),
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "Its people, by user ID", body = Vec<PersonSummary>),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        Internal,
    )
)]
async fn dealership_people(
    State(state): State<AppState>,
    _admin: ProviderAdmin,
    ApiPath(pdn): ApiPath<String>,
) -> Result<Json<Vec<PersonSummary>>, ApiError> {
    let pdn = path_pdn(&pdn)?;
    if state.store().dealer(&pdn).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let users = state.store().users_of_dealer(&pdn).await?;
    Ok(Json(users.iter().map(person).collect()))
}

/// `POST /api/v1/admin/dealerships/{pdn}/office-managers`: invite an office manager. They
/// get a single-use enrollment code by mail; the admin never sees it. `201`.
#[utoipa::path(
    post,
    path = "/admin/dealerships/{pdn}/office-managers",
    operation_id = "admin_invite_office_manager",
    tag = "admin",
    params(("pdn" = String, Path, description = "The dealership's PDN")),
    request_body = InvitationInput,
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 201, description = "Invited: the code is on its way by mail", body = Invited),
        (status = 400, description = "`invalid_form`: every problem, by field", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found` or `unknown_pdn`", body = ErrorBody),
        (status = 409, description = "`user_id_taken` (with `suggestions`), or `conflict`: the \
            dealership is closed", body = ErrorBody),
        Internal,
    )
)]
async fn invite_office_manager(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiPath(pdn): ApiPath<String>,
    ApiJson(body): ApiJson<InvitationInput>,
) -> Result<(StatusCode, Json<Invited>), ApiError> {
    let pdn = path_pdn(&pdn)?;
    invite(
        &state,
        &admin,
        &client,
        &body,
        AccessRole::OfficeManager,
        Some(&pdn),
    )
    .await
}

async fn invite(
    state: &AppState,
    admin: &ProviderAdmin,
    client: &ClientInfo,
    body: &InvitationInput,
    role: AccessRole,
    pdn: Option<&Pdn>,
) -> Result<(StatusCode, Json<Invited>), ApiError> {
    let invitation = body.validate().map_err(ApiError::InvalidForm)?;
    let done = onboarding::invite(
        state.store(),
        state.help_desk(),
        &invitation,
        role,
        pdn,
        &actor(admin, client),
        state.now(),
    )
    .await;
    match done {
        Ok(made) => Ok((StatusCode::CREATED, Json(invited(made)))),
        Err(ApiError::UserIdTaken { message, .. }) => Err(ApiError::UserIdTaken {
            message,
            suggestions: crate::workflow::suggest_user_ids(
                state,
                invitation.user_id.as_str(),
                invitation.first_name.as_str(),
                invitation.last_name.as_str(),
            )
            .await?,
        }),
        Err(other) => Err(other),
    }
}

/// `PUT /api/v1/admin/users/{user_id}/role`: move a dealership user between `staff` and
/// `office_manager`. The person is told by mail and their sessions end. Refused with
/// `last_office_manager` when it would leave the dealership without one.
#[utoipa::path(
    put,
    path = "/admin/users/{user_id}/role",
    operation_id = "admin_change_role",
    tag = "admin",
    params(("user_id" = String, Path, description = "A dealership user's ID")),
    request_body = RoleChangeInput,
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "The person with their new role", body = PersonSummary),
        (status = 400, description = "`bad_request` (a provider role) or \
            `last_office_manager`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found`: no dealership user by that ID", body = ErrorBody),
        Internal,
    )
)]
async fn change_role(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiPath(user_id): ApiPath<String>,
    ApiJson(body): ApiJson<RoleChangeInput>,
) -> Result<Json<PersonSummary>, ApiError> {
    let user_id = path_user_id(&user_id)?;
    onboarding::change_role(
        state.store(),
        state.help_desk(),
        &user_id,
        body.role,
        &actor(&admin, &client),
        state.now(),
    )
    .await?;
    let user = state
        .store()
        .user_by_id(&user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(person(&user)))
}

/// `GET /api/v1/admin/staff`: the provider's own people (reviewers, help desk, admins).
#[utoipa::path(
    get,
    path = "/admin/staff",
    operation_id = "admin_staff",
    tag = "admin",
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "The provider's people, by user ID", body = Vec<PersonSummary>),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        Internal,
    )
)]
async fn staff(
    State(state): State<AppState>,
    _admin: ProviderAdmin,
) -> Result<Json<Vec<PersonSummary>>, ApiError> {
    let people = state.store().provider_staff().await?;
    Ok(Json(people.iter().map(person).collect()))
}

/// `POST /api/v1/admin/staff`: invite a reviewer, help-desk agent or provider admin; the
/// code goes by mail. `201`.
#[utoipa::path(
    post,
    path = "/admin/staff",
    operation_id = "admin_invite_staff",
    tag = "admin",
    request_body = StaffInvitationInput,
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 201, description = "Invited: the code is on its way by mail", body = Invited),
        (status = 400, description = "`invalid_form`, or `bad_request`: a dealership role",
            body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 409, description = "`user_id_taken` (with `suggestions`)", body = ErrorBody),
        Internal,
    )
)]
async fn invite_staff(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiJson(body): ApiJson<StaffInvitationInput>,
) -> Result<(StatusCode, Json<Invited>), ApiError> {
    if body.role.belongs_to_dealership() {
        return Err(ApiError::BadRequest(
            "Provider staff are reviewers, help-desk agents or provider admins. Invite an \
             office manager from their dealership."
                .into(),
        ));
    }
    invite(&state, &admin, &client, &body.person(), body.role, None).await
}

/// `POST /api/v1/admin/staff/{user_id}/deactivate`: their access ends now (sessions too).
#[utoipa::path(
    post,
    path = "/admin/staff/{user_id}/deactivate",
    operation_id = "admin_deactivate_staff",
    tag = "admin",
    params(("user_id" = String, Path, description = "One of the provider's people")),
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "Deactivated", body = PersonSummary),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found`: no provider person by that ID", body = ErrorBody),
        (status = 409, description = "`conflict`: yourself, or the last provider admin",
            body = ErrorBody),
        Internal,
    )
)]
async fn deactivate_staff(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiPath(user_id): ApiPath<String>,
) -> Result<Json<PersonSummary>, ApiError> {
    set_staff_active(&state, &admin, &client, &user_id, false).await
}

/// `POST /api/v1/admin/staff/{user_id}/reactivate`: their access is back.
#[utoipa::path(
    post,
    path = "/admin/staff/{user_id}/reactivate",
    operation_id = "admin_reactivate_staff",
    tag = "admin",
    params(("user_id" = String, Path, description = "One of the provider's people")),
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "Active again", body = PersonSummary),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 404, description = "`not_found`: no provider person by that ID", body = ErrorBody),
        Internal,
    )
)]
async fn reactivate_staff(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiPath(user_id): ApiPath<String>,
) -> Result<Json<PersonSummary>, ApiError> {
    set_staff_active(&state, &admin, &client, &user_id, true).await
}

async fn set_staff_active(
    state: &AppState,
    admin: &ProviderAdmin,
    client: &ClientInfo,
    user_id: &str,
    active: bool,
) -> Result<Json<PersonSummary>, ApiError> {
    let user_id = path_user_id(user_id)?;
    onboarding::set_provider_staff_active(
        state.store(),
        &user_id,
        active,
        &actor(admin, client),
        state.now(),
    )
    .await?;
    let user = state
        .store()
        .user_by_id(&user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(person(&user)))
}

/// `POST /api/v1/admin/dealerships/import`: many dealerships at once from a CSV file
/// (`text/csv`, UTF-8): a header row naming the columns (pdn, name, address, phone,
/// manager_first_name, manager_last_name, manager_email, manager_user_id), then one row a
/// dealership with its office manager, who is invited by mail. Every row is reported;
/// uploading the file again creates nothing twice.
#[utoipa::path(
    post,
    path = "/admin/dealerships/import",
    operation_id = "admin_import_dealerships",
    tag = "admin",
    request_body(content = String, content_type = "text/csv"),
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "What became of every row", body = OnboardingReport),
        (status = 400, description = "`bad_request`: not UTF-8 text, or the header row does \
            not name the columns", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: over 2 MiB or 5,000 rows",
            body = ErrorBody),
        Internal,
    )
)]
async fn import_dealerships(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<OnboardingReport>, ApiError> {
    let upload = read_csv(body, &onboarding::IMPORT_COLUMNS, &["address", "phone"])?;
    let report = onboarding::import_dealerships(
        state.store(),
        state.help_desk(),
        upload,
        &actor(&admin, &client),
        state.now(),
    )
    .await?;
    Ok(Json(report))
}

fn approvals_since(state: &AppState) -> chrono::DateTime<chrono::Utc> {
    state.now() - chrono::Duration::hours(UNLOCK_APPROVAL_WAITS_HOURS)
}

/// `GET /api/v1/admin/unlock-approvals`: the help desk's unlocks and two-step resets of the
/// provider's own people that wait for a second provider admin, oldest first.
#[utoipa::path(
    get,
    path = "/admin/unlock-approvals",
    operation_id = "admin_unlock_approvals",
    tag = "admin",
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 200, description = "Unlocks waiting (asked within 24 hours)",
            body = Vec<UnlockApproval>),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin", body = ErrorBody),
        Internal,
    )
)]
async fn unlock_approvals(
    State(state): State<AppState>,
    _admin: ProviderAdmin,
) -> Result<Json<Vec<UnlockApproval>>, ApiError> {
    let waiting = state
        .store()
        .waiting_unlock_approvals(approvals_since(&state))
        .await?;
    let mut out = Vec::with_capacity(waiting.len());
    for approval in waiting {
        let Some(user) = state.store().user_by_pk(approval.user_pk).await? else {
            continue;
        };
        out.push(UnlockApproval {
            id: approval.id,
            action: approval.action,
            user_id: user.user_id.to_string(),
            first_name: user.first_name,
            last_name: user.last_name,
            role: user.role,
            requested_by: approval.requested_by,
            requested_at: approval.requested_at,
        });
    }
    Ok(Json(out))
}

/// `POST /api/v1/admin/unlock-approvals/{id}/approve`: the asker may now unlock, or reset
/// two-step sign-in, as asked (within an hour). Never one's own request or one's own account. `204`.
#[utoipa::path(
    post,
    path = "/admin/unlock-approvals/{id}/approve",
    operation_id = "admin_approve_unlock",
    tag = "admin",
    params(("id" = i64, Path, description = "The waiting approval (`UnlockApproval.id`)")),
    security(("bearer" = ["provider_admin"])),
    responses(
        (status = 204, description = "Approved: the help-desk person who asked may unlock"),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not a provider admin, or my own request or \
            account (a second person approves)", body = ErrorBody),
        (status = 404, description = "`not_found`: nothing waits under this id", body = ErrorBody),
        Internal,
    )
)]
async fn approve_unlock(
    State(state): State<AppState>,
    admin: ProviderAdmin,
    client: ClientInfo,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    use crate::store::help_desk::Approval;
    let now = state.now();
    match state
        .store()
        .approve_unlock(id, admin.0.user.pk, approvals_since(&state), now)
        .await?
    {
        Approval::NotWaiting => Err(ApiError::NotFound),
        Approval::OwnRequest => Err(ApiError::AccountUnavailable {
            code: dealer_api::ErrorCode::Forbidden,
            message: "A second provider admin approves this: not the one who asked, and never \
                      for their own account."
                .into(),
        }),
        Approval::Approved { user_pk, action } => {
            let user = state.store().user_by_pk(user_pk).await?;
            state
                .store()
                .audit(
                    &crate::store::audit::Entry {
                        event: match action {
                            dealer_api::ApprovalAction::Unlock => AuditEvent::UnlockApproved,
                            dealer_api::ApprovalAction::TwoStepReset => {
                                AuditEvent::TwoStepResetApproved
                            }
                        },
                        outcome: AuditOutcome::Success,
                        actor: Some(admin.0.user.user_id.to_string()),
                        target: user.map(|u| u.user_id.to_string()),
                        pdn: None,
                        client_addr: client.addr_text(),
                        detail: None,
                    },
                    now,
                )
                .await?;
            Ok(StatusCode::NO_CONTENT)
        }
    }
}
