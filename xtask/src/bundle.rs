//! `cargo xtask bundle`: the installable Linux package (deb), built by tauri-cli from npm
//! (RECIPES.md: `@tauri-apps/cli` in ui/, never compiled with cargo install), and its
//! size. Windows (msi, nsis) and macOS (dmg, app) bundles are configured in
//! `src-tauri/tauri.conf.json` and are built on those systems with the same command.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::steps::run_in;
use crate::{build_ui, root, system, target_dir, ui_dir};

/// The Cargo profile the desktop app ships with (the workspace's `[profile.desktop]`: built
/// for size); its output folder under the target folder has the same name.
pub const DESKTOP_PROFILE: &str = "desktop";

fn tauri_cli() -> PathBuf {
    ui_dir().join("node_modules/.bin/tauri")
}

fn debs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "deb"))
                .collect()
        })
        .unwrap_or_default()
}

pub fn mib(bytes: u64) -> String {
    // Sizes fit f64 exactly far beyond any package.
    #[expect(clippy::cast_precision_loss, reason = "a size for people, one decimal")]
    let mib = bytes as f64 / (1024.0 * 1024.0);
    format!("{mib:.1} MiB")
}

/// The app built with the desktop profile and packaged as a deb by tauri-cli: the
/// package's path.
pub fn build_deb() -> Result<PathBuf> {
    system::ensure_packages()?;
    build_ui()?;
    let cli = tauri_cli();
    if !cli.exists() {
        bail!("{} is missing: run npm ci in ui/", cli.display());
    }
    let out = target_dir().join(DESKTOP_PROFILE).join("bundle/deb");
    for old in debs(&out) {
        std::fs::remove_file(&old).with_context(|| format!("removing {}", old.display()))?;
    }
    run_in(
        &root(),
        &cli.to_string_lossy(),
        &[
            "build",
            "--bundles",
            "deb",
            "--ci",
            "--",
            "--profile",
            DESKTOP_PROFILE,
        ],
    )?;
    let built = debs(&out);
    let Some(deb) = built.first() else {
        bail!("tauri build finished but no .deb is in {}", out.display());
    };
    Ok(deb.clone())
}

pub fn bundle() -> Result<()> {
    let deb = build_deb()?;
    let size = std::fs::metadata(&deb)?.len();
    let binary = target_dir().join(DESKTOP_PROFILE).join("dealer-access");
    let binary_size = std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0);
    eprintln!("\n{}", deb.display());
    eprintln!("  package: {} ({size} bytes)", mib(size));
    eprintln!(
        "  app binary inside: {} ({binary_size} bytes)",
        mib(binary_size)
    );
    Ok(())
}
