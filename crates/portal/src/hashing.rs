//! argon2id hashing of passwords and challenge answers on a bounded blocking pool.
//!
//! One argon2id hash at policy cost takes tens of milliseconds of CPU and 19 MiB of
//! memory, so hashing never runs on the async runtime's threads and never queues without
//! bound: a [`Hasher`] runs at most `workers` hashes at once, lets at most `queue` more
//! callers wait for a worker, and refuses everything beyond that with
//! [`HashError::Busy`] (503 + `Retry-After` at the HTTP layer).
//!
//! Each running hash works in a 19 MiB buffer taken from the pool's own [`Memory`]: one
//! per worker, allocated once, wiped after every hash and reused. Letting argon2 allocate
//! its own memory per hash looked bounded but was not: glibc's allocator kept the freed
//! 19 MiB blocks, and the portal's resident memory reached 1 GiB under 50 concurrent
//! sign-ins (`cargo xtask soak`). With the pool's buffers memory stays at
//! `workers × 19 MiB` plus `workers + queue` small waiting futures.
//!
//! Secrets are taken as `&str`, copied once into a [`Zeroizing`] buffer that moves into the
//! blocking task and is wiped when it ends; they are never logged, stored or put in an
//! error.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, KeyId, Params, ParamsBuilder, PasswordHash, Version};
use tokio::sync::Semaphore;
use zeroize::{Zeroize, Zeroizing};

use crate::pepper::{Pepper, Peppers};

/// Policy memory cost in KiB (OWASP / ASVS argon2id: 19 MiB).
pub const M_COST_KIB: u32 = 19_456;
/// Policy number of passes.
pub const T_COST: u32 = 2;
/// Policy degree of parallelism.
pub const P_COST: u32 = 1;

/// Stored hashes costlier than this are refused rather than verified: a tampered or
/// foreign hash must not make one verification allocate gigabytes or run for minutes.
const MAX_VERIFY_M_COST_KIB: u32 = 256 * 1024;
const MAX_VERIFY_T_COST: u32 = 16;
const MAX_VERIFY_P_COST: u32 = 16;

/// Callers allowed to wait per worker by [`Hasher::default`]: at a few tens of
/// milliseconds per hash that is well under a second of waiting.
const DEFAULT_QUEUE_PER_WORKER: usize = 32;

/// What an HTTP layer should put in `Retry-After` when the pool is [`HashError::Busy`].
pub const BUSY_RETRY_AFTER: Duration = Duration::from_secs(1);

/// Why hashing or verification did not produce an answer. Never carries a secret.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every worker is busy and the waiting line is full: try again shortly.
    #[error("the password hashing pool is busy")]
    Busy,
    /// The stored hash is not an argon2 PHC string this portal can verify (malformed,
    /// another algorithm, or parameters beyond the allowed cost).
    #[error("the stored password hash is invalid or unsupported")]
    InvalidHash,
    /// The stored hash was made with a pepper this portal is not configured with.
    #[error("the stored hash needs pepper {0:?}, which DEALER_PASSWORD_PEPPER does not have")]
    UnknownPepper(String),
    /// The hash function or its worker failed (for example the OS random source).
    #[error("password hashing failed: {0}")]
    Internal(String),
}

impl HashError {
    /// How long a refused caller should wait before retrying, when retrying can help.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            HashError::Busy => Some(BUSY_RETRY_AFTER),
            HashError::InvalidHash | HashError::UnknownPepper(_) | HashError::Internal(_) => None,
        }
    }
}

/// The outcome of checking a secret against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verification {
    /// The secret matches the stored hash.
    pub ok: bool,
    /// The secret matched and the stored hash is weaker than policy (or not argon2id):
    /// the caller should store a fresh [`Hasher::hash`] of the same secret. Always false
    /// when `ok` is false, so a wrong secret can never be rehashed by mistake.
    pub needs_rehash: bool,
}

/// argon2id hashing on a bounded blocking pool. Cheap to clone: clones share the pool.
#[derive(Clone)]
pub struct Hasher {
    inner: Arc<Inner>,
}

