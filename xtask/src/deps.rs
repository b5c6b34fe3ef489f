//! The dependency audit, offline (advisory databases cannot be fetched here, RECIPES.md):
//! from `cargo metadata`, every crate the desktop app is built from with its licence.
//! Fails on a copyleft-only licence in the app, on a crate without a licence, and on two
//! major versions of tokio, hyper, reqwest or zbus in the app. `cargo xtask deps` also writes
//! the list to `docs/dependencies.md`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::root;

/// The crate whose build is audited: what users install.
const APP: &str = "dealer-access";
/// Crates that must not come in two major versions. zbus (the keychain's and the
/// notifications' D-Bus) came twice once, 0.3 MiB of the app, when notify-rust moved on
/// before secret-service (issue 18; Cargo.lock holds notify-rust at 4.18).
const SINGLE_MAJOR: &[&str] = &["tokio", "hyper", "reqwest", "zbus"];

#[derive(Debug, Clone)]
pub struct Crate {
    pub name: String,
    pub version: String,
    pub license: Option<String>,
}

/// Strong copyleft (GPL family, EUPL) unless some `OR` alternative is free of it. These
/// would bind the whole app.
pub fn copyleft_only(license: &str) -> bool {
    only(license, &["GPL", "EUPL", "OSL"])
}

/// File-level ("weak") copyleft only (MPL, EPL, CDDL): usable unmodified in a closed app,
/// with the licence and source offer kept for those files. Listed, not refused.
pub fn weak_copyleft_only(license: &str) -> bool {
    only(license, &["MPL", "EPL", "CDDL"])
}

fn only(license: &str, families: &[&str]) -> bool {
    let within = |part: &str| {
        let part = part.to_ascii_uppercase();
        families.iter().any(|c| part.contains(c))
    };
    license
        .replace(['(', ')'], " ")
        .split(" OR ")
        .map(str::trim)
        .all(within)
}

/// `1.47.0` → `1`; `0.13.5` → `0.13` (for 0.x the minor is the major).
fn major(version: &str) -> String {
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_owned(),
        _ => version.to_owned(),
    }
}

fn metadata() -> Result<Value> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root())
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    serde_json::from_slice(&out.stdout).context("reading cargo metadata")
}

/// Every crate the app is built from (normal and build dependencies, not dev), by name.
pub fn app_crates() -> Result<Vec<Crate>> {
    let meta = metadata()?;
    let packages = meta["packages"].as_array().context("no packages")?;
    let by_id: HashMap<&str, &Value> = packages
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes = meta["resolve"]["nodes"].as_array().context("no resolve")?;
    let deps_of: HashMap<&str, Vec<&str>> = nodes
        .iter()
        .filter_map(|n| {
            let deps = n["deps"]
                .as_array()?
                .iter()
                .filter(|d| {
                    d["dep_kinds"].as_array().is_some_and(|kinds| {
                        kinds.iter().any(|k| k["kind"].as_str() != Some("dev"))
                    })
                })
                .filter_map(|d| d["pkg"].as_str())
                .collect();
            Some((n["id"].as_str()?, deps))
        })
        .collect();
    let app = packages
        .iter()
        .find(|p| p["name"] == APP)
        .and_then(|p| p["id"].as_str())
        .context("dealer-access is not in the workspace")?;
    let mut seen = BTreeSet::new();
    let mut todo = vec![app];
    while let Some(id) = todo.pop() {
        if seen.insert(id) {
            todo.extend(deps_of.get(id).into_iter().flatten().copied());
        }
    }
    let mut crates: Vec<Crate> = seen
        .into_iter()
        .filter_map(|id| by_id.get(id))
        .map(|p| Crate {
            name: p["name"].as_str().unwrap_or_default().to_owned(),
            version: p["version"].as_str().unwrap_or_default().to_owned(),
            license: p["license"].as_str().map(str::to_owned),
        })
        .collect();
    crates.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    Ok(crates)
}

