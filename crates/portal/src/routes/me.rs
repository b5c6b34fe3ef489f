//! The signed-in person.

use axum::Json;
use axum::extract::State;
use dealer_api::{ErrorBody, Me};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::responses::Internal;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::PasswordChanger;
use crate::store::users::User;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
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

pub async fn me_of(state: &AppState, user: &User) -> Result<Me, ApiError> {
    let dealership_name = match &user.pdn {
        Some(pdn) => state.store().dealer(pdn).await?.map(|d| d.name.to_string()),
        None => None,
    };
    Ok(Me {
        user_id: user.user_id.to_string(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        email: user.email.clone(),
        role: user.role,
        pdn: user.pdn.as_ref().map(ToString::to_string),
        dealership_name,
        must_change_password: user.must_change_password,
        last_sign_in_at: user.last_sign_in_at,
        deactivates_at: Some(
            state
                .settings()
                .inactivity
                .deactivates_at(user.activity_since),
        ),
    })
}
