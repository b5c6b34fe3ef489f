//! Settings → Mail: the built-in portal's SMTP server, set by the dealership's office
//! manager. "Send a test mail" tries the settings as typed, to the manager's own address,
//! before anything is saved; saving keeps the server in `settings.json`, its password in
//! the keychain, and starts delivering the outbox. The queue shows what waits or went out
//! (kind, to, when, how it stands), never a message's body.

use dealer_api::{AccessRole, ErrorCode, OutboxEntry};
use dealer_portal::mail::Mail;
use serde::Serialize;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use super::settings::signed_in_role;
use crate::embedded::Local;
use crate::mail::MailSettings;
use crate::settings;
use crate::{CommandError, Portal, SessionState};

/// Mail as the settings screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct MailSetup {
    /// The saved server; `None` while mail waits in the outbox.
    pub settings: Option<MailSettings>,
    /// A password for it is in this computer's keychain.
    pub password_saved: bool,
}

/// The built-in portal, for its signed-in office manager; refused for anyone else, and on
/// a shared portal (whose mail its provider runs).
async fn managed(portal: &Portal, session: &SessionState) -> Result<Local, CommandError> {
    let Some(starting) = &portal.local else {
        return Err(CommandError::new(
            ErrorCode::Forbidden,
            "This computer uses a shared portal: its provider sets up its mail.",
        ));
    };
    match signed_in_role(portal, session).await? {
        Some(AccessRole::OfficeManager) => starting.ready().await,
        Some(_) => Err(CommandError::new(
            ErrorCode::Forbidden,
            "Only the office manager sets up mail.",
        )),
        None => Err(CommandError::unauthenticated()),
    }
}

fn keychain_error(err: crate::keychain::KeychainError) -> CommandError {
    CommandError::new(ErrorCode::Settings, err.to_string())
}

/// The password to use: the one typed, or the one saved for this server and user.
fn password_for(
    settings: &MailSettings,
    typed: Option<String>,
) -> Result<Option<Zeroizing<String>>, CommandError> {
    if settings.user.trim().is_empty() {
        return Ok(None);
    }
    match typed.filter(|p| !p.is_empty()) {
        Some(p) => Ok(Some(Zeroizing::new(p))),
        None => settings.password_slot().load().map_err(keychain_error),
    }
}

/// Start delivering with the saved settings (at app start); trouble is logged, and mail
/// waits in the outbox.
pub fn resume(local: &Local, mail: &MailSettings) {
    let password = match password_for(mail, None) {
        Ok(p) => p,
        Err(err) => {
            tracing::warn!(error = %err, "mail password not available; mail waits in the outbox");
            return;
        }
    };
    match mail.mailer(password.as_deref().map(String::as_str)) {
        Ok(mailer) => local.deliver_with(Some(mailer)),
        Err(err) => {
            tracing::warn!(error = %err, "saved mail settings unusable; mail waits in the outbox")
        }
    }
}

#[tauri::command]
pub async fn mail_settings(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<MailSetup, CommandError> {
    managed(&portal, &session).await?;
    let settings = settings::load(&app).settings.mail;
    let password_saved = match &settings {
        Some(s) if !s.user.trim().is_empty() => {
            s.password_slot().load().map_err(keychain_error)?.is_some()
        }
        _ => false,
    };
    Ok(MailSetup {
        settings,
        password_saved,
    })
}

/// Send a test mail with the settings as typed (nothing saved) to the signed-in manager's
/// own address. The server's refusal comes back in its own words.
#[tauri::command]
pub async fn send_test_mail(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    settings: MailSettings,
    password: Option<String>,
) -> Result<String, CommandError> {
    managed(&portal, &session).await?;
    let token = super::requests::token(&session)?;
    let me = portal.client.me(&token).await?;
    let password = password_for(&settings, password)?;
    let mailer = settings.mailer(password.as_deref().map(String::as_str))?;
    let mail = Mail {
        to: me.email.clone(),
        subject: "Dealer Access test mail".into(),
        text: format!(
            "Hello {},\n\nThis is the test mail from Dealer Access on your computer. Mail \
             works: enrollment codes, receipts and notices will reach your people.\n\nDealer Access",
            me.first_name
        ),
    };
    mailer.send(&mail).await.map_err(|e| {
        CommandError::new(
            ErrorCode::Unreachable,
            format!("The test mail was not sent: {e}. Check the settings and try again."),
        )
    })?;
    Ok(me.email)
}

/// Save the mail settings (the password into the keychain) and start delivering the
/// outbox with them.
#[tauri::command]
pub async fn save_mail_settings(
    app: AppHandle,
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    settings: MailSettings,
    password: Option<String>,
) -> Result<MailSetup, CommandError> {
    let local = managed(&portal, &session).await?;
    let typed = password.filter(|p| !p.is_empty()).map(Zeroizing::new);
    let password = match typed {
        Some(p) => Some(p),
        None => password_for(&settings, None)?,
    };
    let mailer = settings.mailer(password.as_deref().map(String::as_str))?;
    if let Some(p) = &password {
        settings.password_slot().save(p).map_err(keychain_error)?;
    }
    let mut current = settings::load(&app).settings;
    current.mail = Some(settings.clone());
    settings::save(&app, &current).map_err(|e| CommandError::new(ErrorCode::Settings, e))?;
    local.deliver_with(Some(mailer));
    Ok(MailSetup {
        password_saved: password.is_some(),
        settings: Some(settings),
    })
}

/// The built-in portal's outgoing mail, newest first, without bodies.
#[tauri::command]
pub async fn mail_queue(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<Vec<OutboxEntry>, CommandError> {
    let local = managed(&portal, &session).await?;
    let mails = local
        .store
        .outbox_list(None, 100)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(mails.into_iter().map(|m| m.entry()).collect())
}

/// Whether mail the portal promises goes out now: a sender runs there (the built-in
/// portal's once its office manager set mail up; a shared portal's when its operator did).
/// Public, as the portal's health is: it tells a registrant whether "we email you" holds.
#[tauri::command]
pub async fn mail_ready(portal: State<'_, Portal>) -> Result<bool, CommandError> {
    Ok(portal.client.health().await?.mail_ready)
}
