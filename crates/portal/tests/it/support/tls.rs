//! Throwaway certificate authorities, and running part of a test in a child process that
//! trusts one the way the operating system would.
//!
//! The app's client trusts what the operating system trusts (rustls-platform-verifier).
//! On Linux that is the system bundle, or the file `SSL_CERT_FILE` names. Setting it for
//! one test would change it for every thread of this binary, so the part that must trust
//! a private CA runs as this same test binary again, in a child process with that variable
//! set: [`run_trusting`] starts it, [`child_context`] tells the child which part it is.

use std::path::{Path, PathBuf};
use std::process::Command;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

/// A certificate authority nobody else trusts.
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// A server certificate and its key, written as PEM files.
pub struct Issued {
    pub cert: PathBuf,
    pub key: PathBuf,
    /// The certificate itself, to compare with what a server presented.
    pub der: Vec<u8>,
}

impl TestCa {
    pub fn new(name: &str) -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        TestCa { issuer }
    }

    pub fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// A certificate for `localhost` and `127.0.0.1`, as `<dir>/<stem>.pem` and
    /// `<dir>/<stem>.key`.
    pub fn issue(&self, dir: &Path, stem: &str) -> Issued {
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let issued = Issued {
            cert: dir.join(format!("{stem}.pem")),
            key: dir.join(format!("{stem}.key")),
            der: cert.der().to_vec(),
        };
        std::fs::write(&issued.cert, cert.pem()).unwrap();
        std::fs::write(&issued.key, key.serialize_pem()).unwrap();
        issued
    }
}

/// Writes the authorities' certificates as one bundle, the shape of a system trust store.
pub fn bundle(dir: &Path, cas: &[&TestCa]) -> PathBuf {
    let path = dir.join("trusted.pem");
    let text: String = cas.iter().map(|ca| ca.pem()).collect();
    std::fs::write(&path, text).unwrap();
    path
}

const CHILD: &str = "DEALER_TEST_CHILD";

/// Runs the test `test` (its full path, `deploy::name`) again in a child process that
/// trusts `bundle` as its system store, with `vars` for the child to read through
/// [`child_context`]. Fails the calling test with the child's output if the child fails.
pub fn run_trusting(test: &str, bundle: &Path, vars: &[(&str, String)]) {
    let exe = std::env::current_exe().unwrap();
    let mut command = Command::new(exe);
    command
        .args([
            test,
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SSL_CERT_FILE", bundle)
        .env_remove("SSL_CERT_DIR")
        .env(CHILD, test);
    for (name, value) in vars {
        command.env(format!("{CHILD}_{name}"), value);
    }
    let out = command.output().expect("the test binary runs again");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("1 passed"),
        "the part of {test} that trusts the private CA failed:\n{text}"
    );
}

/// In the child started by [`run_trusting`] for `test`: a reader of the parent's values.
/// `None` in the parent.
pub fn child_context(test: &str) -> Option<impl Fn(&str) -> String> {
    (std::env::var(CHILD).ok().as_deref() == Some(test)).then_some(|name: &str| {
        std::env::var(format!("{CHILD}_{name}"))
            .unwrap_or_else(|_| panic!("the parent passes {name}"))
    })
}
