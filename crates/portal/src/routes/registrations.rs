//! "Not registered?": a person confirms their dealership by its PDN, registers with the
//! user ID, password and questions they choose, and follows their registration with a
//! status token, without an account. Approval activates the account (see `workflow`).
//!
//! Public routes, rate-limited per client address before any lookup or hashing. An
//! unknown or inactive PDN gets one generic answer.

use dealer_api::RequestId;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use dealer_api::{
    Action, ApplicationInfo, DealerName, ErrorBody, RegistrationInput, RegistrationReceipt,
    RegistrationStatus, RequestKind, RequestNote,
};
use dealer_core::forms::{FieldError, FormErrors};
use dealer_core::ids::DealershipName;

use super::public::{UNKNOWN_PDN, active_dealer, rate_limit, unknown_pdn};
use super::responses::{Internal, RateLimited};
use super::views::registration_status;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ClientInfo};
use crate::routes::router::{ApiRouter, routes};
use crate::store::requests::StoredRequest;
use crate::store::sessions::hash_token;
use crate::workflow::{self, Party, Registered};

/// The header that carries a registrant's status token.
pub const STATUS_TOKEN_HEADER: &str = "x-status-token";

mod email;

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .merge(email::router())
        .routes(routes!(dealer_name))
        .routes(routes!(applications))
        .routes(routes!(register))
        .routes(routes!(status))
        .routes(routes!(answer))
        .routes(routes!(cancel))
}

/// `GET /api/v1/dealers/{pdn}/name`: the dealership a registrant confirms ("Is this your
/// dealership? Lakeside Motors").
#[utoipa::path(
    get,
    path = "/dealers/{pdn}/name",
    operation_id = "dealer_name",
    tag = "registrations",
    params(("pdn" = String, Path, description = "Five digits, leading zeros kept")),
    responses(
        (status = 200, description = "The dealership's name", body = DealerName),
        (status = 404, description = "`unknown_pdn`: unknown, inactive or not a PDN (one \
            answer for all)", body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
async fn dealer_name(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiPath(pdn): ApiPath<String>,
) -> Result<Json<DealerName>, ApiError> {
    rate_limit(&state, &client)?;
    let dealer = active_dealer(&state, &pdn).await?.ok_or_else(unknown_pdn)?;
    Ok(Json(DealerName {
        pdn: dealer.pdn.to_string(),
        name: dealer.name.to_string(),
    }))
}

/// `GET /api/v1/applications`: the applications a user can be given. Public: the
/// registration wizard shows them.
#[utoipa::path(
    get,
    path = "/applications",
    operation_id = "applications",
    tag = "registrations",
    responses(
        (status = 200, description = "Every application, in display order",
            body = Vec<ApplicationInfo>),
        Internal,
    )
)]
async fn applications(State(state): State<AppState>) -> Json<Vec<ApplicationInfo>> {
    Json(
        state
            .settings()
            .applications
            .entries()
            .iter()
            .map(|a| ApplicationInfo {
                key: a.key.to_string(),
                name: a.name.clone(),
                needs_additional_steps: a.needs_additional_steps,
            })
            .collect(),
    )
}