struct Inner {
    /// One permit per worker; a permit is held for the whole blocking hash.
    workers: Arc<Semaphore>,
    worker_count: usize,
    /// Callers admitted and not yet finished: running plus waiting for a worker.
    admitted: AtomicUsize,
    /// `workers + queue`: admissions beyond this are refused with `Busy`.
    capacity: usize,
    /// Hashes and verifications run since start (dummy ones included).
    runs: std::sync::atomic::AtomicU64,
    /// A policy-parameter PHC string with a random salt and a random output, for
    /// [`Hasher::verify_dummy`].
    dummy_phc: String,
    memory: Memory,
    /// `DEALER_PASSWORD_PEPPER`: the first hashes, all verify ([`crate::pepper`]).
    peppers: Peppers,
}

/// argon2's working memory at policy cost, one buffer per worker: a buffer is taken for a
/// hash and given back wiped, so no more than `workers` ever exist. A lean pool
/// ([`Hasher::lean`]) keeps none between hashes.
struct Memory {
    spare: Mutex<Vec<Vec<Block>>>,
    /// Keep wiped buffers for the next hash (a server's pool); otherwise free them.
    keep: AtomicBool,
}

impl Default for Memory {
    fn default() -> Self {
        Memory {
            spare: Mutex::default(),
            keep: AtomicBool::new(true),
        }
    }
}

impl Memory {
    fn spare(&self) -> std::sync::MutexGuard<'_, Vec<Vec<Block>>> {
        self.spare.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn take(&self) -> Vec<Block> {
        self.spare()
            .pop()
            .unwrap_or_else(|| vec![Block::default(); policy_params().block_count()])
    }

    /// Wipes the buffer (it held a function of the secret) and keeps it for the next hash,
    /// or frees it in a lean pool.
    fn give_back(&self, mut blocks: Vec<Block>) {
        blocks.iter_mut().for_each(Zeroize::zeroize);
        if self.keep.load(Ordering::Relaxed) {
            self.spare().push(blocks);
        }
    }

