//! `cargo xtask bundle --target windows`: the Windows installer, built on Linux (RECIPES.md,
//! "A Windows build from Linux").
//!
//! The app is cross-compiled for `x86_64-pc-windows-gnu` (the desktop profile, built for
//! size) with Debian's mingw-w64, staged beside `WebView2Loader.dll` (which the gnu
//! toolchain cannot link statically) and the icon, and packed by Debian's makensis with our
//! own script, `src-tauri/windows/installer.nsi` (Tauri's NSIS bundling downloads helpers
//! from GitHub).
//! With a certificate configured the exe and the installer are Authenticode-signed
//! (osslsigncode); with an update signing key, the installer gets its `.sig` and a
//! `latest.json` that a portal's `DEALER_APP_UPDATES_DIR` serves as it is.
//!
//! Then the installer is tried under wine: a silent install of an older build, this one over
//! it, the files, the Apps & features entry and the user's data checked after each, the
//! uninstall (data kept), and a purge. The app is not started there (wine lacks
//! `bcryptprimitives.dll`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};

use crate::bundle::{DESKTOP_PROFILE, mib};
use crate::steps::{cargo_with_env, run_in, run_in_with_env};
use crate::{build_ui, cross, root, system, target_dir};

pub const TARGET: &str = "x86_64-pc-windows-gnu";
const EXE: &str = "dealer-access.exe";
const LOADER: &str = "WebView2Loader.dll";
/// Microsoft's Evergreen WebView2 bootstrapper, fetched at install time only when missing.
const WEBVIEW2_URL: &str = "https://go.microsoft.com/fwlink/p/?LinkId=2124703";
const PUBLISHER: &str = "Dealer Access";
/// The updater recognises how the app was installed by this marker in the exe, which
/// Tauri's bundler rewrites; ours does the same (same length, so nothing moves).
const BUNDLE_MARKER: &[u8] = b"__TAURI_BUNDLE_TYPE_VAR_UNK";
const NSIS_MARKER: &[u8] = b"__TAURI_BUNDLE_TYPE_VAR_NSS";

/// What the installer says about the app, from `src-tauri/tauri.conf.json`.
struct AppInfo {
    product: String,
    version: String,
    identifier: String,
}

impl AppInfo {
    fn read() -> Result<AppInfo> {
        let path = root().join("src-tauri/tauri.conf.json");
        let conf: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?,
        )
        .with_context(|| format!("parsing {}", path.display()))?;
        let field = |name: &str| {
            conf[name]
                .as_str()
                .map(str::to_owned)
                .with_context(|| format!("{} has no {name}", path.display()))
        };
        Ok(AppInfo {
            product: field("productName")?,
            version: field("version")?,
            identifier: field("identifier")?,
        })
    }
}

/// `1.2.3` → `1.2.3.0`, the four numbers Windows file versions have.
fn four_part(version: &str) -> Result<String> {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    ensure!(
        parts.len() == 3 && parts.iter().all(|p| p.parse::<u16>().is_ok()),
        "version {version} is not major.minor.patch"
    );
    Ok(format!("{core}.0"))
}

fn out_dir() -> PathBuf {
    target_dir().join(DESKTOP_PROFILE).join("bundle/windows")
}

fn installer_name(info: &AppInfo, version: &str) -> String {
    format!("{}_{version}_x64-setup.exe", info.product)
}

/// The whole command: build, stage, pack, sign, try under wine. The installer's path is the
/// last line printed.
pub fn bundle() -> Result<()> {
    system::ensure_packages()?;
    build_ui()?;
    let installer = build_and_try()?;
    // The one line on standard output, for scripts: `installer=$(cargo xtask bundle ...)`.
    use std::io::Write as _;
    writeln!(std::io::stdout().lock(), "{}", installer.display())?;
    Ok(())
}

/// `cargo xtask test`'s step: the same build and wine check, the UI already built.
pub fn test_step() -> Result<()> {
    build_and_try().map(|_| ())
}

