//! `cargo xtask run | test`: the two commands a newcomer needs, the same on every machine.
//!
//! - `test`: everything CI checks — formatting, lints, the Rust tests, the UI checks and
//!   tests (component tests, then Playwright with axe in Chromium) — after installing what
//!   is missing where it can. Prints one summary table.
//! - `run`: installs what is missing, builds the UI and opens the app.

mod bundle;
mod cross;
mod deps;
mod postgres;
mod steps;
mod system;
mod windows;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use steps::{Outcome, Report, cargo, run_in};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run     install what is missing, build, and open the Dealer Access app
  test    format check, lints, every test; prints a summary table
  bundle  build the Linux installer (.deb) with tauri-cli and print its size;
          --target windows: the Windows installer (cross-compiled, NSIS), tried under
          wine (install, upgrade, uninstall), its path printed last
  deps    audit the app's dependencies and list them in docs/dependencies.md
  bench   measure the portal against raw argon2 and raw SQL, and the app against a bare
          Tauri window; writes BENCHMARKS.md (extra arguments go to the bench, e.g.
          --dealers 1000 for a quick run, --skip-portal for the desktop rows only)
  soak    200 clients against the release portal for 60 s (SQLite, and PostgreSQL when
          one can be started): fails on unexpected errors or unbounded memory; about
          5 minutes after the build; the Load section of BENCHMARKS.md
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("run") => run(),
        Some("bundle") => match &args[1..] {
            [] => bundle::bundle(),
            [flag, target] if flag == "--target" && target == "windows" => windows::bundle(),
            [flag, target] if flag == "--target" && target == "linux" => bundle::bundle(),
            other => Err(anyhow::anyhow!(
                "bundle takes --target windows or --target linux, not {other:?}"
            )),
        },
        Some("deps") => deps::write_list(),
        Some("bench") => bench(&args[1..]),
        Some("soak") => soak(&args[1..]),
        Some("-h" | "--help" | "help") => {
            eprint!("{USAGE}");
            Ok(())
        }
        other => {
            eprint!("{USAGE}");
            if let Some(cmd) = other {
                eprintln!("\nunknown command {cmd:?}");
            }
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the nearest folder, from where `cargo xtask` was started upwards,
/// whose Cargo.toml declares a workspace with xtask in it. Not the folder this binary was
/// built in: checkouts sharing one target folder share one `target/debug/xtask`, and it
/// must work on the checkout it is run in.
pub fn root() -> PathBuf {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let built_in = || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .expect("xtask sits inside the workspace")
                .to_path_buf()
        };
        let Ok(here) = std::env::current_dir() else {
            return built_in();
        };
        here.ancestors()
            .find(|dir| {
                std::fs::read_to_string(dir.join("Cargo.toml"))
                    .is_ok_and(|toml| toml.contains("[workspace]") && toml.contains("\"xtask\""))
            })
            .map_or_else(built_in, Path::to_path_buf)
    })
    .clone()
}

pub fn ui_dir() -> PathBuf {
    root().join("ui")
}

/// `npm ci` when node_modules is missing or older than the lock file.
fn ensure_ui_deps() -> Result<()> {
    let ui = ui_dir();
    let lock = ui.join("package-lock.json");
    let marker = ui.join("node_modules/.package-lock.json");
    let stale = match (marker.metadata(), lock.metadata()) {
        (Ok(m), Ok(l)) => m.modified()? < l.modified()?,
        _ => true,
    };
    if stale {
        run_in(&ui, "npm", &["ci", "--no-audit", "--no-fund"])
            .context("installing the UI's npm packages")?;
    }
    Ok(())
}

pub fn build_ui() -> Result<()> {
    ensure_ui_deps()?;
    run_in(&ui_dir(), "npm", &["run", "build"]).context("building the UI (ui/dist)")
}

fn test() -> Result<()> {
    let mut report = Report::default();
    system::ensure_packages()?;

    // The app crate embeds ui/dist at compile time, so the UI is built before clippy.
    report.step("ui: npm ci + build", build_ui);
    report.step("ui: svelte-check (types)", || {
        run_in(&ui_dir(), "npm", &["run", "check"])
    });
    report.step("ui: vitest", || run_in(&ui_dir(), "npm", &["test"]));
    ui_playwright(&mut report);
    report.step("cargo fmt --check", || cargo(&["fmt", "--all", "--check"]));
    report.step("cargo clippy -D warnings", || {
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ])
    });
    report.step("cargo test (workspace, SQLite)", || {
        cargo(&["test", "--workspace", "--locked"])
    });
    report.step(
        "cargo clippy + routes test (portal as the app builds it: no OpenAPI document)",
        portal_without_document,
    );
    report.step(
        "ui: TypeScript bindings up to date (ts-rs)",
        bindings_unchanged,
    );
    postgres_suite(&mut report);
    cross::checks(&mut report);
    // The Windows installer, built here and tried under wine: a cold build of the app for
    // Windows adds about 7 minutes, a warm one about 3 (RECIPES.md, issue 19).
    report.step(
        "windows: installer built, installed, upgraded, uninstalled under wine",
        windows::test_step,
    );
    report.step("deps: licences and single majors (offline)", deps::check);
    report.step("app: keychain tests (real Secret Service)", keychain_tests);
    report.step("e2e: the real app window over WebDriver", e2e);

    report.print();
    if report.any(Outcome::is_failure) {
        bail!("some checks failed (see the table above)");
    }
    Ok(())
}

