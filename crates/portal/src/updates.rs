//! The app updates a provider's portal hands out, so a dealership needs no other host.
//!
//! The operator fills a folder (`DEALER_APP_UPDATES_DIR`) with `latest.json` in Tauri's
//! static update format, the installers it names and their `.sig` files from `tauri signer
//! sign`. The app asks `GET /api/v1/app/updates/{target}/{arch}/{current_version}`: 204 when
//! it is current (or nothing is offered for its platform), 200 with the newer release
//! otherwise, and downloads the installer from `GET /api/v1/app/updates/files/{name}`.
//!
//! The folder is read at each question, so replacing `latest.json` publishes a release
//! without a restart. Only files that `latest.json` names are served: nothing else in the
//! folder (a stray key, a draft) is reachable, and a name is never a path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dealer_api::AppUpdate;
use serde::Deserialize;
use url::Url;

/// The manifest's file name inside the folder.
pub const MANIFEST: &str = "latest.json";

/// The `{target}` values Tauri's updater sends.
const TARGETS: &[&str] = &["windows", "darwin", "linux"];
/// The `{arch}` values Tauri's updater sends.
const ARCHES: &[&str] = &["x86_64", "aarch64", "i686", "armv7"];

/// The folder of updates and where the portal is reached from outside.
#[derive(Debug, Clone)]
pub struct UpdateShelf {
    dir: PathBuf,
    public_url: Option<Url>,
}

/// `latest.json` as the operator (or `tauri build`) writes it.
#[derive(Debug, Deserialize)]
struct Manifest {
    version: String,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    pub_date: Option<String>,
    platforms: BTreeMap<String, Platform>,
}

#[derive(Debug, Deserialize)]
struct Platform {
    /// A file name in the folder, or an absolute `https://` address elsewhere.
    url: String,
    /// The signature itself; when absent, the content of `<file>.sig` in the folder.
    #[serde(default)]
    signature: Option<String>,
}

/// What the portal has for one app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    /// Nothing newer for this platform.
    Current,
    Newer(AppUpdate),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ShelfError {
    /// A `{target}` or `{arch}` no Dealer Access app sends.
    #[error("no app is built for {0}")]
    UnknownPlatform(String),
    /// `current_version` is not a version.
    #[error("current_version must be a version like 1.2.3, not {0:?}")]
    BadVersion(String),
    /// The folder as the operator left it cannot be offered; the log says why.
    #[error("{0}")]
    Broken(String),
}

