//! A real portal (the `dealer-portal` library, its SQLite store and
//! its mail sender) serving on a real loopback socket, a real SMTP server to receive its
//! mail, and the demo accounts, so a journey drives everything through `dealer-client`
//! exactly as the desktop app does.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use dealer_portal::clock::ManualClock;
use dealer_portal::config::HelpDeskConfig;
use dealer_portal::hashing::Hasher;
use dealer_portal::mail::SmtpMailer;
use dealer_portal::rate_limit::Limits;
use dealer_portal::seed::{SeededAccount, SeededAnswer, seed_demo};
use dealer_portal::store::Store;
use dealer_portal::{AppState, HelpDesk, Parts, Settings, app, jobs};

use crate::smtp;

pub struct Portal {
    pub client: dealer_client::Client,
    pub state: AppState,
    pub clock: ManualClock,
    pub accounts: Vec<SeededAccount>,
    pub smtp: smtp::TestSmtp,
    mailer: SmtpMailer,
    _dir: tempfile::TempDir,
}

impl std::fmt::Debug for Portal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Portal")
            .field("url", &self.client.base_url().as_str())
            .field("smtp_port", &self.smtp.port)
            .finish_non_exhaustive()
    }
}

impl Portal {
    /// A fresh portal with the demo data, at a fixed weekday morning. Two-step sign-in is
    /// optional for every role here: the journeys that are not about it sign in with a
    /// password (see [`Portal::start_with`] for the real policy).
    pub async fn start() -> anyhow::Result<Portal> {
        Self::start_with(Settings {
            two_step: dealer_core::two_step::TwoStepPolicy::optional_for_everyone(),
            ..Settings::default()
        })
        .await
    }

    /// [`Portal::start`] with settings of its own (`Settings::default()` is what a portal
    /// started from an empty configuration runs with).
    pub async fn start_with(settings: Settings) -> anyhow::Result<Portal> {
        let dir = tempfile::tempdir()?;
        let store = Store::connect(&format!(
            "sqlite:{}",
            dir.path().join("portal.sqlite").display()
        ))
        .await?;
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T15:00:00Z")?.to_utc();
        let clock = ManualClock::new(now);
        let hasher = Hasher::new(2, 256);
        let accounts = seed_demo(&store, &hasher, now).await?;
        let state = AppState::new(Parts {
            store,
            clock: Arc::new(clock.clone()),
            hasher,
            limits: Limits::default(),
            settings,
            help_desk: HelpDesk::from_config(&HelpDeskConfig::default()),
        });
        // The journeys send mail (deliver_mail, as the sender job would): the portal says
        // so, and takes what needs a mailed code (a registrant's email).
        state.set_mail_ready(true);
        let smtp = smtp::TestSmtp::start();
        let mailer =
            SmtpMailer::from_url(&smtp.url(), "Dealer Access <no-reply@dealer-access.test>")?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let service = app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, service).await });
        let client = dealer_client::Client::new(&format!("http://{addr}"))?;
        Ok(Portal {
            client,
            state,
            clock,
            accounts,
            smtp,
            mailer,
            _dir: dir,
        })
    }

    /// The demo account with this user ID.
    pub fn account(&self, user_id: &str) -> &SeededAccount {
        self.accounts
            .iter()
            .find(|a| a.user_id == user_id)
            .unwrap_or_else(|| panic!("no demo account {user_id}"))
    }

    /// The seeded answer to one of `user_id`'s questions, found by the question's text as
    /// the portal shows it (a reset shows challenge questions in its own order).
    pub fn answer(&self, user_id: &str, question: &str) -> &str {
        &self
            .account(user_id)
            .questions
            .iter()
            .find(|q| q.question == question)
            .unwrap_or_else(|| panic!("{user_id} has no question {question:?}"))
            .answer
    }

    /// `user_id`'s help-desk secret question and its answer.
    pub fn secret(&self, user_id: &str) -> &SeededAnswer {
        self.account(user_id)
            .questions
            .iter()
            .find(|q| q.kind == "help_desk_secret")
            .unwrap_or_else(|| panic!("{user_id} has no help-desk secret question"))
    }

    /// Run the outbox sender once, as its background job would.
    pub async fn deliver_mail(&self) -> anyhow::Result<usize> {
        Ok(jobs::mail::send_due(&self.state, &self.mailer).await?)
    }

    /// The next message the SMTP server received.
    pub async fn next_mail(&self) -> Option<smtp::ReceivedMail> {
        self.smtp.next_message(Duration::from_secs(10)).await
    }
}