    /// How many wiped buffers wait for the next hash.
    fn spares(&self) -> usize {
        self.spare().len()
    }
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher")
            .field("workers", &self.inner.worker_count)
            .field("queue", &(self.inner.capacity - self.inner.worker_count))
            .field("admitted", &self.inner.admitted.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Default for Hasher {
    /// One worker per available core, 32 waiting callers per worker.
    fn default() -> Self {
        Self::peppered(Peppers::default())
    }
}

impl Hasher {
    /// [`Hasher::default`]'s pool, except that argon2's working memory (19 MiB a hash) is
    /// freed after each hash instead of kept for the next one: the desktop app's built-in
    /// portal hashes a few times a day, and a kept buffer was most of what the idle app
    /// held beyond a bare window (issue 18). A server keeps its buffers.
    pub fn lean() -> Self {
        let hasher = Self::default();
        hasher.inner.memory.keep.store(false, Ordering::Relaxed);
        hasher
    }

    /// How many of argon2's wiped working buffers are kept for the next hash.
    pub fn spare_buffers(&self) -> usize {
        self.inner.memory.spares()
    }

    /// [`Hasher::default`]'s pool, mixing `peppers` into every secret.
    pub fn peppered(peppers: Peppers) -> Self {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::with_peppers(workers, workers * DEFAULT_QUEUE_PER_WORKER, peppers)
    }
}

impl Hasher {
    /// A pool running at most `workers` hashes at once (at least one) with at most `queue`
    /// callers waiting; beyond that calls fail fast with [`HashError::Busy`].
    ///
    /// # Panics
    /// If the operating system's random source fails while drawing the dummy hash.
    pub fn new(workers: usize, queue: usize) -> Self {
        Self::with_peppers(workers, queue, Peppers::default())
    }

    /// Like [`Hasher::new`], mixing `peppers` into every secret ([`crate::pepper`]).
    ///
    /// # Panics
    /// If the operating system's random source fails while drawing the dummy hash.
    pub fn with_peppers(workers: usize, queue: usize, peppers: Peppers) -> Self {
        let workers = workers.max(1);
        let dummy_phc = dummy_phc().expect("the OS random source must work to run the portal");
        let memory = Memory::default();
        Self {
            inner: Arc::new(Inner {
                workers: Arc::new(Semaphore::new(workers)),
                worker_count: workers,
                admitted: AtomicUsize::new(0),
                capacity: workers.saturating_add(queue),
                runs: std::sync::atomic::AtomicU64::new(0),
                dummy_phc,
                memory,
                peppers,
            }),
        }
    }

    /// Hash `secret` with argon2id at policy parameters and a fresh random salt; returns
    /// the PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`).
    pub async fn hash(&self, secret: &str) -> Result<String, HashError> {
        let pepper = self.inner.peppers.current().cloned();
        let secret = Zeroizing::new(secret.to_owned());
        self.run(move |memory| match &pepper {
            Some(pepper) => hash_blocking(&pepper.mix(secret.as_bytes()), memory, Some(pepper)),
            None => hash_blocking(secret.as_bytes(), memory, None),
        })
        .await?
    }

    /// Check `secret` against a stored PHC string (any argon2 variant, within cost
    /// limits). A wrong secret is `Ok` with `ok: false`; a stored hash that cannot be
    /// verified is [`HashError::InvalidHash`].
    pub async fn verify(&self, secret: &str, phc: &str) -> Result<Verification, HashError> {
        let stored = parse_stored(phc)?;
        let keyid = Params::try_from(&stored).map_err(invalid)?.keyid().to_vec();
        let pepper = if keyid.is_empty() {
            None
        } else {
            let id = String::from_utf8_lossy(&keyid).into_owned();
            Some(
                self.inner
                    .peppers
                    .by_id(&id)
                    .cloned()
                    .ok_or(HashError::UnknownPepper(id))?,
            )
        };
        // Not the current pepper (or none while one is configured): upgrade at sign-in.
        let other_pepper =
            pepper.as_ref().map(|p| &p.id) != self.inner.peppers.current().map(|p| &p.id);
        let weaker = below_policy(&stored) || other_pepper;
        let secret = Zeroizing::new(secret.to_owned());
        let ok = self
            .run(move |memory| match &pepper {
                Some(pepper) => verify_blocking(&pepper.mix(secret.as_bytes()), &stored, memory),
                None => verify_blocking(secret.as_bytes(), &stored, memory),
            })
            .await??;
        Ok(Verification {
            ok,
            needs_rehash: ok && weaker,
        })
    }

    /// Spend exactly what one real [`Hasher::verify`] at policy cost spends (same pool,
    /// same parameters), against a dummy fixed at start: for unknown user IDs, so that a
    /// sign-in failure takes the same time whether or not the account exists. The outcome
    /// is discarded; only pool errors ([`HashError::Busy`]) are reported.
    pub async fn verify_dummy(&self, secret: &str) -> Result<(), HashError> {
        let dummy = self.inner.dummy_phc.clone();
        self.verify(secret, &dummy).await.map(|_| ())
    }

    /// Run `job` on the blocking pool once admitted and given a worker.
    async fn run<T, F>(&self, job: F) -> Result<T, HashError>
    where
        T: Send + 'static,
        F: FnOnce(&mut [Block]) -> T + Send + 'static,
    {
        let admission = Admission::try_new(&self.inner).ok_or(HashError::Busy)?;
        let permit = Arc::clone(&self.inner.workers)
            .acquire_owned()
            .await
            .map_err(|_| HashError::Internal("the hashing pool is closed".into()))?;
        // Both move into the task: if the caller goes away mid-hash, the worker stays
        // counted until the hash really ends, so no more than `workers` ever run.
        let inner = Arc::clone(&self.inner);
        inner.runs.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let _held = (admission, permit);
            let mut blocks = inner.memory.take();
            let result = job(&mut blocks);
            inner.memory.give_back(blocks);
            result
        })
        .await
        .map_err(|_| HashError::Internal("a hashing worker panicked".into()))
    }