/// Everything after the UI: the exe, the installer, its signatures, the wine check.
fn build_and_try() -> Result<PathBuf> {
    system::ensure_debian(&["nsis", "osslsigncode", "wine64"])?;
    cross::ensure_target(TARGET).map_err(anyhow::Error::msg)?;
    let pubkey = update_public_key()?;
    let env: Vec<(&str, &str)> = pubkey
        .iter()
        .map(|k| ("DEALER_UPDATE_PUBKEY", k.as_str()))
        .collect();
    cargo_with_env(
        &[
            "build",
            "--profile",
            DESKTOP_PROFILE,
            "--locked",
            "-p",
            "dealer-access",
            "--target",
            TARGET,
        ],
        &env,
    )?;
    let info = AppInfo::read()?;
    let stage = stage()?;
    sign_authenticode(&stage.join(EXE), &info)?;
    let installer = pack(&info, &info.version, &stage, &out_dir())?;
    sign_authenticode(&installer, &info)?;
    let update = sign_update(&info, &installer)?;
    wine_check(&info, &stage, &installer)?;

    let exe_size = std::fs::metadata(stage.join(EXE))?.len();
    let size = std::fs::metadata(&installer)?.len();
    eprintln!("\n  app exe: {} ({exe_size} bytes)", mib(exe_size));
    eprintln!("  installer: {} ({size} bytes)", mib(size));
    match update {
        Some(manifest) => eprintln!(
            "  update: {}.sig and {} (copy the three files into the portal's DEALER_APP_UPDATES_DIR)",
            installer.display(),
            manifest.display()
        ),
        None => eprintln!(
            "  update: not signed (set TAURI_SIGNING_PRIVATE_KEY_PATH and \
             TAURI_SIGNING_PRIVATE_KEY_PASSWORD; docs/operating.md, \"App updates\")"
        ),
    }
    Ok(installer)
}

/// The public key the app trusts for its updates: `DEALER_UPDATE_PUBKEY`, else the `.pub`
/// beside `TAURI_SIGNING_PRIVATE_KEY_PATH` (as `tauri signer generate` writes them).
/// Without either the app is built not to update itself.
fn update_public_key() -> Result<Option<String>> {
    if let Ok(key) = std::env::var("DEALER_UPDATE_PUBKEY") {
        return Ok(Some(key.trim().to_owned()));
    }
    let Some(private) = std::env::var_os("TAURI_SIGNING_PRIVATE_KEY_PATH") else {
        eprintln!(
            "no DEALER_UPDATE_PUBKEY: this build will not update itself (docs/operating.md, \"App updates\")"
        );
        return Ok(None);
    };
    let public = PathBuf::from(format!("{}.pub", PathBuf::from(private).display()));
    let key = std::fs::read_to_string(&public).with_context(|| {
        format!(
            "reading {} (the public key beside the signing key); or set DEALER_UPDATE_PUBKEY",
            public.display()
        )
    })?;
    Ok(Some(key.trim().to_owned()))
}

/// The exe (marked as installed by NSIS), the loader and the icon in one folder.
fn stage() -> Result<PathBuf> {
    let built = target_dir().join(TARGET).join(DESKTOP_PROFILE);
    let stage = target_dir().join("windows-stage");
    if stage.exists() {
        std::fs::remove_dir_all(&stage)?;
    }
    std::fs::create_dir_all(&stage)?;
    let mut exe = std::fs::read(built.join(EXE))
        .with_context(|| format!("reading {}", built.join(EXE).display()))?;
    let at: Vec<usize> = exe
        .windows(BUNDLE_MARKER.len())
        .enumerate()
        .filter(|(_, w)| *w == BUNDLE_MARKER)
        .map(|(i, _)| i)
        .collect();
    ensure!(
        at.len() == 1,
        "expected the bundle-type marker once in {EXE}, found it {} times",
        at.len()
    );
    exe[at[0]..at[0] + NSIS_MARKER.len()].copy_from_slice(NSIS_MARKER);
    std::fs::write(stage.join(EXE), exe)?;
    std::fs::copy(built.join(LOADER), stage.join(LOADER)).with_context(|| {
        format!(
            "{LOADER} is not beside the exe in {}: webview2-com-sys leaves it there",
            built.display()
        )
    })?;
    std::fs::copy(root().join("icons/icon.ico"), stage.join("icon.ico"))?;
    Ok(stage)
}

