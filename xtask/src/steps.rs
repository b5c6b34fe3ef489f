//! Running commands and keeping score for the summary table.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::root;

/// Run a program in a folder, streaming its output; fail with its exit status.
pub fn run_in(dir: &Path, program: &str, args: &[&str]) -> Result<()> {
    run_in_with_env(dir, program, args, &[])
}

pub fn run_in_with_env(
    dir: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<()> {
    eprintln!("\n$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .status()
        .with_context(|| format!("could not start {program}: is it installed and on PATH?"))?;
    if !status.success() {
        bail!("{program} {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Run the same cargo that runs xtask, at the workspace root.
pub fn cargo(args: &[&str]) -> Result<()> {
    cargo_with_env(args, &[])
}

pub fn cargo_with_env(args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run_in_with_env(&root(), &cargo, args, env)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

impl Outcome {
    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_))
    }
}

#[derive(Debug, Default)]
pub struct Report {
    rows: Vec<(String, Outcome, Duration)>,
}

impl Report {
    /// Run one step and record how it went; later steps still run after a failure so the
    /// table shows everything at once.
    pub fn step(&mut self, name: &str, f: impl FnOnce() -> Result<()>) {
        let started = Instant::now();
        let outcome = match f() {
            Ok(()) => Outcome::Passed,
            Err(err) => Outcome::Failed(format!("{err:#}")),
        };
        self.rows
            .push((name.to_owned(), outcome, started.elapsed()));
    }

    pub fn skip(&mut self, name: &str, reason: &str) {
        self.rows.push((
            name.to_owned(),
            Outcome::Skipped(reason.to_owned()),
            Duration::ZERO,
        ));
    }

    pub fn any(&self, pred: impl Fn(&Outcome) -> bool) -> bool {
        self.rows.iter().any(|(_, o, _)| pred(o))
    }

    pub fn print(&self) {
        let width = self
            .rows
            .iter()
            .map(|(n, _, _)| n.len())
            .max()
            .unwrap_or(4)
            .max(4);
        eprintln!("\n{:width$}  {:7}  {:>7}  detail", "step", "result", "time");
        eprintln!("{}", "-".repeat(width + 30));
        for (name, outcome, took) in &self.rows {
            let (result, detail) = match outcome {
                Outcome::Passed => ("passed", String::new()),
                Outcome::Failed(why) => ("FAILED", why.clone()),
                Outcome::Skipped(why) => ("skipped", why.clone()),
            };
            eprintln!(
                "{name:width$}  {result:7}  {:>6.0}s  {detail}",
                took.as_secs_f64()
            );
        }
        let count = |p: fn(&Outcome) -> bool| self.rows.iter().filter(|(_, o, _)| p(o)).count();
        eprintln!(
            "\n{} passed, {} failed, {} skipped",
            count(|o| *o == Outcome::Passed),
            count(Outcome::is_failure),
            count(|o| matches!(o, Outcome::Skipped(_))),
        );
    }
}
