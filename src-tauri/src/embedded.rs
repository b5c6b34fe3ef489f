//! The embedded portal: with no portal URL configured, the app runs the same
//! `dealer-portal` library in-process on 127.0.0.1 with a random port and a SQLite file in
//! the app-data folder, and talks HTTP to it like to any shared portal. It answers only
//! this app (`dealer_portal::app_only`): other local processes and web pages get 401.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use dealer_core::access_review::ReviewPolicy;
use dealer_portal::clock::SystemClock;
use dealer_portal::config::HelpDeskConfig;
use dealer_portal::hashing::Hasher;
use dealer_portal::mail::SmtpMailer;
use dealer_portal::rate_limit::Limits;
use dealer_portal::store::Store;
use dealer_portal::{AppState, HelpDesk, Parts, Settings, app, jobs};

/// The built-in portal as the app holds it from the start: its client, usable at once
/// (its address is bound before the window opens, and a request made before the portal
/// serves waits in the socket's queue), and its own store once it has started.
#[derive(Debug)]
pub struct Embedded {
    pub client: dealer_client::Client,
    /// The embedded portal's own store and hashing pool, for the first-run demo data.
    pub local: Starting,
}

/// The built-in portal's [`Local`] once its start, beside the window, is done.
#[derive(Debug, Clone)]
pub struct Starting(tokio::sync::watch::Receiver<Option<Result<Local, String>>>);

impl Starting {
    /// The started portal's store; waits for the start. `Err` says why it did not start.
    pub async fn ready(&self) -> Result<Local, crate::CommandError> {
        let mut started = self.0.clone();
        let outcome = match started.wait_for(Option::is_some).await {
            Ok(outcome) => outcome.clone(),
            Err(_) => Some(Err("its start was abandoned".to_owned())),
        };
        outcome
            .unwrap_or_else(|| Err("not started".into()))
            .map_err(|why| {
                crate::CommandError::new(
                    dealer_api::ErrorCode::Internal,
                    format!("The portal built into this app could not start: {why}"),
                )
            })
    }
}

/// What only the embedded portal has: direct access to its store on this computer, and
/// its mail sender, started and restarted as the office manager sets mail up.
#[derive(Debug, Clone)]
pub struct Local {
    pub store: Store,
    pub hasher: Hasher,
    state: AppState,
    mail_job: Arc<Mutex<Option<tauri::async_runtime::JoinHandle<()>>>>,
}

/// How often the built-in portal's outbox is sent.
const MAIL_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

