//! Extractors: JSON bodies with `{code, message}` errors, the caller's address, and who is
//! signed in. A handler's signature shows who may call it: [`AuthUser`] for anyone signed
//! in, [`Manager`] for an office manager (with the PDN of their session), [`OwnDealership`]
//! for an office manager on a path of their own dealership, [`HelpDesk`] and [`Reviewer`]
//! for the provider's people.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::ids::Pdn;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::store::users::User;
use crate::{AppState, BODY_LIMIT_BYTES};

/// `Json<T>` whose rejections are the portal's errors: 400 naming the field for malformed
/// JSON, wrong types and unknown fields; 413 over the size limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::BadRequest(
            "Send the request body as JSON (Content-Type: application/json).".into(),
        ),
        JsonRejection::JsonDataError(e) => {
            ApiError::BadRequest(format!("Invalid request: {}", e.body_text()))
        }
        JsonRejection::JsonSyntaxError(e) => {
            ApiError::BadRequest(format!("Malformed JSON: {}", e.body_text()))
        }
        JsonRejection::BytesRejection(e)
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
        {
            ApiError::PayloadTooLarge(BODY_LIMIT_BYTES / 1024)
        }
        other => ApiError::BadRequest(other.body_text()),
    }
}

/// `Path<T>` whose rejection is the portal's error: a path value that does not parse
/// (`/requests/abc`) names nothing, so it is 404 `not_found` like any unknown resource.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|_| ApiError::NotFound)
    }
}

/// `Query<T>` whose rejection is the portal's error: a query string that does not parse
/// (an unknown state, a word where a number goes, an unknown key) is 400 `bad_request`
/// saying what is wrong.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|e| ApiError::BadRequest(format!("Invalid query: {}", e.body_text())))
    }
}

/// Where a request came from: the peer address, or the client a trusted proxy forwarded
/// for ([`crate::network`]; unknown in in-process tests), and the user agent, for the
/// audit log and rate limits.
#[derive(Debug, Clone)]
pub struct ClientInfo {
    pub addr: Option<IpAddr>,
    pub user_agent: Option<String>,
}

impl ClientInfo {
    /// The address rate limits count against; an unknown one shares one bucket.
    pub fn limit_key(&self) -> IpAddr {
        self.addr.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    pub fn addr_text(&self) -> Option<String> {
        self.addr.map(|a| a.to_string())
    }
}

impl FromRequestParts<AppState> for ClientInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let trusted = &state.settings().trusted_proxies;
        Ok(ClientInfo {
            addr: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| trusted.client_addr(c.0.ip(), &parts.headers)),
            user_agent: parts
                .headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|ua| ua.chars().take(200).collect()),
        })
    }
}

/// The bearer token of a request, if any.
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// A signed-in person whose session is live and whose account may act. One that must
/// change a temporary password first is refused everywhere but [`PasswordChanger`].
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user: User,
    pub session_id: String,
}

/// Signed in, possibly with a temporary password still to change or a two-step sign-in
/// still to set up: who may see themselves, change the password and sign out.
#[derive(Debug, Clone)]
pub struct PasswordChanger(pub AuthUser);

/// Signed in with the password changed, possibly with the two-step sign-in their role must
/// use still to set up: who may set it up.
#[derive(Debug, Clone)]
pub struct TwoStepSetter(pub AuthUser);

async fn authenticate(parts: &Parts, state: &AppState) -> Result<AuthUser, ApiError> {
    let token = bearer(parts).ok_or(ApiError::Unauthenticated)?;
    let now = state.now();
    let (session, user) = state
        .store()
        .session_and_user(token, state.settings().session_timeouts, now)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    // A lock, deactivation or inactivity revokes sessions; this is the second wall.
    if user.state() != AccountState::Active {
        return Err(ApiError::Unauthenticated);
    }
    Ok(AuthUser {
        user,
        session_id: session.id,
    })
}

impl FromRequestParts<AppState> for PasswordChanger {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        authenticate(parts, state).await.map(PasswordChanger)
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let TwoStepSetter(auth) = TwoStepSetter::from_request_parts(parts, state).await?;
        // Before anything else, the second step the role must use.
        if state
            .settings()
            .two_step
            .set_up_needed(auth.user.role, auth.user.two_step_on)
        {
            return Err(ApiError::TwoStepSetupRequired);
        }
        Ok(auth)
    }
}

impl FromRequestParts<AppState> for TwoStepSetter {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let auth = authenticate(parts, state).await?;
        if auth.user.must_change_password {
            return Err(ApiError::PasswordChangeRequired);
        }
        Ok(TwoStepSetter(auth))
    }
}

/// An office manager, with the PDN of their own dealership (from the session, never from
/// the request).
#[derive(Debug, Clone)]
pub struct Manager {
    pub auth: AuthUser,
    pub pdn: Pdn,
}

