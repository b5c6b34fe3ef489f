//! The portal's SMTP sender against a real SMTP server on loopback.

use std::net::TcpListener;
use std::time::Duration;

use dealer_portal::mail::{Mail, MailConfigError, SendError, SmtpMailer};
use dealer_testkit::smtp::TestSmtp;

const FROM: &str = "Dealer Access <no-reply@dealer.test>";
const WAIT: Duration = Duration::from_secs(10);

fn mailer_for(smtp: &TestSmtp) -> SmtpMailer {
    SmtpMailer::from_url(&smtp.url(), FROM).expect("a loopback relay is a valid configuration")
}

fn mail(to: &str, subject: &str, text: &str) -> Mail {
    Mail {
        to: to.into(),
        subject: subject.into(),
        text: text.into(),
    }
}

#[tokio::test]
async fn delivers_recipient_subject_and_body_to_the_smtp_server() {
    let smtp = TestSmtp::start();
    let text = "Hello Pat,\n\nYour enrollment code is 918273. It works once.\n";
    mailer_for(&smtp)
        .send(&mail("pat@dealer.test", "Your enrollment code", text))
        .await
        .expect("the local server accepts the mail");

    let got = smtp.next_message(WAIT).await.expect("the mail arrives");
    assert_eq!(got.to, ["pat@dealer.test"], "envelope recipient");
    assert_eq!(got.from, "no-reply@dealer.test", "envelope sender");
    assert_eq!(got.subject(), "Your enrollment code");
    assert_eq!(got.header("To").as_deref(), Some("pat@dealer.test"));
    assert_eq!(
        got.header("From").as_deref(),
        Some("\"Dealer Access\" <no-reply@dealer.test>"),
        "the display name is kept (lettre quotes it)"
    );
    assert_eq!(got.body_text(), text);
    assert!(got.header("Date").is_some() && got.header("Message-ID").is_some());
    assert_eq!(smtp.messages(), [got], "exactly one mail was sent");
}

#[tokio::test]
async fn non_ascii_subject_and_body_arrive_intact() {
    let smtp = TestSmtp::start();
    let subject = "Solicitud aprobada – José Núñez";
    let text = "Hola José,\r\nsu acceso a SmartAuction está listo. Código: 4711 ✓\n";
    mailer_for(&smtp)
        .send(&mail("Jose Nunez <jose@dealer.test>", subject, text))
        .await
        .expect("accepted");

    let got = smtp.next_message(WAIT).await.expect("the mail arrives");
    assert_eq!(got.to, ["jose@dealer.test"]);
    assert_eq!(got.subject(), subject);
    assert_eq!(got.body_text(), text.replace("\r\n", "\n"));
    assert!(got.raw.is_ascii(), "the message travels as 7-bit ASCII");
}

#[tokio::test]
async fn a_line_starting_with_a_dot_survives_smtp_framing() {
    let smtp = TestSmtp::start();
    let text = "first line\n.\n.hidden line\nlast line\n";
    mailer_for(&smtp)
        .send(&mail("pat@dealer.test", "Dots", text))
        .await
        .expect("accepted");
    let got = smtp.next_message(WAIT).await.expect("the mail arrives");
    assert_eq!(got.body_text(), text);
}

#[test]
fn plain_smtp_to_a_non_loopback_host_is_refused_at_configuration() {
    for url in [
        "smtp://smtp.example.com:25",
        "smtp://192.0.2.10:2525",
        "smtp://[2001:db8::25]:25",
    ] {
        let error = SmtpMailer::from_url(url, FROM).expect_err(url);
        assert!(
            matches!(error, MailConfigError::PlainToRemoteHost(_)),
            "{url}: mail must not cross the network in clear text, got {error}"
        );
    }
    for url in [
        "smtp+starttls://user:pw@smtp.example.com:587",
        "smtps://user:pw@smtp.example.com",
        "smtp://localhost:2525",
        "smtp://[::1]:2525",
    ] {
        SmtpMailer::from_url(url, FROM).unwrap_or_else(|e| panic!("{url} is allowed: {e}"));
    }
}

#[test]
fn an_invalid_sender_address_is_refused_at_configuration() {
    let error = SmtpMailer::from_url("smtp://127.0.0.1:2525", "no-reply").expect_err("no domain");
    assert!(matches!(error, MailConfigError::InvalidFrom(_)), "{error}");
}

