//! What the signed-out routes of registration share: their own per-address budget, and
//! one answer for every PDN that is not an active dealership.

use std::time::Instant;

use dealer_api::ErrorCode;
use dealer_core::ids::Pdn;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::rate_limit::client_key;
use crate::store::dealers::Dealer;

/// What an unknown or inactive PDN hears, whichever it is.
pub const UNKNOWN_PDN: &str = "We could not find a dealership with that PDN. Ask your office \
     manager for your dealership's five-digit Primary Dealer Number.";

/// Spend one of the address's public requests ([`crate::rate_limit::Limits::public`]).
pub(super) fn rate_limit(state: &AppState, client: &ClientInfo) -> Result<(), ApiError> {
    state
        .limits()
        .public
        .check(&client_key(client.limit_key()), Instant::now())
        .map_err(ApiError::from)
}

/// An active dealership with this PDN, or `None` for anything else.
pub(super) async fn active_dealer(state: &AppState, pdn: &str) -> Result<Option<Dealer>, ApiError> {
    let Ok(pdn) = Pdn::parse(pdn) else {
        return Ok(None);
    };
    Ok(state.store().dealer(&pdn).await?.filter(|d| d.active))
}

/// `unknown_pdn` (404) with [`UNKNOWN_PDN`].
pub(super) fn unknown_pdn() -> ApiError {
    ApiError::NotFoundWith {
        code: ErrorCode::UnknownPdn,
        message: UNKNOWN_PDN.into(),
    }
}
