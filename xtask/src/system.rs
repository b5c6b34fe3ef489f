//! What the machine needs beyond Rust, and installing it where we can.
//!
//! On Debian or Ubuntu as root the missing packages are installed with apt-get. Anywhere
//! else the missing pieces are named with how to get them, and the command stops: a test
//! run that silently skips half its checks is worse than one that says what it needs.

use std::process::{Command, Stdio};

use anyhow::{Result, bail};

/// Debian packages the build and the tests need (RECIPES.md): the Tauri/WebKitGTK build,
/// the app window under Xvfb and WebDriver, the Secret Service keychain in a D-Bus session,
/// screenshots, PostgreSQL for the store suite, nginx for the TLS proxy test, Chromium for the UI tests, and the
/// toolchains of the Windows/macOS cross checks.
const DEBIAN_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "curl",
    "wget",
    "file",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "webkit2gtk-driver",
    "xvfb",
    "xauth",
    "gnome-keyring",
    "dbus-x11",
    "libsecret-1-dev",
    "libsecret-tools",
    "imagemagick",
    "postgresql",
    "nginx",
    "chromium",
    "clang",
    "binutils-mingw-w64-x86-64",
    "gcc-mingw-w64-x86-64",
];

fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn is_debian_root() -> bool {
    std::path::Path::new("/etc/debian_version").exists()
        && output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0")
}

fn missing_debian_packages(packages: &[&'static str]) -> Vec<&'static str> {
    packages
        .iter()
        .copied()
        .filter(|pkg| {
            output("dpkg-query", &["-W", "-f=${Status}", pkg])
                .is_none_or(|status| !status.contains("install ok installed"))
        })
        .collect()
}

/// Node 20.19 or newer (Vite 8).
fn check_node() -> Result<()> {
    let Some(version) = output("node", &["--version"]) else {
        bail!(
            "Node.js is not installed: install Node.js 20.19 or newer (with npm) from your package manager or nodejs.org"
        );
    };
    let parts: Vec<u32> = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .filter_map(|p| p.parse().ok())
        .collect();
    if parts.len() < 2 || (parts[0], parts[1]) < (20, 19) {
        bail!(
            "Node.js {} is too old: the UI build needs Node.js 20.19 or newer",
            version.trim()
        );
    }
    if !succeeds("npm", &["--version"]) {
        bail!("npm is not installed: it comes with Node.js 20.19 or newer");
    }
    Ok(())
}

pub fn ensure_packages() -> Result<()> {
    if cfg!(target_os = "linux") {
        ensure_debian(DEBIAN_PACKAGES)?;
    } else if cfg!(target_os = "macos") && !succeeds("xcode-select", &["-p"]) {
        bail!("the Xcode command line tools are missing: run `xcode-select --install`");
    }
    check_node()
}

/// Debian packages only one command needs (the Windows installer's nsis and wine), installed
/// like the others where we can, named with how to get them where we cannot.
pub fn ensure_debian(packages: &[&'static str]) -> Result<()> {
    let missing = missing_debian_packages(packages);
    if !missing.is_empty() {
        if is_debian_root() {
            eprintln!("installing system packages: {}", missing.join(" "));
            let apt = |args: &[&str]| {
                Command::new("apt-get")
                    .args(args)
                    .env("DEBIAN_FRONTEND", "noninteractive")
                    .status()
                    .is_ok_and(|s| s.success())
            };
            if !apt(&["update", "-qq"]) {
                bail!("apt-get update failed");
            }
            let mut args = vec!["install", "-y", "-qq"];
            args.extend(&missing);
            if !apt(&args) {
                bail!("apt-get install failed for: {}", missing.join(" "));
            }
        } else if std::path::Path::new("/etc/debian_version").exists() {
            bail!(
                "missing system packages; install them with:\n  sudo apt-get install -y {}",
                missing.join(" ")
            );
        } else {
            bail!(
                "missing system libraries for building the app. On Debian/Ubuntu they are:\n  {}\n\
                 On other distributions install the equivalents listed at https://v2.tauri.app/start/prerequisites/",
                missing.join(" ")
            );
        }
    }
    Ok(())
}

/// tauri-driver (the WebDriver bridge to the app) comes from crates.io.
pub fn ensure_tauri_driver() -> Result<()> {
    let home = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    if home.join(".cargo/bin/tauri-driver").exists() || succeeds("tauri-driver", &["--help"]) {
        return Ok(());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("installing tauri-driver (cargo install tauri-driver --locked)");
    let ok = Command::new(cargo)
        .args(["install", "tauri-driver", "--locked"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        bail!("could not install tauri-driver with cargo install");
    }
    Ok(())
}
