//! HTTPS served by the portal itself (`DEALER_TLS_CERT`, `DEALER_TLS_KEY`), for a small
//! deployment without a reverse proxy: rustls with aws-lc-rs, HTTP/2 and HTTP/1.1.
//!
//! The certificate and key are read and checked together; a renewed pair is taken on
//! SIGHUP for new connections while open ones carry on. A pair that does not load on
//! reload is logged and the previous one stays in service: a typo in a renewal script
//! never takes the portal down.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum_server::tls_rustls::RustlsConfig;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// Why a certificate and key cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0} holds no PEM certificate (-----BEGIN CERTIFICATE-----)")]
    NoCertificate(PathBuf),
    #[error("{0} holds no PEM private key (PKCS#8, PKCS#1 or SEC1; unencrypted)")]
    NoKey(PathBuf),
    #[error("the certificate and key cannot be used together: {0}")]
    Mismatch(#[from] rustls::Error),
}

fn read(path: &Path) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|source| TlsError::Unreadable {
        path: path.to_owned(),
        source,
    })
}

/// The server configuration for a PEM certificate chain (leaf first) and its private key.
pub fn server_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&read(cert)?)
        .collect::<Result<_, _>>()
        .map_err(|_| TlsError::NoCertificate(cert.to_owned()))?;
    if chain.is_empty() {
        return Err(TlsError::NoCertificate(cert.to_owned()));
    }
    let private =
        PrivateKeyDer::from_pem_slice(&read(key)?).map_err(|_| TlsError::NoKey(key.to_owned()))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, private)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Serves `app` over HTTPS on `listener` until `shutdown` completes, then lets open
/// requests finish for up to ten seconds.
pub async fn serve(
    listener: std::net::TcpListener,
    cert: PathBuf,
    key: PathBuf,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let tls = RustlsConfig::from_config(server_config(&cert, &key)?);
    #[cfg(unix)]
    tokio::spawn(reload_on_hangup(tls.clone(), cert, key));
    #[cfg(not(unix))]
    let _ = (cert, key);
    let handle = axum_server::Handle::<SocketAddr>::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopping.graceful_shutdown(Some(Duration::from_secs(10)));
    });
    listener.set_nonblocking(true)?;
    axum_server::tls_rustls::from_tcp_rustls(listener, tls)?
        .handle(handle)
        .serve(app.into_make_service_with_connect_info::<SocketAddr>())
        .await?;
    Ok(())
}

/// `kill -HUP`: take the renewed certificate and key for new connections.
#[cfg(unix)]
async fn reload_on_hangup(tls: RustlsConfig, cert: PathBuf, key: PathBuf) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hangups) = signal(SignalKind::hangup()) else {
        tracing::warn!("cannot watch SIGHUP: the certificate is read only at start");
        return;
    };
    while hangups.recv().await.is_some() {
        match server_config(&cert, &key) {
            Ok(config) => {
                tls.reload_from_config(config);
                tracing::info!(cert = %cert.display(), "TLS certificate reloaded");
            }
            Err(why) => {
                tracing::error!(%why, "TLS certificate not reloaded; the previous one stays in service");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(dir: &Path) -> (PathBuf, PathBuf) {
        let issued = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
        let cert = dir.join("cert.pem");
        let key = dir.join("key.pem");
        std::fs::write(&cert, issued.cert.pem()).unwrap();
        std::fs::write(&key, issued.signing_key.serialize_pem()).unwrap();
        (cert, key)
    }

    #[test]
    fn a_certificate_and_its_key_load() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = pair(dir.path());
        let config = server_config(&cert, &key).expect("a fresh pair is servable");
        assert_eq!(config.alpn_protocols[0], b"h2");
    }

    #[test]
    fn bad_files_are_refused_with_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = pair(dir.path());
        let missing = dir.path().join("nope.pem");
        let err = server_config(&missing, &key).unwrap_err();
        assert!(
            err.to_string().contains("nope.pem"),
            "the operator sees which file: {err}"
        );
        let err = server_config(&key, &key).unwrap_err();
        assert!(matches!(err, TlsError::NoCertificate(_)), "{err}");
        let err = server_config(&cert, &cert).unwrap_err();
        assert!(matches!(err, TlsError::NoKey(_)), "{err}");
        let other = tempfile::tempdir().unwrap();
        let (_, other_key) = pair(other.path());
        let err = server_config(&cert, &other_key).unwrap_err();
        assert!(
            matches!(err, TlsError::Mismatch(_)),
            "a key from another certificate is refused at start, not at the first handshake: {err}"
        );
    }
}