/// The office manager of the dealership the path names (`/dealers/{pdn}/…`). Who is
/// signed in is checked first (401, 403); then a PDN that is not the manager's own is 404,
/// like one that does not exist, so PDNs cannot be probed.
#[derive(Debug, Clone)]
pub struct OwnDealership(pub Manager);

impl FromRequestParts<AppState> for OwnDealership {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let manager = Manager::from_request_parts(parts, state).await?;
        let axum::extract::Path(params) = axum::extract::Path::<
            std::collections::HashMap<String, String>,
        >::from_request_parts(parts, state)
        .await
        .map_err(|_| ApiError::NotFound)?;
        match params.get("pdn") {
            Some(pdn) if pdn == manager.pdn.as_str() => Ok(OwnDealership(manager)),
            _ => Err(ApiError::NotFound),
        }
    }
}

impl Manager {
    /// The store as this manager's dealership sees it: on PostgreSQL, row-level security
    /// keeps its reads to that dealership's rows (see [`crate::store::Store::for_dealership`]).
    pub fn store(&self, state: &AppState) -> crate::store::Store {
        state.store().for_dealership(&self.pdn)
    }
}

impl FromRequestParts<AppState> for Manager {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let auth = AuthUser::from_request_parts(parts, state).await?;
        match (auth.user.role, auth.user.pdn.clone()) {
            (AccessRole::OfficeManager, Some(pdn)) => Ok(Manager { auth, pdn }),
            _ => Err(ApiError::Forbidden),
        }
    }
}

macro_rules! provider_role {
    ($name:ident, $role:expr, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone)]
        pub struct $name(pub AuthUser);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, ApiError> {
                let auth = AuthUser::from_request_parts(parts, state).await?;
                if auth.user.role == $role {
                    Ok($name(auth))
                } else {
                    Err(ApiError::Forbidden)
                }
            }
        }
    };
}

provider_role!(HelpDesk, AccessRole::HelpDesk, "The provider's help desk.");
provider_role!(
    ProviderAdmin,
    AccessRole::ProviderAdmin,
    "The provider's administrators."
);
provider_role!(
    Reviewer,
    AccessRole::Reviewer,
    "The provider's request reviewers."
);

/// The provider's own people: help desk or reviewer.
#[derive(Debug, Clone)]
pub struct ProviderStaff(pub AuthUser);

impl FromRequestParts<AppState> for ProviderStaff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let auth = AuthUser::from_request_parts(parts, state).await?;
        match auth.user.role {
            AccessRole::HelpDesk | AccessRole::Reviewer => Ok(ProviderStaff(auth)),
            _ => Err(ApiError::Forbidden),
        }
    }
}

/// Who may read a request: the office manager of its dealership (checked against the
/// request by the handler) or a reviewer.
#[derive(Debug, Clone)]
pub enum RequestParty {
    Manager(Manager),
    Reviewer(AuthUser),
}

impl FromRequestParts<AppState> for RequestParty {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let auth = AuthUser::from_request_parts(parts, state).await?;
        match (auth.user.role, auth.user.pdn.clone()) {
            (AccessRole::OfficeManager, Some(pdn)) => {
                Ok(RequestParty::Manager(Manager { auth, pdn }))
            }
            (AccessRole::Reviewer, _) => Ok(RequestParty::Reviewer(auth)),
            _ => Err(ApiError::Forbidden),
        }
    }
}

/// Users of a dealership as the office manager sees them is a store concern; this helper
/// keeps the rule that another PDN's user answers 404, not 403, so IDs cannot be probed.
pub fn same_dealership(manager: &Manager, user: &User) -> Result<(), ApiError> {
    if user.pdn.as_ref() == Some(&manager.pdn) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Who may see a dealership's access reviews and decide on its people: its own office
/// manager (another PDN in the path is 404, like one that does not exist) or the provider
/// (a provider admin or reviewer, for any dealership). Anyone else is 403.
#[derive(Debug, Clone)]
pub struct ReviewParty {
    pub auth: AuthUser,
    /// The dealership the path names, checked against an office manager's own.
    pub pdn: Pdn,
}

impl FromRequestParts<AppState> for ReviewParty {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let auth = AuthUser::from_request_parts(parts, state).await?;
        let axum::extract::Path(params) = axum::extract::Path::<
            std::collections::HashMap<String, String>,
        >::from_request_parts(parts, state)
        .await
        .map_err(|_| ApiError::NotFound)?;
        let pdn = params
            .get("pdn")
            .and_then(|p| Pdn::parse(p).ok())
            .ok_or(ApiError::NotFound)?;
        match (auth.user.role, auth.user.pdn.as_ref()) {
            (AccessRole::OfficeManager, Some(own)) if *own == pdn => Ok(ReviewParty { auth, pdn }),
            (AccessRole::OfficeManager, Some(_)) => Err(ApiError::NotFound),
            (AccessRole::ProviderAdmin | AccessRole::Reviewer, _) => Ok(ReviewParty { auth, pdn }),
            _ => Err(ApiError::Forbidden),
        }
    }
}