/// `cargo test` rewrote `ui/src/bindings` from the Rust types (ts-rs); they must be what is
/// committed, or the UI was checked against stale types.
fn bindings_unchanged() -> Result<()> {
    let out = std::process::Command::new("git")
        .args(["status", "--porcelain", "--", "ui/src/bindings"])
        .current_dir(root())
        .output()
        .context("running git status")?;
    if !out.status.success() {
        bail!("git status failed");
    }
    let changed = String::from_utf8_lossy(&out.stdout);
    if !changed.trim().is_empty() {
        bail!(
            "the generated TypeScript bindings differ from the committed ones; commit \
             ui/src/bindings:\n{changed}"
        );
    }
    Ok(())
}

/// The portal's PostgreSQL half: every test marked `#[ignore]` in dealer-portal is the
/// PostgreSQL twin of a SQLite test (the store conformance suite and the route journeys),
/// or a deployment test (nginx, systemd, pg_dump). The deployment tests run the release
/// `dealer-portal`, as an operator installs it, built here first.
fn postgres_suite(report: &mut Report) {
    const RELEASE: &str = "cargo build (release portal, for the deployment tests)";
    report.step(RELEASE, || {
        cargo(&[
            "build",
            "--release",
            "--locked",
            "-p",
            "dealer-portal",
            "--bin",
            "dealer-portal",
        ])
    });
    let release = target_dir().join("release/dealer-portal");
    let release = release.to_string_lossy().into_owned();
    const NAME: &str = "cargo test (portal, PostgreSQL)";
    let server = match postgres::start() {
        Ok(server) => server,
        Err(why) if cfg!(target_os = "linux") => {
            report.step(NAME, || Err(why.context("starting the test PostgreSQL")));
            return;
        }
        Err(why) => {
            let reason = format!("no PostgreSQL: set {} ({why:#})", postgres::URL_VAR);
            report.skip(NAME, &reason);
            return;
        }
    };
    report.step(NAME, || {
        steps::cargo_with_env(
            &["test", "--locked", "-p", "dealer-portal", "--", "--ignored"],
            &[
                (postgres::URL_VAR, &server.url),
                ("DEALER_PORTAL_RELEASE_BIN", &release),
            ],
        )
    });
}

/// The UI's Playwright tests (every screen, axe, screenshots in docs/screenshots) in the
/// system's Chromium: Playwright's own browsers are never downloaded (RECIPES.md).
fn ui_playwright(report: &mut Report) {
    const NAME: &str = "ui: Playwright + axe (Chromium)";
    let chromium = std::env::var_os("CHROMIUM_PATH")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.exists() {
        let why = format!(
            "no Chromium at {}: install it or set CHROMIUM_PATH",
            chromium.display()
        );
        // On Linux ensure_packages installed it, so its absence is a failure.
        if cfg!(target_os = "linux") {
            report.step(NAME, || bail!(why));
        } else {
            report.skip(NAME, &why);
        }
        return;
    }
    let chromium = chromium.to_string_lossy().into_owned();
    report.step(NAME, || {
        steps::run_in_with_env(
            &ui_dir(),
            "npm",
            &["run", "e2e"],
            &[
                ("CHROMIUM_PATH", &chromium),
                ("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
                // A fresh build and preview server every time, never one left running.
                ("CI", "1"),
            ],
        )
    });
}

/// Where cargo puts builds (`CARGO_TARGET_DIR` or `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// The desktop app builds its portal without the `openapi` feature (src/routes/router.rs
/// then registers the same routes without the document): lint that build and check that it
/// serves every path of the contract.
fn portal_without_document() -> Result<()> {
    const FEATURES: &[&str] = &[
        "-p",
        "dealer-portal",
        "--no-default-features",
        "--features",
        "postgres,mail-tls,https",
    ];
    let with = |args: &[&str], tail: &[&str]| {
        let all: Vec<&str> = args.iter().chain(FEATURES).chain(tail).copied().collect();
        cargo(&all)
    };
    with(&["clippy", "--locked"], &["--lib", "--", "-D", "warnings"])?;
    with(&["test", "--locked"], &["--test", "it", "routes::"])
}

/// The keychain tests talk to the real Secret Service: run them in a D-Bus session of
/// their own with an unlocked gnome-keyring (RECIPES.md).
fn keychain_tests() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let script = format!(
        "echo -n xtask-keyring-pass | gnome-keyring-daemon --unlock --components=secrets > /dev/null && \
         '{cargo}' test --locked -p dealer-access --lib keychain -- --ignored"
    );
    run_in(&root(), "dbus-run-session", &["--", "bash", "-c", &script])
}

