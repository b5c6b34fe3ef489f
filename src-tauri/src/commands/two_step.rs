//! My two-step sign-in and where I am signed in, from My account: where it stands, setting
//! it up (the QR code drawn here as SVG from the portal's `otpauth://` URI), confirming it
//! with the first code; my sessions and the computers that skip the code, each ended or
//! forgotten from there.

use dealer_api::{ErrorCode, RecoveryCodes, TwoStepStatus};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Serialize;
use tauri::State;

use super::requests::token;
use crate::{CommandError, Portal, SessionState};

/// What the set-up screen shows: the QR code for the authenticator app, and the secret to
/// type when the phone cannot scan. Shown while setting up, never again.
#[derive(Clone, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct TwoStepSetUp {
    /// An SVG image of the QR code (drawn here from the portal's URI).
    pub qr_svg: String,
    /// The secret in groups of four.
    pub secret: String,
}

impl std::fmt::Debug for TwoStepSetUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TwoStepSetUp(…)")
    }
}

/// The QR code of `uri` as an SVG image, dark on light whatever the theme (scanners need
/// the contrast).
fn qr_svg(uri: &str) -> Result<String, CommandError> {
    let code = QrCode::new(uri.as_bytes())
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("QR code: {e}")))?;
    let drawn = code
        .render::<svg::Color>()
        .min_dimensions(220, 220)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The element alone, to sit in the page (no XML declaration).
    Ok(drawn
        .find("<svg")
        .map_or(drawn.clone(), |at| drawn[at..].to_owned()))
}

#[tauri::command]
pub async fn two_step_status(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<TwoStepStatus, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.two_step_status(&token).await?)
}

/// Start setting up: a new secret from the portal, as a QR code and as text.
#[tauri::command]
pub async fn two_step_begin(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<TwoStepSetUp, CommandError> {
    let token = token(&session)?;
    let setup = portal.client.two_step_begin(&token).await?;
    Ok(TwoStepSetUp {
        qr_svg: qr_svg(&setup.otpauth_uri)?,
        secret: setup.secret,
    })
}

/// The first code turns it on: the ten recovery codes, shown once.
#[tauri::command]
pub async fn two_step_confirm(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    code: String,
) -> Result<RecoveryCodes, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.two_step_confirm(&token, &code).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_an_svg_image_of_the_uri() {
        let svg = qr_svg(
            "otpauth://totp/Dealer%20Access:mgarcia?secret=GEZDGNBVGY3TQOJQ&issuer=Dealer%20Access",
        )
        .unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("<svg") && svg.contains("#000000") && svg.contains("#ffffff"));
        assert!(
            !svg.contains("GEZDGNBV"),
            "the secret is drawn, not written out"
        );
    }

    /// The QR code the Playwright spec of My account shows: drawn by this module from the
    /// RFC 6238 test secret, so the screenshot shows what the app draws.
    #[test]
    fn the_specs_qr_code_is_the_one_this_module_draws() {
        let svg = qr_svg(
            "otpauth://totp/Dealer%20Access:mgarcia%20%28Lakeside%20Motors%29?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=6&algorithm=SHA1&issuer=Dealer%20Access&period=30",
        )
        .unwrap();
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/e2e/two-step-qr.svg");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            std::fs::write(&path, &svg).expect("the UI's e2e folder is writable");
        }
    }
}

/// My computers that skip the code (remembered for 30 days at a second step).
#[tauri::command]
pub async fn remembered_devices(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<Vec<dealer_api::RememberedDevice>, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.remembered_devices(&token).await?)
}

/// Forget one of my remembered computers: it asks for the code again at its next sign-in.
#[tauri::command]
pub async fn forget_device(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: String,
) -> Result<(), CommandError> {
    let token = token(&session)?;
    Ok(portal.client.forget_device(&token, &id).await?)
}

/// Where I am signed in: my live sessions (never their tokens), this one marked.
#[tauri::command]
pub async fn list_sessions(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<Vec<dealer_api::SessionInfo>, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.sessions(&token).await?)
}

/// Sign out one of my other sessions (another computer). `not_found` when it ended already.
#[tauri::command]
pub async fn revoke_session(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: String,
) -> Result<(), CommandError> {
    let token = token(&session)?;
    Ok(portal.client.revoke_session(&token, &id).await?)
}