/// makensis on our script; `version` may differ from the app's (the upgrade test's older one).
fn pack(info: &AppInfo, version: &str, stage: &Path, out: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(out)?;
    let installer = out.join(installer_name(info, version));
    let defines = [
        ("PRODUCT", info.product.clone()),
        ("EXE", EXE.to_owned()),
        ("VERSION", version.to_owned()),
        ("VERSION4", four_part(version)?),
        ("PUBLISHER", PUBLISHER.to_owned()),
        ("IDENTIFIER", info.identifier.clone()),
        ("STAGE", stage.display().to_string()),
        ("OUTFILE", installer.display().to_string()),
        ("WEBVIEW2_URL", WEBVIEW2_URL.to_owned()),
    ];
    let mut args: Vec<String> = vec!["-V2".into(), "-INPUTCHARSET".into(), "UTF8".into()];
    args.extend(defines.iter().map(|(k, v)| format!("-D{k}={v}")));
    args.push(
        root()
            .join("src-tauri/windows/installer.nsi")
            .display()
            .to_string(),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_in(&root(), "makensis", &args)?;
    Ok(installer)
}

/// Authenticode with `DEALER_SIGN_PFX` (and `DEALER_SIGN_PFX_PASSWORD`); a timestamp from
/// `DEALER_SIGN_TIMESTAMP_URL` when set. Unsigned otherwise, and said.
fn sign_authenticode(file: &Path, info: &AppInfo) -> Result<()> {
    let Ok(pfx) = std::env::var("DEALER_SIGN_PFX") else {
        eprintln!(
            "not Authenticode-signed: {} (DEALER_SIGN_PFX is not set)",
            file.display()
        );
        return Ok(());
    };
    let password = std::env::var("DEALER_SIGN_PFX_PASSWORD").unwrap_or_default();
    let signed = file.with_extension("signed.exe");
    let mut cmd = Command::new("osslsigncode");
    cmd.args(["sign", "-pkcs12", &pfx, "-pass", &password, "-h", "sha256"])
        .args(["-n", &info.product]);
    if let Ok(ts) = std::env::var("DEALER_SIGN_TIMESTAMP_URL") {
        cmd.args(["-ts", &ts]);
    }
    let status = cmd
        .arg("-in")
        .arg(file)
        .arg("-out")
        .arg(&signed)
        .status()
        .context("running osslsigncode")?;
    ensure!(
        status.success(),
        "osslsigncode could not sign {}",
        file.display()
    );
    std::fs::rename(&signed, file)?;
    let verify = Command::new("osslsigncode")
        .arg("verify")
        .arg("-in")
        .arg(file)
        .output()
        .context("running osslsigncode verify")?;
    // A self-signed certificate does not chain to a trusted root; the signature itself
    // must still be intact.
    let text = String::from_utf8_lossy(&verify.stdout);
    ensure!(
        text.contains("Signature verification: ok") || text.contains("Message digest"),
        "the Authenticode signature of {} does not verify:\n{text}",
        file.display()
    );
    eprintln!("Authenticode-signed: {}", file.display());
    Ok(())
}

/// With `TAURI_SIGNING_PRIVATE_KEY_PATH` (or `_KEY`) set: `tauri signer sign` binds the
/// installer to its version, and `latest.json` names it, ready for a portal's updates
/// folder. `None` when no key is configured.
fn sign_update(info: &AppInfo, installer: &Path) -> Result<Option<PathBuf>> {
    if std::env::var_os("TAURI_SIGNING_PRIVATE_KEY_PATH").is_none()
        && std::env::var_os("TAURI_SIGNING_PRIVATE_KEY").is_none()
    {
        return Ok(None);
    }
    let cli = crate::ui_dir().join("node_modules/.bin/tauri");
    run_in(
        &root(),
        &cli.to_string_lossy(),
        &[
            "signer",
            "sign",
            "--app-version",
            &info.version,
            &installer.to_string_lossy(),
        ],
    )?;
    let sig_path = PathBuf::from(format!("{}.sig", installer.display()));
    let signature = std::fs::read_to_string(&sig_path)
        .with_context(|| format!("reading {}", sig_path.display()))?;
    let name = installer
        .file_name()
        .and_then(|n| n.to_str())
        .context("installer name")?;
    let manifest = serde_json::json!({
        "version": info.version,
        "notes": format!("{} {}", info.product, info.version),
        "pub_date": utc_now_rfc3339()?,
        "platforms": {
            "windows-x86_64": { "url": name, "signature": signature.trim() }
        }
    });
    let path = installer.with_file_name("latest.json");
    std::fs::write(&path, serde_json::to_string_pretty(&manifest)? + "\n")?;
    Ok(Some(path))
}

fn utc_now_rfc3339() -> Result<String> {
    let out = Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])
        .output()
        .context("running date")?;
    ensure!(out.status.success(), "date failed");
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

// --- Under wine -----------------------------------------------------------------------------

