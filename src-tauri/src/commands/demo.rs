//! The first run of an empty built-in portal: set up this dealership (its owner's own
//! account, as office manager, and their reviewer and help-desk IDs on this computer), or
//! load the demo dealerships and accounts (what `cargo xtask run` offers a newcomer), whose
//! fresh random passwords are shown once, like `dealer-portal seed-demo` prints them. Only
//! hashes are kept. Neither is possible once the portal has any account.

use dealer_api::{ErrorCode, SetUpAccount, StandaloneSetup};
use dealer_portal::seed::{SeedError, SeededAccount, seed_demo};
use tauri::State;

use crate::{CommandError, Portal};

/// Whether to offer demo data: only the built-in portal, and only while it has no account
/// at all, so it can never add known passwords to a dealership's real data.
#[tauri::command]
pub async fn demo_offer(portal: State<'_, Portal>) -> Result<bool, CommandError> {
    let Some(starting) = &portal.local else {
        return Ok(false);
    };
    let count = starting
        .ready()
        .await?
        .store
        .user_count()
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(count == 0)
}

#[tauri::command]
pub async fn load_demo_data(portal: State<'_, Portal>) -> Result<Vec<SeededAccount>, CommandError> {
    if !demo_offer(portal.clone()).await? {
        return Err(CommandError::new(
            ErrorCode::DemoUnavailable,
            "Demo data can only be loaded into a new portal on this computer.",
        ));
    }
    let starting = portal
        .local
        .as_ref()
        .ok_or_else(|| CommandError::new(ErrorCode::DemoUnavailable, "No built-in portal"))?;
    let local = starting.ready().await?;
    seed_demo(&local.store, &local.hasher, chrono::Utc::now())
        .await
        .map_err(|e| match e {
            SeedError::AlreadySeeded => {
                CommandError::new(ErrorCode::DemoUnavailable, e.to_string())
            }
            other => CommandError::new(ErrorCode::Internal, other.to_string()),
        })
}

/// Set up this dealership on the built-in portal: the dealership and its owner's accounts,
/// with the password and questions they chose (kept here only as hashes).
#[tauri::command]
pub async fn set_up_dealership(
    portal: State<'_, Portal>,
    mut setup: StandaloneSetup,
) -> Result<Vec<SetUpAccount>, CommandError> {
    let starting = portal.local.as_ref().ok_or_else(|| {
        CommandError::new(
            ErrorCode::DemoUnavailable,
            "This computer uses a shared portal: its provider sets dealerships up.",
        )
    })?;
    let local = starting.ready().await?;
    let made = dealer_portal::onboarding::set_up_standalone(
        &local.store,
        &local.hasher,
        &dealer_core::password::PasswordPolicy::default(),
        &setup,
        chrono::Utc::now(),
    )
    .await;
    // The password and answers were needed for their hashes only.
    use zeroize::Zeroize as _;
    setup.password.zeroize();
    for answer in setup.challenge.iter_mut().chain([&mut setup.secret]) {
        answer.answer.zeroize();
    }
    let made = made.map_err(|e| {
        if let dealer_portal::error::ApiError::Internal(cause) = &e {
            tracing::error!(
                error = format!("{cause:#}"),
                "setting up the built-in portal"
            );
        }
        CommandError(e.into_body())
    })?;
    Ok(made
        .into_iter()
        .map(|(user_id, role)| SetUpAccount {
            user_id: user_id.to_string(),
            role,
        })
        .collect())
}
