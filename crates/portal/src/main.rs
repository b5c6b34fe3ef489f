//! `dealer-portal`: parse the configuration, then serve (or migrate, seed, add staff).

use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use dealer_portal::clock::SystemClock;
use dealer_portal::config::{Config, DatabaseConfig};
use dealer_portal::hashing::Hasher;
use dealer_portal::mail::SmtpMailer;
use dealer_portal::rate_limit::Limits;
use dealer_portal::seed;
use dealer_portal::store::Store;
use dealer_portal::{AppState, HelpDesk, Parts, app, jobs, network};
use tracing_subscriber::EnvFilter;

mod cli_onboarding;

#[derive(Debug, Parser)]
#[command(
    name = "dealer-portal",
    version,
    about = "The Dealer Access portal server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API (runs pending migrations first).
    Serve(Box<Config>),
    /// Run pending database migrations and exit.
    Migrate(DatabaseConfig),
    /// Create the demo dealerships and accounts; prints their passwords once.
    SeedDemo(SeedDemo),
    /// Invite one of the provider's people (provider_admin, reviewer or help_desk): an
    /// enrollment code goes to them by mail; no password is ever given on a command line.
    CreateStaffUser(cli_onboarding::InviteStaff),
    /// Invite a dealership's office manager: an enrollment code goes to them by mail.
    InviteOfficeManager(cli_onboarding::InviteOfficeManager),
    /// Create, change, close, reopen or list dealerships.
    Dealership {
        #[command(subcommand)]
        command: cli_onboarding::DealershipCommand,
    },
    /// Copy a SQLite database to a new file while the portal serves (PostgreSQL: pg_dump).
    Backup(Backup),
    /// Exit 0 when the portal on this machine answers ready (a container's health check).
    Healthcheck(Healthcheck),
}

