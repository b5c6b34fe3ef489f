//! The Dealer Access desktop app: a Tauri 2 shell whose commands are thin over
//! dealer-client. One data path: UI → command → dealer-client → portal HTTP API.

mod commands;
pub mod drafts;
mod embedded;
mod error;
pub mod keychain;
pub mod mail;
pub mod policy;
pub mod settings;
#[cfg(feature = "notifications")]
mod tracking;
pub mod updates;

use std::sync::{Arc, Mutex};

use tauri::Manager;
use zeroize::Zeroizing;

pub use error::CommandError;

/// The portal this window talks to.
#[derive(Debug)]
pub struct Portal {
    pub client: dealer_client::Client,
    /// True for the portal running inside the app.
    pub embedded: bool,
    /// The embedded portal's store once it has started (none for a shared portal).
    pub local: Option<embedded::Starting>,
}

impl Portal {
    /// The portal's name in keychain accounts: `localhost` for the embedded portal
    /// (whatever port it got this time), the host (and non-default port) otherwise.
    pub fn host_label(&self) -> String {
        if self.embedded {
            return "localhost".into();
        }
        let url = self.client.base_url();
        match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => url.to_string(),
        }
    }
}

/// Who is signed in: the session token (in memory only; `Zeroizing` wipes it when
/// dropped), the user ID, and the dealership the portal said they belong to, so a
/// dealership screen needs no extra round trip to learn its PDN. The portal still decides
/// every access from the token.
#[derive(Clone)]
pub struct Signed {
    pub token: Zeroizing<String>,
    pub user_id: String,
    pub pdn: Option<String>,
}

impl std::fmt::Debug for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signed")
            .field("token", &"***")
            .field("user_id", &self.user_id)
            .field("pdn", &self.pdn)
            .finish()
    }
}

#[derive(Debug, Default)]
pub struct SessionState(Mutex<Option<Signed>>);

impl SessionState {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Signed>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `me` is the portal's answer for `token`.
    pub fn set(&self, token: String, me: &dealer_api::Me) {
        *self.lock() = Some(Signed {
            token: Zeroizing::new(token),
            user_id: me.user_id.clone(),
            pdn: me.pdn.clone(),
        });
    }

    pub fn get(&self) -> Option<Signed> {
        self.lock().clone()
    }

    pub fn take(&self) -> Option<Signed> {
        self.lock().take()
    }
}

/// One TLS crypto provider for the whole process, installed before anything connects:
/// aws-lc-rs, as the portal client and the updater's requests already use.
pub fn install_crypto_provider() {
    #[cfg(feature = "tls")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Fails only if another thread installed one first: that one stays.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    }
}