/// wine's 64-bit loader: `wine` from the full package, or the wine64 package's own.
fn wine() -> Result<PathBuf> {
    for candidate in ["/usr/bin/wine", "/usr/lib/wine/wine64", "/usr/bin/wine64"] {
        if Path::new(candidate).exists() {
            return Ok(candidate.into());
        }
    }
    bail!("wine is not installed: apt-get install wine64")
}

/// A throwaway Windows: its own prefix, no display, no Mono or Gecko prompts.
struct Wine {
    bin: PathBuf,
    prefix: PathBuf,
}

impl Wine {
    fn new(prefix: PathBuf) -> Result<Wine> {
        if prefix.exists() {
            std::fs::remove_dir_all(&prefix)?;
        }
        let wine = Wine {
            bin: wine()?,
            prefix,
        };
        wine.run(&["wineboot", "-i"])?;
        Ok(wine)
    }

    fn env(&self) -> Vec<(&str, String)> {
        vec![
            ("WINEPREFIX", self.prefix.display().to_string()),
            ("WINEDEBUG", "-all".into()),
            ("WINEDLLOVERRIDES", "mscoree,mshtml=".into()),
            ("DISPLAY", String::new()),
        ]
    }

    /// Runs a Windows program and waits for every process it started (an uninstaller
    /// copies itself away and runs from there).
    fn run(&self, args: &[&str]) -> Result<()> {
        let env = self.env();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let bin = self.bin.to_string_lossy();
        run_in_with_env(self.prefix.parent().unwrap_or(&root()), &bin, args, &env)?;
        let server = self.bin.with_file_name(if self.bin.ends_with("wine64") {
            "wineserver64"
        } else {
            "wineserver"
        });
        let server = if server.exists() {
            server
        } else {
            PathBuf::from("wineserver")
        };
        let status = Command::new(server)
            .arg("-w")
            .envs(env.iter().copied())
            .status()
            .context("waiting for wineserver")?;
        ensure!(status.success(), "wineserver -w failed");
        Ok(())
    }

    /// A registry value as `reg query` prints it, or `None` when the key or value is absent.
    fn reg(&self, key: &str, value: &str) -> Result<Option<String>> {
        let env = self.env();
        let out = Command::new(&self.bin)
            .args(["reg", "query", key, "/v", value])
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .output()
            .context("running wine reg")?;
        if !out.status.success() {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(text
            .lines()
            .find(|l| l.trim_start().starts_with(value))
            .and_then(|l| {
                l.split_whitespace()
                    .skip(2)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into()
            })
            .filter(|v: &String| !v.is_empty()))
    }

    fn drive_c(&self) -> PathBuf {
        self.prefix.join("drive_c")
    }

    /// This Windows user's profile folder.
    fn profile(&self) -> Result<PathBuf> {
        let users = self.drive_c().join("users");
        let user = std::fs::read_dir(&users)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| !p.ends_with("Public"))
            .with_context(|| format!("no user profile in {}", users.display()))?;
        Ok(user)
    }
}