#[derive(Debug, Args)]
struct Healthcheck {
    /// The portal's listening address; a wildcard address is checked on loopback.
    #[arg(long, env = "DEALER_PORTAL_ADDR", default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// Set when the portal serves HTTPS itself: then only the open port is checked.
    #[arg(long = "tls-cert", env = "DEALER_TLS_CERT")]
    tls_cert: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
struct Backup {
    #[command(flatten)]
    database: DatabaseConfig,
    /// The file to write; it must not exist.
    #[arg(long = "to")]
    to: std::path::PathBuf,
}

#[derive(Debug, Args)]
struct SeedDemo {
    #[command(flatten)]
    database: DatabaseConfig,
    /// Print the accounts as JSON (role, pdn, user_id, password, questions and answers).
    #[arg(long)]
    json: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_env("DEALER_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match Cli::parse().command {
        Command::Serve(config) => serve(*config).await,
        Command::Migrate(db) => {
            Store::connect(db.url.expose())
                .await
                .context("migrating the database")?;
            tracing::info!("database is up to date");
            Ok(())
        }
        Command::SeedDemo(args) => seed_demo(args).await,
        Command::CreateStaffUser(args) => cli_onboarding::invite_staff(args).await,
        Command::InviteOfficeManager(args) => cli_onboarding::invite_office_manager(args).await,
        Command::Dealership { command } => cli_onboarding::dealership(command).await,
        Command::Healthcheck(args) => healthcheck(&args),
        Command::Backup(args) => {
            dealer_portal::store::backup::sqlite(args.database.url.expose(), &args.to)
                .await
                .context("backing up the database")?;
            print_out(&format!("Backed up to {} (checked).", args.to.display()));
            Ok(())
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let mut settings = config
        .policy
        .settings()
        .map_err(anyhow::Error::msg)
        .context("policy settings")?;
    settings.trusted_proxies = config.trusted_proxies.clone();
    settings.app_updates = app_updates(&config)?;
    let peppers = match &config.password_pepper {
        Some(text) => dealer_portal::pepper::Peppers::parse(text.expose())
            .map_err(anyhow::Error::msg)
            .context("DEALER_PASSWORD_PEPPER")?,
        None => dealer_portal::pepper::Peppers::default(),
    };
    match &config.outbox_key {
        Some(text) => {
            let mut key = [0u8; 32];
            hex::decode_to_slice(text.expose().trim(), &mut key)
                .map_err(|_| anyhow::anyhow!("DEALER_OUTBOX_KEY must be 64 hex digits"))?;
            dealer_portal::store::outbox::use_sealing_key(key);
        }
        None => tracing::warn!(
            "no DEALER_OUTBOX_KEY: mail with enrollment codes waits sealed with a key kept in \
             the database"
        ),
    }
    if let Some(current) = peppers.current() {
        tracing::info!(pepper = %current.id, "passwords and answers are peppered");
    }
    network::check_listen(
        config.addr,
        config.tls.files().is_some(),
        &settings.trusted_proxies,
    )?;
    #[cfg(not(feature = "https"))]
    if config.tls.files().is_some() {
        bail!(
            "this dealer-portal was built without HTTPS (feature \"https\"): serve it behind a TLS proxy"
        );
    }
    let store = Store::connect(config.database.url.expose())
        .await
        .context("opening the database")?;
    let state = AppState::new(Parts {
        store,
        clock: Arc::new(SystemClock),
        hasher: Hasher::peppered(peppers),
        limits: Limits::default(),
        settings,
        help_desk: HelpDesk::from_config(&config.help_desk),
    });
    jobs::start_clock_jobs(&state, jobs::FirstPass::Beside).await;
    match &config.smtp_url {
        Some(url) => {
            let mailer =
                SmtpMailer::from_url(url.expose(), &config.mail_from).context("DEALER_SMTP_URL")?;
            jobs::mail::spawn(state.clone(), mailer, Duration::from_secs(5));
        }
        None => tracing::warn!("no DEALER_SMTP_URL: mail stays queued in the outbox"),
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    if config.trusted_proxies.is_empty() {
        tracing::info!("no trusted proxies: Forwarded and X-Forwarded-For are ignored");
    } else {
        tracing::info!(proxies = %config.trusted_proxies, "client addresses from trusted proxies");
    }
    #[cfg(feature = "https")]
    if let Some((cert, key)) = config.tls.files() {
        tracing::info!(addr = %listener.local_addr()?, scheme = "https", "portal listening");
        return dealer_portal::tls::serve(
            listener.into_std()?,
            cert.to_owned(),
            key.to_owned(),
            app(state),
            shutdown_signal(),
        )
        .await
        .context("serving the portal over HTTPS");
    }
    tracing::info!(addr = %listener.local_addr()?, scheme = "http", "portal listening");
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving the portal")
}

/// The folder of app updates, checked now so a mistake in it is in the log before an app
/// asks (a broken folder still starts the portal: the folder can be mended while it runs).
fn app_updates(config: &Config) -> anyhow::Result<Option<dealer_portal::updates::UpdateShelf>> {
    let Some(dir) = &config.app_updates_dir else {
        return Ok(None);
    };
    let shelf = dealer_portal::updates::UpdateShelf::new(dir.clone(), config.public_url.clone())
        .map_err(anyhow::Error::msg)?;
    match shelf.check() {
        Ok(Some((version, platforms))) => tracing::info!(
            dir = %dir.display(), version, platforms = platforms.join(", "),
            "app updates offered"
        ),
        Ok(None) => tracing::info!(
            dir = %dir.display(),
            "no latest.json in the app updates folder yet: no update offered"
        ),
        Err(problem) => tracing::error!(
            problem,
            "app updates cannot be offered until this is mended"
        ),
    }
    Ok(Some(shelf))
}

async fn seed_demo(args: SeedDemo) -> anyhow::Result<()> {
    let store = Store::connect(args.database.url.expose())
        .await
        .context("opening the database")?;
    let accounts = seed::seed_demo(&store, &Hasher::default(), chrono::Utc::now()).await?;
    if args.json {
        print_out(&serde_json::to_string_pretty(&accounts)?);
    } else {
        for a in &accounts {
            print_out(&format!(
                "{:<14} {:<6} {:<14} {}",
                a.role.as_str(),
                a.pdn.as_deref().unwrap_or("-"),
                a.user_id,
                a.password
            ));
        }
        print_out("These passwords are shown only now.");
    }
    Ok(())
}

/// `GET /api/v1/ready` over plain HTTP/1.0 with the standard library: the container image
/// has no curl, and the check needs nothing else.
fn healthcheck(args: &Healthcheck) -> anyhow::Result<()> {
    use std::io::Write;
    let mut addr = args.addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    let timeout = Duration::from_secs(3);
    let mut stream = std::net::TcpStream::connect_timeout(&addr, timeout)
        .with_context(|| format!("nothing listens on {addr}"))?;
    if args.tls_cert.is_some() {
        return Ok(());
    }
    stream.set_read_timeout(Some(timeout))?;
    stream.write_all(b"GET /api/v1/ready HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let status = answer.lines().next().unwrap_or_default();
    if status.split_whitespace().nth(1) == Some("200") {
        Ok(())
    } else {
        bail!("the portal on {addr} is not ready: {status}")
    }
}

/// The one place this binary writes to standard output (what a command was asked for).
#[allow(clippy::print_stdout)]
pub(crate) fn print_out(line: &str) {
    println!("{line}");
}

/// Ctrl-C everywhere, SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