impl UpdateShelf {
    /// The folder must exist; `latest.json` in it may come later.
    pub fn new(dir: PathBuf, public_url: Option<Url>) -> Result<Self, String> {
        if !dir.is_dir() {
            return Err(format!(
                "DEALER_APP_UPDATES_DIR {} is not a folder",
                dir.display()
            ));
        }
        if let Some(url) = &public_url
            && (!matches!(url.scheme(), "https" | "http")
                || url.host().is_none()
                || url.query().is_some()
                || url.fragment().is_some())
        {
            return Err(format!(
                "DEALER_PUBLIC_URL must be an address like https://access.example.com, not {url}"
            ));
        }
        Ok(UpdateShelf { dir, public_url })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What is on offer now, checked as the app would be answered: `None` when the folder
    /// has no `latest.json` yet, else the version and its platforms. For the start-up log,
    /// so a mistake in the folder is seen before an app asks.
    pub fn check(&self) -> Result<Option<(String, Vec<String>)>, String> {
        let Some(manifest) = self.manifest()? else {
            return Ok(None);
        };
        for (key, platform) in &manifest.platforms {
            self.resolve(key, platform, None)?;
        }
        Ok(Some((
            manifest.version,
            manifest.platforms.into_keys().collect(),
        )))
    }

    /// The answer for an app on `target`/`arch` at `current`. `host` is the request's Host,
    /// used for download addresses when `DEALER_PUBLIC_URL` is not set.
    pub fn offer(
        &self,
        target: &str,
        arch: &str,
        current: &str,
        host: Option<&str>,
    ) -> Result<Offer, ShelfError> {
        if !TARGETS.contains(&target) || !ARCHES.contains(&arch) {
            return Err(ShelfError::UnknownPlatform(format!("{target}-{arch}")));
        }
        let current = parse_version(current)
            .ok_or_else(|| ShelfError::BadVersion(current.chars().take(40).collect()))?;
        let Some(manifest) = self.manifest().map_err(ShelfError::Broken)? else {
            return Ok(Offer::Current);
        };
        let offered = parse_version(&manifest.version).ok_or_else(|| {
            ShelfError::Broken(format!(
                "{MANIFEST}: version {:?} is not a version like 1.2.3",
                manifest.version
            ))
        })?;
        if offered <= current {
            return Ok(Offer::Current);
        }
        let key = format!("{target}-{arch}");
        // `windows-x86_64`, else what `tauri build` also writes: `windows-x86_64-nsis`.
        let found = manifest.platforms.get_key_value(&key).or_else(|| {
            manifest.platforms.iter().find(|(k, _)| {
                k.strip_prefix(&key)
                    .is_some_and(|rest| rest.starts_with('-'))
            })
        });
        let Some((key, platform)) = found else {
            return Ok(Offer::Current);
        };
        let (url, signature) = self
            .resolve(key, platform, Some(host))
            .map_err(ShelfError::Broken)?;
        Ok(Offer::Newer(AppUpdate {
            version: manifest.version,
            notes: manifest.notes,
            pub_date: manifest.pub_date,
            url,
            signature,
        }))
    }

    /// The installer called `name`, when `latest.json` names it: nothing else is served.
    pub fn file(&self, name: &str) -> Result<Option<PathBuf>, String> {
        let Some(manifest) = self.manifest()? else {
            return Ok(None);
        };
        let named = manifest
            .platforms
            .values()
            .any(|p| local_name(&p.url) == Some(name));
        Ok(named.then(|| self.dir.join(name)).filter(|p| p.is_file()))
    }

    fn manifest(&self) -> Result<Option<Manifest>, String> {
        let path = self.dir.join(MANIFEST);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The download address and signature of one platform's entry. `host`: `None` when
    /// checking the folder (no request to take an address from), `Some` when answering.
    fn resolve(
        &self,
        key: &str,
        platform: &Platform,
        host: Option<Option<&str>>,
    ) -> Result<(String, String), String> {
        let here = format!("{MANIFEST}: platform {key:?}");
        let inline = platform
            .signature
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if let Ok(url) = Url::parse(&platform.url) {
            if url.scheme() != "https" {
                return Err(format!(
                    "{here}: {} must be a file in the folder or an https:// address",
                    platform.url
                ));
            }
            let signature = inline.ok_or_else(|| {
                format!("{here}: an installer on another host needs its signature in {MANIFEST}")
            })?;
            return Ok((url.into(), signature.to_owned()));
        }
        let name = local_name(&platform.url).ok_or_else(|| {
            format!(
                "{here}: {:?} is neither a file name in the folder nor an https:// address",
                platform.url
            )
        })?;
        if !self.dir.join(name).is_file() {
            return Err(format!("{here}: {name} is not in {}", self.dir.display()));
        }
        let signature = match inline {
            Some(s) => s.to_owned(),
            None => {
                let sig = self.dir.join(format!("{name}.sig"));
                let text = std::fs::read_to_string(&sig).map_err(|e| {
                    format!(
                        "{here}: no signature in {MANIFEST} and {}: {e}",
                        sig.display()
                    )
                })?;
                let text = text.trim();
                if text.is_empty() {
                    return Err(format!("{here}: {} is empty", sig.display()));
                }
                text.to_owned()
            }
        };
        let base = match (&self.public_url, host) {
            (Some(url), _) => url.as_str().trim_end_matches('/').to_owned(),
            (None, None) => String::new(),
            (None, Some(host)) => host.and_then(base_from_host).ok_or_else(|| {
                "an app asked without a usable Host header and DEALER_PUBLIC_URL is not set"
                    .to_owned()
            })?,
        };
        let path = dealer_api::paths::fill(dealer_api::paths::APP_UPDATE_FILE, &[name])
            .expect("one parameter")
            .iter()
            .map(|s| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string())
            .collect::<Vec<_>>()
            .join("/");
        Ok((format!("{base}/{path}"), signature))
    }
}

/// What a path segment may not hold unescaped.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A plain file name: no folder, no parent, no hidden file, nothing a shell or a URL
/// treats specially.
fn local_name(url: &str) -> Option<&str> {
    let fine = !url.is_empty()
        && url.len() <= 200
        && !url.starts_with('.')
        && url
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | ' '));
    fine.then_some(url)
}

fn parse_version(text: &str) -> Option<semver::Version> {
    semver::Version::parse(text.trim().trim_start_matches('v')).ok()
}

/// `https://host` for a request that reached the portal off loopback (plain HTTP is refused
/// there unless TLS is in front), `http://host` on loopback.
fn base_from_host(host: &str) -> Option<String> {
    let probe = Url::parse(&format!("http://{host}/")).ok()?;
    if probe.username() != "" || probe.path() != "/" || probe.query().is_some() {
        return None;
    }
    let loopback = match probe.host()? {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    let scheme = if loopback { "http" } else { "https" };
    let mut base = format!("{scheme}://{}", probe.host_str()?);
    if let Some(port) = probe.port() {
        base.push_str(&format!(":{port}"));
    }
    Some(base)
}

#[cfg(test)]
mod tests;