impl Local {
    /// Send the outbox through `mailer` from now on (replacing any earlier sender), or
    /// stop sending (`None`: mail waits in the outbox).
    pub fn deliver_with(&self, mailer: Option<SmtpMailer>) {
        let mut job = self.mail_job.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = job.take() {
            old.abort();
        }
        if let Some(mailer) = mailer {
            let state = self.state.clone();
            *job = Some(tauri::async_runtime::spawn(jobs::mail::run(
                state, mailer, MAIL_EVERY,
            )));
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error("could not create the app's data folder {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("could not open the built-in portal's database: {0}")]
    Store(#[from] dealer_portal::store::StoreError),
    #[error("could not start the built-in portal on this computer: {0}")]
    Bind(#[from] std::io::Error),
    #[error("the built-in portal address was refused: {0}")]
    Client(#[from] dealer_client::ClientError),
}

/// Bind the built-in portal's loopback address and make its client, at once; the returned
/// future starts the portal itself (the keychain's outbox key, the SQLite file in
/// `data_dir` and its migrations, the jobs' start-up pass, then serving). The app runs it
/// once the window's page has loaded, so the first paint neither waits for it nor shares
/// the CPU with it (issue 18). If the start fails, the listener is closed: the
/// app's requests then fail as "cannot be reached", and the reason is logged.
pub fn open(
    data_dir: &Path,
) -> Result<(Embedded, impl Future<Output = ()> + Send + 'static), EmbeddedError> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| EmbeddedError::DataDir(data_dir.display().to_string(), e))?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    // Only this app may talk to it: a key of this launch, held here and never in the web
    // view, and the loopback address as Host (no DNS rebinding).
    let app_key = app_key();
    let client = dealer_client::Client::embedded(&format!("http://{addr}"), &app_key)?;
    let (started, starting) = tokio::sync::watch::channel(None);
    let data_dir = data_dir.to_owned();
    let run = async move {
        match start(&data_dir, listener, &app_key).await {
            Ok(local) => {
                started.send_replace(Some(Ok(local)));
            }
            Err(err) => {
                tracing::error!(error = %err, "the built-in portal did not start");
                started.send_replace(Some(Err(err.to_string())));
            }
        }
    };
    Ok((
        Embedded {
            client,
            local: Starting(starting),
        },
        run,
    ))
}

/// Start the built-in portal on `listener`: everything [`open`] leaves for later.
async fn start(
    data_dir: &Path,
    listener: std::net::TcpListener,
    app_key: &str,
) -> Result<Local, EmbeddedError> {
    // Queued enrollment codes are sealed with a key from the keychain, not the database;
    // without a keychain, a key kept in the database seals them.
    match crate::keychain::outbox_key() {
        Ok(key) => {
            dealer_portal::store::outbox::use_sealing_key(key);
        }
        Err(err) => tracing::warn!(
            error = %err,
            "no keychain for the outbox key: queued codes are sealed with a key kept in the database"
        ),
    }
    let url = format!("sqlite:{}", data_dir.join("portal.sqlite").display());
    let store = Store::connect(&url).await?;
    // argon2's 19 MiB is freed after each hash: a desktop hashes a few times a day.
    let hasher = Hasher::lean();
    let state = AppState::new(Parts {
        store: store.clone(),
        clock: clock(),
        hasher: hasher.clone(),
        limits: Limits::default(),
        settings: Settings {
            access_review: review_policy(),
            ..Settings::default()
        },
        help_desk: HelpDesk::from_config(&HelpDeskConfig::default()),
    });
    let local = Local {
        store,
        hasher,
        state: state.clone(),
        mail_job: Arc::default(),
    };
    // The 60-day inactivity clock and the quarterly access reviews run here too: at start,
    // then every 15 minutes. The start-up pass is done before the portal answers (the
    // window is not waiting for it), so what fell due while the computer was off (a review
    // to open, an account to deactivate) is in place before the first sign-in. Mail is sent
    // once the office manager sets it up (Local::deliver_with); until then it waits in the
    // outbox.
    jobs::start_clock_jobs(&state, jobs::FirstPass::Awaited).await;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let addr = listener.local_addr()?;
    let router = dealer_portal::app_only::guard(app(state), app_key, addr);
    tauri::async_runtime::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(err) = axum::serve(listener, service).await {
            tracing::error!(error = %err, "embedded portal stopped");
        }
    });
    Ok(local)
}

/// How often the built-in portal opens access reviews: the same `DEALER_ACCESS_REVIEW_*`
/// settings as a portal server, from the environment (a managed computer may set them);
/// a setting that is not valid is logged and the defaults hold.
fn review_policy() -> ReviewPolicy {
    let default = ReviewPolicy::default();
    let number = |name: &str, fallback: u32| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(fallback)
    };
    let on_deadline = std::env::var("DEALER_ACCESS_REVIEW_ON_DEADLINE")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default.on_deadline);
    ReviewPolicy::new(
        number("DEALER_ACCESS_REVIEW_EVERY", default.every_days),
        number("DEALER_ACCESS_REVIEW_DEADLINE_DAYS", default.deadline_days),
        on_deadline,
    )
    .unwrap_or_else(|why| {
        tracing::warn!(%why, "the built-in portal keeps its default access-review schedule");
        default
    })
}

/// The built-in portal's clock: the wall clock. A debug build given `DEALER_E2E_CLOCK_FILE`
/// runs that many days ahead of it (the file's number, read at each look, none when it is
/// missing), so an end-to-end journey can move time as the portal tests do; release builds
/// never read it.
fn clock() -> Arc<dyn dealer_portal::clock::Clock> {
    #[cfg(debug_assertions)]
    if let Ok(path) = std::env::var("DEALER_E2E_CLOCK_FILE") {
        return Arc::new(JourneyClock(path.into()));
    }
    Arc::new(SystemClock)
}

/// See [`clock`].
#[cfg(debug_assertions)]
#[derive(Debug)]
struct JourneyClock(std::path::PathBuf);

#[cfg(debug_assertions)]
impl dealer_portal::clock::Clock for JourneyClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let days: f64 = std::fs::read_to_string(&self.0)
            .ok()
            .and_then(|d| d.trim().parse().ok())
            .unwrap_or(0.0);
        chrono::Utc::now() + chrono::Duration::seconds((days * 86_400.0) as i64)
    }
}

/// A random key for this launch. Debug builds take `DEALER_E2E_APP_KEY` instead, so the
/// end-to-end journeys can look at the portal from outside the app; release builds never
/// read it.
fn app_key() -> String {
    #[cfg(debug_assertions)]
    if let Ok(key) = std::env::var("DEALER_E2E_APP_KEY")
        && key.len() >= 32
    {
        return key;
    }
    dealer_portal::store::sessions::Token::generate()
        .expose()
        .to_owned()
}