/// The problems of an app's crate list, one line each.
pub fn problems(crates: &[Crate]) -> Vec<String> {
    let mut problems = Vec::new();
    for c in crates {
        // Our own crates carry the workspace licence.
        match &c.license {
            None => problems.push(format!("{} {} declares no licence", c.name, c.version)),
            Some(l) if copyleft_only(l) => {
                problems.push(format!("{} {} is copyleft only ({l})", c.name, c.version));
            }
            Some(_) => {}
        }
    }
    let mut majors: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for c in crates
        .iter()
        .filter(|c| SINGLE_MAJOR.contains(&c.name.as_str()))
    {
        majors.entry(&c.name).or_default().insert(major(&c.version));
    }
    for (name, versions) in majors {
        if versions.len() > 1 {
            problems.push(format!(
                "{name} comes in {} major versions: {}",
                versions.len(),
                versions.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    problems
}

/// The `cargo xtask test` step.
/// One TLS crypto provider in the app as it is built (aws-lc-rs), on every target: a second
/// one (ring, which the updater's own TLS feature would bring) is code to audit twice, and a
/// process where which one serves a connection depends on who installed theirs first.
/// `cargo tree` resolves features per package as a build does; `cargo metadata` unifies
/// them across the workspace's test-only dependencies too.
fn second_crypto_provider() -> Result<Option<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--locked",
            "-p",
            "dealer-access",
            "-e",
            "normal",
            "--target",
            "all",
            "-i",
            "ring",
        ])
        .current_dir(root())
        .output()
        .context("running cargo tree")?;
    let tree = String::from_utf8_lossy(&out.stdout);
    Ok((out.status.success() && !tree.trim().is_empty()).then(|| {
        format!(
            "ring is in the app beside aws-lc-rs (turn off the TLS feature that brings it):\n{tree}"
        )
    }))
}

pub fn check() -> Result<()> {
    let crates = app_crates()?;
    let mut problems = problems(&crates);
    problems.extend(second_crypto_provider()?);
    let weak: Vec<String> = crates
        .iter()
        .filter(|c| c.license.as_deref().is_some_and(weak_copyleft_only))
        .map(|c| format!("{} {}", c.name, c.version))
        .collect();
    eprintln!(
        "dependency audit: {} crates in the app; file-level copyleft (kept unmodified): {}",
        crates.len(),
        if weak.is_empty() {
            "none".into()
        } else {
            weak.join(", ")
        }
    );
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// `cargo xtask deps`: the check, and the list in `docs/dependencies.md`.
pub fn write_list() -> Result<()> {
    let crates = app_crates()?;
    let mut by_license: BTreeMap<String, usize> = BTreeMap::new();
    for c in &crates {
        *by_license
            .entry(c.license.clone().unwrap_or_else(|| "(none)".into()))
            .or_default() += 1;
    }
    let mut text = format!(
        "# Dependencies of the desktop app\n\nGenerated by `cargo xtask deps` from `cargo \
         metadata` (normal and build dependencies of `{APP}`, every target). {} crates. \
         `cargo xtask test` fails on a strong-copyleft-only licence (GPL family), a crate \
         without a licence, or two major versions of {}. File-level copyleft (MPL) crates \
         are used unmodified.\n\n## By licence\n\n| licence | crates |\n| --- | --- |\n",
        crates.len(),
        SINGLE_MAJOR.join(", ")
    );
    for (license, n) in &by_license {
        text.push_str(&format!("| {license} | {n} |\n"));
    }
    text.push_str("\n## Every crate\n\n| crate | version | licence |\n| --- | --- | --- |\n");
    for c in &crates {
        text.push_str(&format!(
            "| {} | {} | {} |\n",
            c.name,
            c.version,
            c.license.as_deref().unwrap_or("(none)")
        ));
    }
    let path = root().join("docs/dependencies.md");
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    check()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_licence_is_copyleft_only_when_no_alternative_is_free() {
        assert!(copyleft_only("GPL-3.0"));
        assert!(copyleft_only("LGPL-2.1-or-later"));
        assert!(!copyleft_only("MIT OR Apache-2.0"));
        assert!(!copyleft_only("LGPL-2.1 OR MIT"), "MIT may be chosen");
        assert!(!copyleft_only("(MIT OR Apache-2.0) AND Unicode-3.0"));
        assert!(!copyleft_only("MPL-2.0") && weak_copyleft_only("MPL-2.0"));
    }

    #[test]
    fn two_majors_of_tokio_are_a_problem_and_one_is_not() {
        let krate = |name: &str, version: &str| Crate {
            name: name.into(),
            version: version.into(),
            license: Some("MIT".into()),
        };
        assert!(problems(&[krate("tokio", "1.40.0"), krate("tokio", "1.47.1")]).is_empty());
        assert_eq!(
            problems(&[krate("reqwest", "0.12.1"), krate("reqwest", "0.13.5")]).len(),
            1
        );
        assert_eq!(major("0.13.5"), "0.13");
        assert_eq!(
            problems(&[krate("zbus", "5.19.0"), krate("zbus", "6.2.1")]).len(),
            1,
            "two D-Bus stacks in the app"
        );
    }
}
