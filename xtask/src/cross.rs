//! The Windows and macOS type checks from Linux: `cargo check -p dealer-access` for
//! `x86_64-pc-windows-msvc` and `aarch64-apple-darwin`, so code behind `cfg(windows)` and
//! `cfg(target_os = "macos")` (the keychain stores above all) is compiled on every change.
//!
//! Nothing is linked, so the C parts that cannot be built for those targets here are left
//! out: `--no-default-features` drops the TLS provider (aws-lc-rs) of the client and of
//! the embedded portal's mail, and bundled SQLite is pointed at a library that is never
//! linked instead of being compiled (RECIPES.md, "Windows and macOS cross checks").

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::steps::{Report, cargo_with_env};

/// Environment variables as (name, value).
type Env = &'static [(&'static str, &'static str)];

/// The targets and the environment each needs.
const TARGETS: &[(&str, &str, Env)] = &[
    ("Windows", "x86_64-pc-windows-msvc", &[]),
    (
        "macOS",
        "aarch64-apple-darwin",
        // gcc does not know `-arch` (objc2-exception-helper); clang does.
        &[("CC_aarch64_apple_darwin", "clang")],
    ),
];

fn installed_targets() -> Result<String> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("running rustup")?;
    if !out.status.success() {
        bail!("rustup target list failed");
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Install `target` if it is missing; why not, when that fails.
pub fn ensure_target(target: &str) -> Result<(), String> {
    match installed_targets() {
        Ok(list) if list.lines().any(|l| l.trim() == target) => return Ok(()),
        Ok(_) => {}
        Err(e) => return Err(format!("{e:#}")),
    }
    let status = Command::new("rustup")
        .args(["target", "add", target])
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`rustup target add {target}` failed (offline?)"))
    }
}

pub fn checks(report: &mut Report) {
    for (os, target, extra) in TARGETS {
        let name = format!("app: cargo check for {os} ({target})");
        if let Err(why) = ensure_target(target) {
            report.skip(&name, &why);
            continue;
        }
        let mut env: Vec<(&str, &str)> = vec![
            // Bundled SQLite would be compiled for the target; a check links nothing, so
            // it is told where a library would be instead.
            ("LIBSQLITE3_SYS_USE_PKG_CONFIG", "1"),
            ("SQLITE3_LIB_DIR", "/nonexistent-check-only"),
        ];
        env.extend_from_slice(extra);
        report.step(&name, || {
            cargo_with_env(
                &[
                    "check",
                    "--locked",
                    "-p",
                    "dealer-access",
                    "--no-default-features",
                    "--target",
                    target,
                ],
                &env,
            )
        });
    }
}
