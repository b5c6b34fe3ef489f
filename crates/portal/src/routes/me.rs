//! The signed-in person.

use axum::Json;
use axum::extract::State;
use dealer_api::{ErrorBody, Me};

use super::responses::Internal;
use super::views::me_of;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::PasswordChanger;
use crate::routes::router::{ApiRouter, routes};

pub fn router() -> ApiRouter {
    ApiRouter::new().routes(routes!(me))
}

/// `GET /api/v1/me`. Answers with a temporary password too, so the app can tell the
/// person to change it.
#[utoipa::path(
    get,
    path = "/me",
    operation_id = "me",
    tag = "account",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in person", body = Me),
        (status = 401, description = "`unauthenticated`: no session, or one that ended",
            body = ErrorBody),
        Internal,
    )
)]
async fn me(
    State(state): State<AppState>,
    PasswordChanger(auth): PasswordChanger,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&state, &auth.user).await?))
}