/// `POST /api/v1/registrations` with a proven email (`X-Email-Proof`, see
/// [`email`]): register under a PDN with that email. The account waits,
/// unable to sign in, until a reviewer approves. `201` with the request number, its due
/// time and the status token (shown this once). The proof is used up.
#[utoipa::path(
    post,
    path = "/registrations",
    operation_id = "register",
    tag = "registrations",
    params(("X-Email-Proof" = String, Header, description = "The token of the confirmed email")),
    request_body = RegistrationInput,
    responses(
        (status = 201, description = "Registered; the registrant and the dealership's office \
            managers are emailed", body = RegistrationReceipt),
        (status = 400, description = "`bad_request` or `invalid_form`: every problem, field by \
            field, in `fields` (an unknown PDN is a problem of the `pdn` field); \
            `email_not_confirmed`: no live proof, or one for another email or PDN",
            body = ErrorBody),
        (status = 409, description = "`user_id_taken`, with free ones in `suggestions` (this \
            spends one of the proof's user-ID checks)",
            body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        RateLimited,
        Internal,
        (status = 503, description = "`busy`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[tracing::instrument(skip_all)]
async fn register(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiJson(input): ApiJson<RegistrationInput>,
) -> Result<(StatusCode, Json<RegistrationReceipt>), ApiError> {
    rate_limit(&state, &client)?;
    let settings = state.settings();
    let dealer = active_dealer(&state, &input.pdn).await?;
    let placeholder = DealershipName::parse("Dealership")
        .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?;
    let name = dealer.as_ref().map_or(&placeholder, |d| &d.name);
    let mut registration = input.validate(name, &settings.applications, &settings.password);
    if dealer.is_none() {
        let mut errors = registration.err().unwrap_or_default();
        errors.0.retain(|e| e.field != "pdn");
        errors.0.insert(
            0,
            FieldError {
                field: "pdn".into(),
                message: UNKNOWN_PDN.into(),
            },
        );
        registration = Err(errors);
    }
    let (registration, dealer) = match (registration, dealer) {
        (Ok(r), Some(d)) => (r, d),
        (Err(errors), _) => return Err(ApiError::InvalidForm(errors)),
        (Ok(_), None) => return Err(ApiError::InvalidForm(FormErrors::default())),
    };
    // Every problem of the form is said first (it reveals nothing); only a proven email
    // goes on to learn whether the user ID is free.
    let proof = email::proof(&state, &headers).await?;
    if !email::proves(
        &proof,
        registration.person.email.as_str(),
        dealer.pdn.as_str(),
    ) {
        return Err(email::not_confirmed_because(email::OTHER_EMAIL));
    }
    // A taken user ID spends one of the proof's checks, so registering is no way around them.
    let user_id = registration.user_id.clone();
    let person = registration.person.clone();
    let taken = || async {
        email::spend_check(&state, &headers, &proof).await?;
        Ok::<_, ApiError>(ApiError::UserIdTaken {
            message: format!("The user ID {user_id} is already taken."),
            suggestions: workflow::suggest_user_ids(
                &state,
                user_id.as_str(),
                person.first_name.as_str(),
                person.last_name.as_str(),
            )
            .await?,
        })
    };
    if workflow::user_id_taken(&state, &user_id).await? {
        return Err(taken().await?);
    }
    match workflow::register(&state, registration, &dealer, &proof, &client).await? {
        Registered::Filed(receipt) => Ok((StatusCode::CREATED, Json(receipt))),
        Registered::UserIdTaken => Err(taken().await?),
        Registered::ProofUsed => Err(email::not_confirmed_because(email::NOT_CONFIRMED)),
    }
}

/// The registration `id` if `headers` carry its status token; 404 otherwise, the same for
/// a wrong token as for no such registration.
async fn registration(
    state: &AppState,
    headers: &HeaderMap,
    id: RequestId,
) -> Result<StoredRequest, ApiError> {
    let token = headers
        .get(STATUS_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::NotFound)?;
    let hash = hash_token(token);
    state
        .store()
        .request(id)
        .await?
        .filter(|r| {
            r.kind == RequestKind::SelfRegistration
                && r.status_token_hash.as_deref() == Some(hash.as_str())
        })
        .ok_or(ApiError::NotFound)
}

async fn status_of(state: &AppState, id: RequestId) -> Result<RegistrationStatus, ApiError> {
    let request = state.store().request(id).await?.ok_or(ApiError::NotFound)?;
    let events = state.store().request_history(id).await?;
    Ok(registration_status(&request, events, state.now()))
}

/// `GET /api/v1/registrations/{id}` with the `X-Status-Token` header: where a registration
/// stands, with its history.
#[utoipa::path(
    get,
    path = "/registrations/{id}",
    operation_id = "registration_status",
    tag = "registrations",
    params(
        ("id" = i64, Path, description = "The request number"),
        ("X-Status-Token" = String, Header, description = "The token from the receipt"),
    ),
    responses(
        (status = 200, description = "The registration", body = RegistrationStatus),
        (status = 404, description = "`not_found`: no such registration, or a wrong token",
            body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
async fn status(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiPath(id): ApiPath<RequestId>,
) -> Result<Json<RegistrationStatus>, ApiError> {
    rate_limit(&state, &client)?;
    registration(&state, &headers, id).await?;
    Ok(Json(status_of(&state, id).await?))
}

/// `POST /api/v1/registrations/{id}/answer` with the status token: answer the reviewer's
/// question; the registration goes back for review.
#[utoipa::path(
    post,
    path = "/registrations/{id}/answer",
    operation_id = "answer_registration",
    tag = "registrations",
    params(
        ("id" = i64, Path, description = "The request number"),
        ("X-Status-Token" = String, Header, description = "The token from the receipt"),
    ),
    request_body = RequestNote,
    responses(
        (status = 200, description = "Answered", body = RegistrationStatus),
        (status = 400, description = "`bad_request`, `note_required` or `note_too_long`",
            body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`wrong_state`: no question is waiting", body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
async fn answer(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiPath(id): ApiPath<RequestId>,
    ApiJson(body): ApiJson<RequestNote>,
) -> Result<Json<RegistrationStatus>, ApiError> {
    registrant_acts(&state, &client, &headers, id, Action::AnswerInfo, body).await
}

/// `POST /api/v1/registrations/{id}/cancel` with the status token: withdraw the
/// registration; the account that waited for approval is removed.
#[utoipa::path(
    post,
    path = "/registrations/{id}/cancel",
    operation_id = "cancel_registration",
    tag = "registrations",
    params(
        ("id" = i64, Path, description = "The request number"),
        ("X-Status-Token" = String, Header, description = "The token from the receipt"),
    ),
    request_body = RequestNote,
    responses(
        (status = 200, description = "Withdrawn", body = RegistrationStatus),
        (status = 400, description = "`bad_request` or `note_too_long`", body = ErrorBody),
        (status = 403, description = "`forbidden`: approved already", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`wrong_state`: finished already", body = ErrorBody),
        RateLimited,
        Internal,
    )
)]
async fn cancel(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiPath(id): ApiPath<RequestId>,
    ApiJson(body): ApiJson<RequestNote>,
) -> Result<Json<RegistrationStatus>, ApiError> {
    registrant_acts(&state, &client, &headers, id, Action::Cancel, body).await
}

async fn registrant_acts(
    state: &AppState,
    client: &ClientInfo,
    headers: &HeaderMap,
    id: RequestId,
    action: Action,
    body: RequestNote,
) -> Result<Json<RegistrationStatus>, ApiError> {
    rate_limit(state, client)?;
    let request = registration(state, headers, id).await?;
    let acted = workflow::act(
        state,
        &request,
        Party::Registrant,
        action,
        body.note.as_deref(),
        client,
    )
    .await?;
    Ok(Json(registration_status(
        &acted.request,
        acted.history,
        state.now(),
    )))
}