/// The real app under Xvfb, driven through tauri-driver + WebKitWebDriver.
fn e2e() -> Result<()> {
    system::ensure_tauri_driver()?;
    let e2e = root().join("tests/e2e");
    let marker = e2e.join("node_modules/.package-lock.json");
    if !marker.exists() {
        run_in(&e2e, "npm", &["ci", "--no-audit", "--no-fund"])?;
    }
    // Built apart: together, cargo would give the app's built-in portal the server's
    // features (the OpenAPI document, PostgreSQL, HTTPS); the journeys drive the app as it
    // ships.
    cargo(&["build", "--locked", "-p", "dealer-access"])?;
    cargo(&["build", "--locked", "-p", "dealer-portal", "--bins"])?;
    let target = target_dir().join("debug");
    let shots = target_dir().join("e2e-screenshots");
    run_in(
        &e2e,
        "bash",
        &[
            "run.sh",
            &target.join("dealer-access").to_string_lossy(),
            &shots.to_string_lossy(),
        ],
    )?;
    eprintln!("screenshots: {}", shots.display());
    Ok(())
}

/// `cargo xtask bench [args]`: the portal on SQLite and on a throwaway PostgreSQL (when one
/// can be started), and the app's start, memory and size against a bare Tauri window, all
/// in release mode and one run; the report goes to BENCHMARKS.md.
fn bench(extra: &[String]) -> Result<()> {
    system::ensure_packages()?;
    build_ui()?;
    // One build each: built together, cargo would unify their features (the bench's
    // PostgreSQL driver into the app, the app's Tauri features into the bare window), and
    // neither binary would be what ships. The bare window is built like the app (the
    // desktop profile), so the desktop rows compare like with like.
    cargo(&["build", "--release", "--locked", "-p", "dealer-bench"])?;
    cargo(&[
        "build",
        "--profile",
        bundle::DESKTOP_PROFILE,
        "--locked",
        "-p",
        "bare-window",
    ])?;
    // The app as it ships: tauri-cli builds it and packages the deb, whose size the report
    // gives too.
    let deb = bundle::build_deb()?.to_string_lossy().into_owned();
    let server = postgres::start();
    let built = |profile: &str, name: &str| {
        target_dir()
            .join(profile)
            .join(name)
            .to_string_lossy()
            .into_owned()
    };
    let (bench, app, bare) = (
        built("release", "dealer-bench"),
        built(bundle::DESKTOP_PROFILE, "dealer-access"),
        built(bundle::DESKTOP_PROFILE, "bare-window"),
    );
    let out = root().join("BENCHMARKS.md").to_string_lossy().into_owned();
    let command = std::iter::once("cargo xtask bench".to_owned())
        .chain(extra.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    // The windows need a display and (for the app's single-instance check) a D-Bus session.
    let mut args: Vec<&str> = vec![
        "--",
        "xvfb-run",
        "-a",
        "-s",
        "-screen 0 1280x800x24",
        &bench,
        "--out",
        &out,
        "--command",
        &command,
        "--app",
        &app,
        "--bare",
        &bare,
        "--deb",
        &deb,
    ];
    match &server {
        Ok(server) => args.extend(["--postgres", server.url.as_str()]),
        Err(why) => eprintln!("bench: no PostgreSQL ({why:#}); SQLite only"),
    }
    args.extend(extra.iter().map(String::as_str));
    run_in(&root(), "dbus-run-session", &args)
}

/// `cargo xtask soak [args]`: the load test (crates/bench/src/load.rs) against the release
/// portal binary; its report replaces the "Load" section of BENCHMARKS.md.
fn soak(extra: &[String]) -> Result<()> {
    system::ensure_packages()?;
    cargo(&[
        "build",
        "--release",
        "--locked",
        "-p",
        "dealer-bench",
        "-p",
        "dealer-portal",
        "--bins",
    ])?;
    let server = postgres::start();
    let release = target_dir().join("release");
    let load = release.join("dealer-load").to_string_lossy().into_owned();
    let portal = release.join("dealer-portal").to_string_lossy().into_owned();
    let out = root().join("BENCHMARKS.md").to_string_lossy().into_owned();
    let mut args: Vec<&str> = vec!["--portal", &portal, "--out", &out];
    match &server {
        Ok(server) => args.extend(["--postgres", server.url.as_str()]),
        Err(why) => eprintln!("soak: no PostgreSQL ({why:#}); SQLite only"),
    }
    args.extend(extra.iter().map(String::as_str));
    run_in(&root(), &load, &args)
}

fn run() -> Result<()> {
    system::ensure_packages()?;
    build_ui()?;
    cargo(&["run", "--package", "dealer-access", "--locked"])
}