    /// How many hashes and verifications ran since start, dummy ones included: what a
    /// request cost, for tests that prove a refusal spent none.
    pub fn runs(&self) -> u64 {
        self.inner.runs.load(Ordering::Relaxed)
    }

    #[cfg(test)]
    fn admitted(&self) -> usize {
        self.inner.admitted.load(Ordering::SeqCst)
    }
}

/// One caller counted in `admitted` until dropped.
struct Admission {
    inner: Arc<Inner>,
}

impl Admission {
    fn try_new(inner: &Arc<Inner>) -> Option<Self> {
        inner
            .admitted
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < inner.capacity).then_some(n + 1)
            })
            .ok()
            .map(|_| Admission {
                inner: Arc::clone(inner),
            })
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        self.inner.admitted.fetch_sub(1, Ordering::SeqCst);
    }
}

fn policy_params() -> Params {
    // The constants are valid argon2 parameters; `Params::new` only rejects out-of-range ones.
    Params::new(M_COST_KIB, T_COST, P_COST, None).unwrap_or(Params::DEFAULT)
}

/// For `map_err`: a stored hash that cannot be verified, whatever the reason.
fn invalid<E>(_: E) -> HashError {
    HashError::InvalidHash
}

fn internal(err: impl std::fmt::Display) -> HashError {
    HashError::Internal(err.to_string())
}

/// A fresh salt and an argon2id hash at policy cost, computed in `memory`, as a PHC string.
fn hash_blocking(
    secret: &[u8],
    memory: &mut [Block],
    pepper: Option<&Pepper>,
) -> Result<String, HashError> {
    let salt = argon2::password_hash::try_generate_salt().map_err(internal)?;
    let params = match pepper {
        None => policy_params(),
        // The pepper's id goes into the PHC string (argon2's `keyid`), never its key.
        Some(pepper) => ParamsBuilder::new()
            .m_cost(M_COST_KIB)
            .t_cost(T_COST)
            .p_cost(P_COST)
            .keyid(KeyId::new(pepper.id.as_bytes()).map_err(internal)?)
            .build()
            .map_err(internal)?,
    };
    let mut out = Zeroizing::new([0_u8; Params::DEFAULT_OUTPUT_LEN]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(secret, &salt, out.as_mut_slice(), memory)
        .map_err(internal)?;
    phc_string(&params, &salt, out.as_slice())
}

/// The PHC string of an argon2id hash: algorithm, version, `params`, `salt`, `out`.
fn phc_string(params: &Params, salt: &[u8], out: &[u8]) -> Result<String, HashError> {
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(internal)?,
        salt: Some(Salt::new(salt).map_err(internal)?),
        hash: Some(Output::new(out).map_err(internal)?),
    };
    Ok(phc.to_string())
}

/// What [`Hasher::verify_dummy`] verifies against: the policy's parameters, a random salt
/// and a random output in place of a hash. Verifying against it costs what verifying
/// against a real hash costs (argon2 runs on the parameters and the salt; the output is
/// only compared) and can never match (a 256-bit guess), so no hash is computed at start:
/// one policy-cost hash less on every start of a portal, the desktop app's included.
fn dummy_phc() -> Result<String, HashError> {
    let salt = argon2::password_hash::try_generate_salt().map_err(internal)?;
    let mut out = [0_u8; Params::DEFAULT_OUTPUT_LEN];
    rand::fill(&mut out);
    phc_string(&policy_params(), &salt, &out)
}