#[tokio::test]
async fn a_subject_with_a_line_break_is_refused_and_nothing_is_sent() {
    let smtp = TestSmtp::start();
    let mailer = mailer_for(&smtp);
    for subject in [
        "Hello\r\nBcc: victim@example.com",
        "Hello\nBcc: x@example.com",
        "Hello\rX",
    ] {
        let error = mailer
            .send(&mail("pat@dealer.test", subject, "body"))
            .await
            .expect_err(subject);
        assert!(
            matches!(error, SendError::InvalidSubject) && error.is_permanent(),
            "{subject:?}: header injection must be refused, not retried ({error})"
        );
    }
    assert!(smtp.messages().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn an_invalid_recipient_is_a_permanent_error_and_nothing_is_sent() {
    let smtp = TestSmtp::start();
    let error = mailer_for(&smtp)
        .send(&mail("pat@dealer.test\r\nBcc: x@example.com", "Hi", "body"))
        .await
        .expect_err("not one mailbox");
    assert!(matches!(error, SendError::InvalidRecipient(_)) && error.is_permanent());
    assert!(smtp.messages().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn sending_to_a_closed_port_is_a_transient_error() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    }; // dropped: nothing listens there any more
    let mailer = SmtpMailer::from_url(&format!("smtp://127.0.0.1:{port}"), FROM).expect("config");
    let error = mailer
        .send(&mail("pat@dealer.test", "Hi", "body"))
        .await
        .expect_err("nothing listens");
    assert!(
        error.is_transient() && !error.is_permanent(),
        "a server that is down may be up later: retry ({error})"
    );
}

#[tokio::test]
async fn a_5xx_recipient_rejection_is_permanent() {
    let smtp = TestSmtp::start();
    let error = mailer_for(&smtp)
        .send(&mail("reject@dealer.test", "Hi", "body"))
        .await
        .expect_err("the server answers 550");
    assert!(
        matches!(error, SendError::Rejected(_)) && error.is_permanent(),
        "a mailbox the server refuses will not appear by retrying ({error})"
    );
    assert!(error.to_string().contains("550"), "{error}");
}

#[tokio::test]
async fn a_4xx_reply_is_transient() {
    let smtp = TestSmtp::start();
    let error = mailer_for(&smtp)
        .send(&mail("defer@dealer.test", "Hi", "body"))
        .await
        .expect_err("the server answers 451");
    assert!(
        matches!(error, SendError::Deferred(_)) && error.is_transient(),
        "the server asked us to come back later ({error})"
    );
}

#[tokio::test]
async fn tls_is_required_so_a_server_without_it_gets_neither_mail_nor_password() {
    // The test server speaks plain SMTP only: it offers no STARTTLS and no TLS handshake.
    let smtp = TestSmtp::start();
    for scheme in ["smtp+starttls", "smtps"] {
        let url = format!("{scheme}://mailer:hunter2-secret@127.0.0.1:{}", smtp.port);
        let mailer = SmtpMailer::from_url(&url, FROM).expect("valid TLS configuration");
        let error = mailer
            .send(&mail("pat@dealer.test", "Hi", "body"))
            .await
            .expect_err("no TLS, no delivery");
        assert!(
            error.is_transient(),
            "{scheme}: a TLS problem is fixed by configuration, keep the mail ({error})"
        );
        assert!(
            !format!("{error} {error:?}").contains("hunter2-secret"),
            "{scheme}: the error leaks the password"
        );
    }
    assert!(
        smtp.messages().is_empty(),
        "nothing travelled in clear text"
    );
}

#[test]
fn mailer_debug_never_shows_the_password() {
    let mailer = SmtpMailer::from_url(
        "smtp+starttls://mailer%40dealer.test:S3cr%23t-hunter2@smtp.example.com:587",
        FROM,
    )
    .expect("valid STARTTLS configuration");
    let shown = format!("{mailer:?} {mailer:#?}");
    for secret in ["S3cr#t-hunter2", "S3cr%23t-hunter2", "hunter2"] {
        assert!(!shown.contains(secret), "Debug leaks the password: {shown}");
    }
    assert!(
        shown.contains("smtp.example.com"),
        "Debug still says where mail goes"
    );
}

/// Mail is promised only while a sender runs: `/health` says whether it does, and a
/// pending registrant is told "you will get an email" only then.
#[tokio::test]
async fn mail_is_promised_only_while_a_sender_runs() {
    use axum::http::{Method, StatusCode};

    use crate::support::requests::{dealerships, registration};
    let app = dealerships(dealer_testkit::db::sqlite().await).await;
    async fn health(app: &crate::support::app::TestApp) -> serde_json::Value {
        app.call(Method::GET, "/api/v1/health", None, None).await.1
    }
    assert_eq!(health(&app).await["mail_ready"], false, "no sender yet");
    // Registering needs a mailed code (a sender ran for it), then the sender stops.
    let (status, _) = app.register(registration("jrivera")).await;
    assert_eq!(status, StatusCode::CREATED);
    app.state.set_mail_ready(false);
    assert_eq!(health(&app).await["mail_ready"], false, "no sender now");
    let (_, refused) = app.sign_in("jrivera", "velvet trombone orbit picnic").await;
    let message = refused["message"].as_str().unwrap();
    assert!(
        message.contains("ask your office manager") && !message.contains("email"),
        "no mail goes out, so none is promised: {message}"
    );

    let smtp = TestSmtp::start();
    let sender = tokio::spawn(dealer_portal::jobs::mail::run(
        app.state.clone(),
        mailer_for(&smtp),
        Duration::from_secs(60),
    ));
    for _ in 0..100 {
        if app.state.mail_ready() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(health(&app).await["mail_ready"], true, "a sender runs");
    let (_, refused) = app.sign_in("jrivera", "velvet trombone orbit picnic").await;
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("you will get an email")
    );

    sender.abort();
    let _ = sender.await;
    assert!(
        !app.state.mail_ready(),
        "a stopped sender promises nothing (the app stops it when mail settings change)"
    );
}