/// Installs an older build, this one over it, uninstalls (keeping the user's data), then
/// installs for all users and uninstalls with /PURGE — checking files and registry each time.
fn wine_check(info: &AppInfo, stage: &Path, installer: &Path) -> Result<()> {
    eprintln!("\nunder wine: install, upgrade, uninstall (the app itself is not started)");
    let older_version = "0.0.1";
    let older = pack(
        info,
        older_version,
        stage,
        &target_dir().join("windows-older"),
    )?;
    let wine = Wine::new(target_dir().join("wine-prefix"))?;
    let profile = wine.profile()?;
    let dir = profile.join("AppData/Local/Programs").join(&info.product);
    let uninstall_key = format!(
        "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{}",
        info.identifier
    );
    let shortcut = profile
        .join("AppData/Roaming/Microsoft/Windows/Start Menu/Programs")
        .join(format!("{}.lnk", info.product));
    let settings = profile
        .join("AppData/Roaming")
        .join(&info.identifier)
        .join("settings.json");

    wine.run(&[&older.to_string_lossy(), "/S"])?;
    for file in [EXE, LOADER, "uninstall.exe"] {
        ensure!(
            dir.join(file).is_file(),
            "{file} is not in {}",
            dir.display()
        );
    }
    ensure!(
        shortcut.is_file(),
        "no Start-menu shortcut at {}",
        shortcut.display()
    );
    ensure!(
        wine.reg(&uninstall_key, "DisplayVersion")?.as_deref() == Some(older_version),
        "Apps & features does not show {older_version} after installing it"
    );
    // What the app keeps for its user, which an upgrade and an uninstall must leave.
    std::fs::create_dir_all(settings.parent().context("settings folder")?)?;
    std::fs::write(&settings, r#"{"device_mode":"shared"}"#)?;
    eprintln!("  installed {older_version} per user: files, shortcut and Apps & features entry");

    wine.run(&[&installer.to_string_lossy(), "/S"])?;
    ensure!(
        wine.reg(&uninstall_key, "DisplayVersion")?.as_deref() == Some(info.version.as_str()),
        "Apps & features does not show {} after the upgrade",
        info.version
    );
    ensure!(
        std::fs::read(dir.join(EXE))? == std::fs::read(stage.join(EXE))?,
        "the upgrade did not replace {EXE}"
    );
    ensure!(settings.is_file(), "the upgrade lost the user's settings");
    for (value, expect) in [
        ("DisplayName", info.product.as_str()),
        ("Publisher", PUBLISHER),
    ] {
        ensure!(
            wine.reg(&uninstall_key, value)?.as_deref() == Some(expect),
            "Apps & features {value} is not {expect}"
        );
    }
    let size = wine
        .reg(&uninstall_key, "EstimatedSize")?
        .unwrap_or_default();
    ensure!(
        size != "0x0" && !size.is_empty(),
        "Apps & features shows no size ({size:?})"
    );
    for value in ["UninstallString", "QuietUninstallString"] {
        ensure!(
            wine.reg(&uninstall_key, value)?
                .is_some_and(|s| s.contains("uninstall.exe")),
            "no {value}"
        );
    }
    ensure!(
        wine.reg(&uninstall_key, "DisplayIcon")?
            .is_some_and(|s| s.contains(EXE)),
        "Apps & features shows no icon"
    );
    eprintln!(
        "  upgraded to {} over it: exe replaced, settings kept",
        info.version
    );

    wine.run(&[&dir.join("uninstall.exe").to_string_lossy(), "/S"])?;
    ensure!(!dir.join(EXE).exists(), "the uninstaller left {EXE}");
    ensure!(!dir.exists(), "the uninstaller left {}", dir.display());
    ensure!(!shortcut.exists(), "the uninstaller left the shortcut");
    ensure!(
        wine.reg(&uninstall_key, "DisplayName")?.is_none(),
        "the uninstaller left the Apps & features entry"
    );
    ensure!(
        settings.is_file(),
        "the uninstaller removed the user's settings unasked"
    );
    eprintln!("  uninstalled: program, shortcut and entry gone, the user's settings kept");

    // IT's way: everyone, Program Files, HKLM; then a purge.
    wine.run(&[&installer.to_string_lossy(), "/S", "/ALLUSERS"])?;
    let machine_dir = wine.drive_c().join("Program Files").join(&info.product);
    let machine_key = uninstall_key.replacen("HKCU", "HKLM", 1);
    ensure!(
        machine_dir.join(EXE).is_file(),
        "/ALLUSERS did not install into {}",
        machine_dir.display()
    );
    ensure!(
        wine.reg(&machine_key, "DisplayVersion")?.as_deref() == Some(info.version.as_str()),
        "/ALLUSERS wrote no machine-wide Apps & features entry"
    );
    ensure!(
        wine.reg(&uninstall_key, "DisplayName")?.is_none(),
        "/ALLUSERS wrote a per-user entry too"
    );
    wine.run(&[
        &machine_dir.join("uninstall.exe").to_string_lossy(),
        "/S",
        "/ALLUSERS",
        "/PURGE",
    ])?;
    ensure!(
        !machine_dir.exists(),
        "the uninstaller left {}",
        machine_dir.display()
    );
    ensure!(
        wine.reg(&machine_key, "DisplayName")?.is_none(),
        "the uninstaller left the machine-wide entry"
    );
    ensure!(!settings.exists(), "/PURGE left the user's settings");
    eprintln!("  for all users into Program Files, then uninstalled with /PURGE: nothing left");
    std::fs::remove_dir_all(&wine.prefix).ok();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::four_part;

    #[test]
    fn windows_versions_have_four_numbers() {
        assert_eq!(four_part("1.2.3").unwrap(), "1.2.3.0");
        assert_eq!(four_part("0.1.0-beta.2").unwrap(), "0.1.0.0");
        assert!(four_part("1.2").is_err());
        assert!(four_part("1.2.70000").is_err(), "each part fits 16 bits");
    }
}