/// Recompute `stored` for `secret` with the stored algorithm, version and parameters (not
/// this pool's policy) and compare in constant time. A (vetted) stored hash costlier than
/// the pool's buffers gets a buffer of its own for this one verification.
fn verify_blocking(
    secret: &[u8],
    stored: &PasswordHash,
    memory: &mut [Block],
) -> Result<bool, HashError> {
    let params = Params::try_from(stored).map_err(invalid)?;
    let algorithm = Algorithm::new(stored.algorithm.as_str()).map_err(invalid)?;
    let version = match stored.version {
        Some(v) => Version::try_from(v).map_err(invalid)?,
        None => Version::default(),
    };
    let (Some(salt), Some(expected)) = (&stored.salt, &stored.hash) else {
        return Err(HashError::InvalidHash);
    };
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut out = Zeroizing::new(vec![0_u8; expected.len()]);
    let needed = params.block_count();
    if needed <= memory.len() {
        argon.hash_password_into_with_memory(secret, salt, out.as_mut_slice(), memory)
    } else {
        let mut own = vec![Block::default(); needed];
        let result =
            argon.hash_password_into_with_memory(secret, salt, out.as_mut_slice(), &mut own[..]);
        own.iter_mut().for_each(Zeroize::zeroize);
        result
    }
    .map_err(invalid)?;
    let computed = Output::new(out.as_slice()).map_err(invalid)?;
    // `Output`'s equality is constant-time.
    Ok(&computed == expected)
}

/// Parse and vet a stored PHC string before it may take a worker.
fn parse_stored(phc: &str) -> Result<PasswordHash, HashError> {
    let stored = PasswordHash::new(phc).map_err(|_| HashError::InvalidHash)?;
    Algorithm::new(stored.algorithm.as_str()).map_err(|_| HashError::InvalidHash)?;
    if let Some(v) = stored.version {
        Version::try_from(v).map_err(|_| HashError::InvalidHash)?;
    }
    if stored.salt.is_none() || stored.hash.is_none() {
        return Err(HashError::InvalidHash);
    }
    let params = Params::try_from(&stored).map_err(|_| HashError::InvalidHash)?;
    if params.m_cost() > MAX_VERIFY_M_COST_KIB
        || params.t_cost() > MAX_VERIFY_T_COST
        || params.p_cost() > MAX_VERIFY_P_COST
    {
        return Err(HashError::InvalidHash);
    }
    Ok(stored)
}

