//! The desktop rows: the app's cold start and idle memory against a bare Tauri window built
//! in the same workspace with the same profile (the desktop one, as the app ships), started
//! the same way, alternately, in the same run (under Xvfb and a D-Bus session of their own,
//! which `cargo xtask bench` provides).
//!
//! *Cold start* is the time from spawning the process to its page having loaded (both
//! print `page loaded` from Tauri's page-load hook; the first paint follows it). Each start
//! gets fresh, empty data and config folders, as on a first run: the app also starts its
//! embedded portal (SQLite, migrations) on the way. *Idle memory* is the proportional set
//! size (PSS) of the process and every process it started (the WebKit web and network
//! processes), 3 s after the page loaded, so pages shared between them count once.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// How long a start may take before the run is called failed.
const START_TIMEOUT: Duration = Duration::from_secs(90);
/// How long the window sits idle before its memory is read.
const SETTLE: Duration = Duration::from_secs(3);

/// One start of one binary.
#[derive(Debug, Clone, Copy)]
pub struct Start {
    pub loaded: Duration,
    pub pss_kib: u64,
}

/// Starts `binary` with empty folders, waits for its page to load, reads its memory, stops it.
pub fn cold_start(binary: &Path) -> Result<Start> {
    let home = tempfile::tempdir()?;
    let dir = |name: &str| -> Result<std::path::PathBuf> {
        let path = home.path().join(name);
        std::fs::create_dir_all(&path)?;
        Ok(path)
    };
    let mut command = Command::new(binary);
    command
        .env("XDG_DATA_HOME", dir("data")?)
        .env("XDG_CONFIG_HOME", dir("config")?)
        .env("XDG_CACHE_HOME", dir("cache")?)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let (tx, rx) = mpsc::channel();
    watch(child.stdout.take(), tx.clone());
    watch(child.stderr.take(), tx);
    let result = wait_loaded(&rx, started).map(|loaded| {
        std::thread::sleep(SETTLE);
        let pss_kib = tree(child.id()).iter().map(|&pid| pss_kib(pid)).sum();
        Start { loaded, pss_kib }
    });
    stop(&mut child);
    result.with_context(|| format!("{} did not load its page", binary.display()))
}

/// Sends every line the stream prints, until it closes.
fn watch(stream: Option<impl Read + Send + 'static>, tx: mpsc::Sender<String>) {
    if let Some(stream) = stream {
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
}

fn wait_loaded(rx: &mpsc::Receiver<String>, started: Instant) -> Result<Duration> {
    let mut seen = Vec::new();
    loop {
        let left = START_TIMEOUT.saturating_sub(started.elapsed());
        match rx.recv_timeout(left) {
            Ok(line) if line.contains("page loaded") => return Ok(started.elapsed()),
            Ok(line) => seen.push(line),
            Err(_) => {
                let tail = seen[seen.len().saturating_sub(20)..].join("\n");
                bail!("no `page loaded` within {START_TIMEOUT:?}; it printed:\n{tail}")
            }
        }
    }
}

/// The process and all its descendants, from /proc.
fn tree(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, parent(pid)?)))
        .collect();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let pid = found[i];
        found.extend(parents.iter().filter(|(_, p)| *p == pid).map(|(c, _)| *c));
        i += 1;
    }
    found
}

fn parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: fields follow the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// Ends the process and whatever it started (WebKit's helpers exit with their parent, but
/// a stray one must not skew the next start).
fn stop(child: &mut Child) {
    let pids = tree(child.id());
    for pid in pids.iter().rev() {
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.wait();
}

/// Medians of `runs` alternating starts of the app and the baseline.
pub fn compare(app: &Path, bare: &Path, runs: usize) -> Result<(Vec<Start>, Vec<Start>)> {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    // One unmeasured start each first: the page cache then holds both binaries and WebKit.
    cold_start(bare)?;
    cold_start(app)?;
    for i in 0..runs {
        eprintln!("app start {}/{runs}", i + 1);
        b.push(cold_start(bare)?);
        a.push(cold_start(app)?);
    }
    Ok((a, b))
}

pub fn median<T: Copy + Ord>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values[values.len() / 2]
}