/// How long the built-in portal waits for the window's first page load before it starts
/// anyway.
const FIRST_PAINT_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub fn run() {
    install_crypto_provider();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DEALER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    // Set when the window's page has first loaded: the built-in portal starts then (below).
    let painted = Arc::new(tokio::sync::Notify::new());
    let page_loaded = Arc::clone(&painted);
    let builder = tauri::Builder::default()
        // A second start brings the running window forward instead of starting another
        // app (and another embedded portal on the same database).
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_store::Builder::new().build())
        // Only the app's Rust side reaches it (the web view is granted none of its
        // commands); the key updates must be signed with is this build's.
        .plugin(match updates::public_key() {
            Some(key) => tauri_plugin_updater::Builder::new().pubkey(key).build(),
            None => tauri_plugin_updater::Builder::new().build(),
        })
        // When the window's page has loaded (its first paint follows): the start-up time
        // `cargo xtask bench` compares with a bare Tauri window.
        .on_page_load(move |_webview, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                tracing::info!(url = %payload.url(), "page loaded");
                page_loaded.notify_one();
            }
        });
    #[cfg(feature = "notifications")]
    let builder = builder.plugin(tauri_plugin_notification::init());
    let result = builder
        .setup(move |app| {
            // The administrator's policy, read once: what it pins holds for this run.
            app.manage(policy::read());
            let loaded = settings::load(app.handle());
            let portal = match loaded.settings.portal_url.as_deref() {
                Some(url) => Portal {
                    client: dealer_client::Client::new(url)?,
                    embedded: false,
                    local: None,
                },
                None => {
                    // No portal URL configured: the portal runs in-process on loopback. Its
                    // address is bound now; it starts once the window's page has loaded
                    // (or after FIRST_PAINT_WAIT, should that never be reported), so the
                    // first paint does not share the CPU with its SQLite, migrations and
                    // jobs. Requests made sooner wait for it to serve.
                    let data_dir = app.path().app_data_dir()?;
                    let (embedded, start) = embedded::open(&data_dir)?;
                    let (url, starting) =
                        (embedded.client.base_url().clone(), embedded.local.clone());
                    let mail = loaded.settings.mail.clone();
                    let painted = Arc::clone(&painted);
                    tauri::async_runtime::spawn(async move {
                        let _ = tokio::time::timeout(FIRST_PAINT_WAIT, painted.notified()).await;
                        start.await;
                        if let Ok(local) = starting.ready().await {
                            tracing::info!(%url, "embedded portal started");
                            if let Some(mail) = &mail {
                                commands::mail::resume(&local, mail);
                            }
                        }
                    });
                    Portal {
                        client: embedded.client,
                        embedded: true,
                        local: Some(embedded.local),
                    }
                }
            };
            app.manage(portal);
            app.manage(SessionState::default());
            app.manage(commands::session::PendingSignIn::default());
            app.manage(drafts::Drafts::default());
            app.manage(commands::reset::ResetState::default());
            app.manage(commands::registration::Registrations::default());
            app.manage(updates::Updates::default());
            tauri::async_runtime::spawn(updates::run(app.handle().clone()));
            #[cfg(feature = "notifications")]
            tauri::async_runtime::spawn(tracking::run(app.handle().clone()));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::help_desk::help_desk_info,
            commands::updates::update_status,
            commands::updates::install_update,
            commands::help_desk::last_help_desk,
            commands::help_desk::help_desk_search,
            commands::session::ask_reactivation,
            commands::registration::kept_registrations,
            commands::registration::password_rules,
            commands::registration::answer_registration,
            commands::registration::cancel_registration,
            commands::help_desk::help_desk_find_user,
            commands::help_desk::help_desk_verify,
            commands::help_desk::help_desk_unlock,
            commands::help_desk::help_desk_reset_two_step,
            commands::demo::demo_offer,
            commands::demo::load_demo_data,
            commands::demo::set_up_dealership,
            commands::session::sign_in,
            commands::session::sign_in_code,
            commands::two_step::two_step_status,
            commands::two_step::two_step_begin,
            commands::two_step::two_step_confirm,
            commands::two_step::remembered_devices,
            commands::two_step::forget_device,
            commands::two_step::list_sessions,
            commands::two_step::revoke_session,
            commands::session::sign_out,
            commands::session::end_visit,
            commands::session::resume_session,
            commands::session::current_user,
            commands::session::change_password,
            commands::session::set_questions,
            commands::session::change_phone,
            commands::session::confirm_email_change,
            commands::session::start_email_change,
            commands::settings::get_settings,
            commands::settings::set_device_mode,
            commands::settings::set_idle_minutes,
            commands::settings::check_portal_url,
            commands::settings::set_portal,
            commands::settings::complete_first_run,
            commands::settings::portal_info,
            commands::reset::start_password_reset,
            commands::reset::answer_password_reset,
            commands::reset::complete_password_reset,
            commands::reset::cancel_password_reset,
            commands::registration::dealer_name,
            commands::registration::applications,
            commands::registration::question_catalogue,
            commands::registration::send_email_code,
            commands::registration::confirm_email_code,
            commands::registration::check_user_id,
            commands::registration::register,
            commands::registration::registration_status,
            commands::registration::enroll,
            commands::requests::submit_request,
            commands::requests::request_detail,
            commands::requests::dealer_requests,
            commands::requests::dealer_users,
            commands::requests::answer_request,
            commands::requests::cancel_request,
            commands::requests::review_queue,
            commands::requests::decide_request,
            commands::requests::import_requests,
            commands::requests::roster_csv,
            commands::access_reviews::access_reviews,
            commands::access_reviews::access_review,
            commands::access_reviews::decide_access,
            commands::access_reviews::finish_access_review,
            commands::access_reviews::access_review_report_csv,
            commands::access_reviews::access_review_report_pdf,
            commands::access_reviews::access_reviews_across,
            commands::access_reviews::open_access_reviews,
            commands::audit::dealer_audit,
            commands::admin::admin_dealerships,
            commands::admin::admin_create_dealership,
            commands::admin::admin_dealership,
            commands::admin::admin_change_dealership,
            commands::admin::admin_set_dealership_open,
            commands::admin::admin_dealership_people,
            commands::admin::admin_invite_office_manager,
            commands::admin::admin_change_role,
            commands::admin::admin_staff,
            commands::admin::admin_invite_staff,
            commands::admin::admin_set_staff_active,
            commands::admin::admin_unlock_approvals,
            commands::admin::admin_approve_unlock,
            commands::admin::admin_import_dealerships,
            commands::mail::mail_settings,
            commands::mail::send_test_mail,
            commands::mail::save_mail_settings,
            commands::mail::mail_queue,
            commands::mail::mail_ready,
            commands::drafts::draft_save,
            commands::drafts::draft_load,
            commands::drafts::draft_clear,
        ])
        .run(context());
    if let Err(err) = result {
        tracing::error!(error = %err, "Dealer Access stopped with an error");
        std::process::exit(1);
    }
}

/// The app's built configuration and assets: what `run` starts, and what the tests read
/// back (the web view's CSP, the frozen prototype, no global Tauri object).
pub(crate) fn context() -> tauri::Context<tauri::Wry> {
    tauri::generate_context!()
}