/// Whether a (vetted) stored hash is weaker than policy or not argon2id v19.
fn below_policy(stored: &PasswordHash) -> bool {
    let Ok(params) = Params::try_from(stored) else {
        return true;
    };
    stored.algorithm.as_str() != Algorithm::Argon2id.as_str()
        || stored.version != Some(Version::V0x13.into())
        || params.m_cost() < M_COST_KIB
        || params.t_cost() < T_COST
        || params.p_cost() != P_COST
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::sync::mpsc;

    use tokio::sync::oneshot;

    use super::*;

    /// Yield to the other tasks until `done` holds, a bounded number of times: the
    /// current-thread runtime polls every ready task between two yields, so this waits
    /// for progress without reading the clock.
    async fn settle(done: impl Fn() -> bool) -> bool {
        for _ in 0..10_000 {
            if done() {
                return true;
            }
            tokio::task::yield_now().await;
        }
        done()
    }

    #[tokio::test]
    async fn the_dummy_costs_a_policy_verification_and_matches_nothing() {
        let hasher = Hasher::new(1, 4);
        let dummy = PasswordHash::new(&hasher.inner.dummy_phc).unwrap();
        let real = hasher.hash("correct horse battery").await.unwrap();
        let real = PasswordHash::new(&real).unwrap();
        assert_eq!(
            (dummy.algorithm, dummy.version, &dummy.params),
            (real.algorithm, real.version, &real.params),
            "an unknown user's verification runs argon2 on the same parameters as a real one: the same time"
        );
        assert_eq!(
            dummy.hash.map(|h| h.len()),
            real.hash.map(|h| h.len()),
            "and compares an output as long"
        );
        let runs = hasher.runs();
        for guess in ["", "x", "correct horse battery"] {
            assert!(
                !hasher
                    .verify(guess, &hasher.inner.dummy_phc)
                    .await
                    .unwrap()
                    .ok,
                "the dummy's output is random bytes: nothing verifies against it"
            );
        }
        assert_eq!(hasher.runs(), runs + 3, "each check is a real argon2 run");
        assert_ne!(
            Hasher::new(1, 4).inner.dummy_phc,
            hasher.inner.dummy_phc,
            "each start draws its own"
        );
    }

    #[tokio::test]
    async fn a_lean_pool_keeps_no_working_memory_between_hashes_and_hashes_the_same() {
        let server = Hasher::new(1, 4);
        let lean = Hasher::lean();
        assert_eq!(
            (server.spare_buffers(), lean.spare_buffers()),
            (0, 0),
            "no hash at start, so no buffer yet"
        );
        server.verify_dummy("x").await.unwrap();
        assert_eq!(
            server.spare_buffers(),
            1,
            "a server's pool keeps its buffer"
        );
        lean.verify_dummy("x").await.unwrap();
        assert_eq!(lean.spare_buffers(), 0, "a lean pool frees it");
        let phc = lean.hash("correct horse battery").await.unwrap();
        assert_eq!(lean.spare_buffers(), 0, "and every buffer after a hash");
        assert!(
            server
                .verify("correct horse battery", &phc)
                .await
                .unwrap()
                .ok,
            "what a lean pool hashes, any pool verifies"
        );
        assert!(!lean.verify("wrong horse", &phc).await.unwrap().ok);
        assert_eq!(
            server.spare_buffers(),
            1,
            "a server's pool keeps one per worker"
        );
    }

    #[tokio::test]
    async fn saturated_pool_refuses_with_busy_and_never_admits_more_than_workers_plus_queue() {
        let hasher = Hasher::new(1, 2);
        let running = Arc::new(AtomicUsize::new(0));
        let max_running = Arc::new(AtomicUsize::new(0));

        // Occupy the only worker with a job that blocks until released.
        let (started_tx, started_rx) = oneshot::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let gate = tokio::spawn({
            let (hasher, running, max_running) = (
                hasher.clone(),
                Arc::clone(&running),
                Arc::clone(&max_running),
            );
            async move {
                hasher
                    .run(move |_| {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        max_running.fetch_max(now, Ordering::SeqCst);
                        started_tx.send(()).ok();
                        release_rx.recv().ok();
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
            }
        });
        started_rx
            .await
            .expect("the gate job starts on the free worker");

        // Twelve real hash calls at once: two fit in the queue, ten must be refused.
        let busy = Arc::new(AtomicUsize::new(0));
        let calls: Vec<_> = (0..12)
            .map(|i| {
                let (hasher, busy) = (hasher.clone(), Arc::clone(&busy));
                tokio::spawn(async move {
                    let result = hasher.hash(&format!("secret number {i}")).await;
                    if matches!(result, Err(HashError::Busy)) {
                        busy.fetch_add(1, Ordering::SeqCst);
                    }
                    result
                })
            })
            .collect();
        assert!(
            settle(|| busy.load(Ordering::SeqCst) == 10).await,
            "with the worker held and a queue of 2, exactly 10 of 12 calls are refused"
        );
        assert_eq!(
            hasher.admitted(),
            3,
            "1 running + 2 waiting is the most a Hasher::new(1, 2) may hold"
        );
        assert!(
            matches!(hasher.verify_dummy("x").await, Err(HashError::Busy)),
            "a full pool refuses verification too, at once"
        );

        release_tx.send(()).expect("the gate job is still waiting");
        gate.await.expect("gate task").expect("gate job admitted");
        let mut hashed = 0;
        for call in calls {
            match call.await.expect("hash task") {
                Ok(phc) => {
                    assert!(phc.starts_with("$argon2id$"), "queued calls hash normally");
                    hashed += 1;
                }
                Err(HashError::Busy) => {}
                Err(other) => panic!("only Busy may refuse a call, got {other}"),
            }
        }
        assert_eq!(hashed, 2, "both queued calls run once the worker is free");
        assert_eq!(busy.load(Ordering::SeqCst), 10);
        assert_eq!(hasher.admitted(), 0, "every admission is released");
        assert!(
            max_running.load(Ordering::SeqCst) <= 1,
            "never more than `workers` jobs run at once"
        );
    }

    #[tokio::test]
    async fn a_worker_stays_taken_until_its_hash_ends_even_if_the_caller_gives_up() {
        let hasher = Hasher::new(1, 1);
        let (started_tx, started_rx) = oneshot::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let gate = tokio::spawn({
            let hasher = hasher.clone();
            async move {
                hasher
                    .run(move |_| {
                        started_tx.send(()).ok();
                        release_rx.recv().ok();
                    })
                    .await
            }
        });
        started_rx.await.expect("the gate job starts");
        gate.abort();
        assert!(gate.await.is_err_and(|e| e.is_cancelled()));

        assert_eq!(
            hasher.inner.workers.available_permits(),
            0,
            "the abandoned job still holds the only worker"
        );
        assert_eq!(hasher.admitted(), 1, "and is still counted as admitted");

        release_tx.send(()).expect("the job is still running");
        assert!(
            hasher.hash("another").await.is_ok(),
            "the worker is handed on when the job ends"
        );
        assert_eq!(hasher.admitted(), 0, "every admission is released");
    }

    fn peppers(text: &str) -> Peppers {
        Peppers::parse(text).unwrap()
    }

    #[tokio::test]
    async fn a_pepper_is_mixed_in_named_in_the_hash_never_stored_and_upgraded_to() {
        let k1 = "a1".repeat(32);
        let k2 = "b2".repeat(32);
        let plain = Hasher::new(1, 4);
        let v1 = Hasher::with_peppers(1, 4, peppers(&format!("v1:{k1}")));
        let phc = v1.hash("lantern orchard velvet").await.unwrap();
        assert!(
            phc.contains("keyid="),
            "the pepper's id is in the hash: {phc}"
        );
        assert!(!phc.contains(&k1), "never its key");
        assert_eq!(
            v1.verify("lantern orchard velvet", &phc).await.unwrap(),
            Verification {
                ok: true,
                needs_rehash: false
            }
        );
        assert!(!v1.verify("lantern orchard velvet!", &phc).await.unwrap().ok);
        assert!(
            matches!(plain.verify("lantern orchard velvet", &phc).await, Err(HashError::UnknownPepper(id)) if id == "v1"),
            "a database copy without the pepper cannot be checked against"
        );
        let other_key = Hasher::with_peppers(1, 4, peppers(&format!("v1:{k2}")));
        assert!(
            !other_key
                .verify("lantern orchard velvet", &phc)
                .await
                .unwrap()
                .ok,
            "the key, not just its id, is in the hash"
        );

        // A hash from before the pepper still works, and asks to be upgraded.
        let old = plain.hash("quiet harbor lemon").await.unwrap();
        assert_eq!(
            v1.verify("quiet harbor lemon", &old).await.unwrap(),
            Verification {
                ok: true,
                needs_rehash: true
            }
        );
        assert!(
            !v1.verify("wrong", &old).await.unwrap().needs_rehash,
            "never a wrong secret"
        );

        // Rotation: v2 first, v1 kept to verify what it hashed, which is then upgraded.
        let rotated = Hasher::with_peppers(1, 4, peppers(&format!("v2:{k2},v1:{k1}")));
        assert_eq!(
            rotated
                .verify("lantern orchard velvet", &phc)
                .await
                .unwrap(),
            Verification {
                ok: true,
                needs_rehash: true
            }
        );
        let fresh = rotated.hash("lantern orchard velvet").await.unwrap();
        assert!(fresh.contains("keyid="), "{fresh}");
        assert!(
            !rotated
                .verify("lantern orchard velvet", &fresh)
                .await
                .unwrap()
                .needs_rehash
        );
        assert!(matches!(
            Hasher::with_peppers(1, 4, peppers(&format!("v2:{k2}")))
                .verify("lantern orchard velvet", &phc)
                .await,
            Err(HashError::UnknownPepper(_))
        ));
    }
}
