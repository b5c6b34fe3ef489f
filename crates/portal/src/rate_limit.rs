//! In-memory rate limits checked before any hashing, per client IP address and per user ID.
//!
//! A keyed GCRA limiter (the token bucket in one timestamp per key): each key may spend
//! `burst` attempts at once, and earns them back at an even pace of `burst` per `per`.
//! The clock is passed in, so tests move time instead of sleeping. Memory is bounded: at
//! most `max_keys` keys are tracked; when a new key would exceed that, keys whose bucket
//! is full again are dropped first (forgetting them changes nothing), then the keys
//! closest to full.
//!
//! These limits are per replica and reset on restart: they blunt floods and
//! password spraying cheaply. The durable guard is the lockout counter in the database.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Keys a [`RateLimiter`] tracks unless told otherwise ([`RateLimiter::with_max_keys`]).
pub const DEFAULT_MAX_KEYS: usize = 100_000;

/// Refused: try again after this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many attempts; retry after {0:?}")]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds for a `Retry-After` header: rounded up, at least 1.
    pub fn as_secs_ceil(&self) -> u64 {
        let secs = self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0);
        secs.max(1)
    }
}

/// A thread-safe keyed rate limiter. Cheap to clone: clones share their state.
pub struct RateLimiter<K> {
    /// Time between two attempts at the sustained rate: `per / burst`.
    interval: Duration,
    /// The window a full burst spans: `per`.
    per: Duration,
    burst: u32,
    max_keys: usize,
    /// Per key, the theoretical arrival time (GCRA's TAT): when its bucket is full again.
    tats: Arc<Mutex<HashMap<K, Instant>>>,
}

impl<K> Clone for RateLimiter<K> {
    fn clone(&self) -> Self {
        Self {
            interval: self.interval,
            per: self.per,
            burst: self.burst,
            max_keys: self.max_keys,
            tats: Arc::clone(&self.tats),
        }
    }
}

// Keys are IP addresses and user IDs: Debug shows the shape, never the keys.
impl<K> fmt::Debug for RateLimiter<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = self.tats.lock().map_or(0, |map| map.len());
        f.debug_struct("RateLimiter")
            .field("burst", &self.burst)
            .field("per", &self.per)
            .field("max_keys", &self.max_keys)
            .field("keys", &keys)
            .finish()
    }
}

impl<K: Eq + Hash + Clone> RateLimiter<K> {
    /// Allow `burst` attempts at once per key, refilled evenly at `burst` per `per`.
    /// A `burst` of 0 is taken as 1. Tracks at most [`DEFAULT_MAX_KEYS`] keys.
    pub fn new(burst: u32, per: Duration) -> Self {
        let burst = burst.max(1);
        Self {
            interval: per / burst,
            per,
            burst,
            max_keys: DEFAULT_MAX_KEYS,
            tats: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Track at most `max_keys` keys (at least 1).
    pub fn with_max_keys(mut self, max_keys: usize) -> Self {
        self.max_keys = max_keys.max(1);
        self
    }

    /// Spend one attempt for `key` at `now`, or say how long until one is available.
    /// A refused attempt spends nothing.
    pub fn check(&self, key: &K, now: Instant) -> Result<(), RetryAfter> {
        let mut tats = self.tats.lock().unwrap_or_else(PoisonError::into_inner);
        let tat = match tats.get(key) {
            Some(&tat) => tat.max(now),
            None => now,
        };
        let new_tat = tat + self.interval;
        // Allowed while the bucket's debt after this attempt stays within one window.
        let allowed_at = new_tat.checked_sub(self.per).unwrap_or(now);
        if allowed_at > now {
            return Err(RetryAfter(allowed_at - now));
        }
        if let Some(slot) = tats.get_mut(key) {
            *slot = new_tat;
        } else {
            if tats.len() >= self.max_keys {
                evict(&mut tats, self.max_keys, now);
            }
            tats.insert(key.clone(), new_tat);
        }
        Ok(())
    }

    /// How many keys are tracked now.
    pub fn len(&self) -> usize {
        self.tats
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no key is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forget keys whose bucket is full again at `now` (they behave as new keys anyway).
    /// Eviction does this by itself when the map is full; a periodic job may call it too.
    pub fn purge(&self, now: Instant) {
        self.tats
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|_, tat| *tat > now);
    }
}

/// Make room for one new key in a full map.
fn evict<K: Eq + Hash>(tats: &mut HashMap<K, Instant>, max_keys: usize, now: Instant) {
    tats.retain(|_, tat| *tat > now);
    if tats.len() < max_keys {
        return;
    }
    // Every key is still limited: drop the eighth closest to full in one pass, so a
    // flood of new keys costs one scan per max_keys / 8 insertions, not one per request.
    let drop = (tats.len() / 8).max(1);
    let mut by_tat: Vec<Instant> = tats.values().copied().collect();
    let (_, &mut cutoff, _) = by_tat.select_nth_unstable(drop - 1);
    let mut left = drop;
    tats.retain(|_, tat| {
        if left > 0 && *tat <= cutoff {
            left -= 1;
            false
        } else {
            true
        }
    });
}

/// Sign-in attempts per client address within [`Limits::default`]'s window.
pub const SIGN_IN_PER_IP: u32 = 30;
/// Sign-in attempts per user ID within [`Limits::default`]'s window.
pub const SIGN_IN_PER_USER: u32 = 10;
/// The window both sign-in limits refill over.
pub const SIGN_IN_WINDOW: Duration = Duration::from_secs(60);
/// Public, signed-out requests (a dealership's name by PDN, registration, its status) per
/// client address a minute: apart from sign-in's, so a registrant's lookups never spend a
/// dealership's sign-ins and a PDN sweep never gets sign-in's budget.
pub const PUBLIC_PER_IP: u32 = 60;

/// Registration codes mailed to one address within [`CODES_WINDOW`].
pub const CODES_PER_EMAIL: u32 = 3;
pub const CODES_WINDOW: Duration = Duration::from_secs(30 * 60);
/// User IDs one proven address may check within [`CHECKS_WINDOW`].
pub const CHECKS_PER_EMAIL: u32 = 10;
pub const CHECKS_WINDOW: Duration = Duration::from_secs(10 * 60);

/// The limits checked before any password or answer is hashed.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Per client address (see [`client_key`]): caps one source spraying many user IDs.
    pub by_ip: RateLimiter<IpAddr>,
    /// Per user ID, normalized by the caller: caps many sources guessing one account.
    pub by_user: RateLimiter<String>,
    /// Per client address, for the public routes that need no account (dealership name,
    /// registration and its status): a budget of their own.
    pub public: RateLimiter<IpAddr>,
    /// Per email address (trimmed, lowercased): registration codes mailed to it, so nobody
    /// floods one mailbox with codes from many addresses.
    pub email_codes: RateLimiter<String>,
    /// Per proven email address: user IDs checked, so a proof is no enumeration licence.
    pub user_id_checks: RateLimiter<String>,
}

impl Default for Limits {
    /// Per client address 30 attempts at once, refilled at 30 a minute (one every two
    /// seconds); per user ID 10 at once, refilled at 10 a minute. A dealership behind one
    /// NAT address still has room for a morning's sign-ins; a guesser gets a handful of
    /// tries a minute per account before the lockout threshold ends it.
    fn default() -> Self {
        Self {
            by_ip: RateLimiter::new(SIGN_IN_PER_IP, SIGN_IN_WINDOW),
            by_user: RateLimiter::new(SIGN_IN_PER_USER, SIGN_IN_WINDOW),
            public: RateLimiter::new(PUBLIC_PER_IP, SIGN_IN_WINDOW),
            email_codes: RateLimiter::new(CODES_PER_EMAIL, CODES_WINDOW),
            user_id_checks: RateLimiter::new(CHECKS_PER_EMAIL, CHECKS_WINDOW),
        }
    }
}

impl Limits {
    /// Check one attempt from `ip` at the (already normalized) `user_id`: the address
    /// first, then the user ID. Refused with how long to wait. An attempt refused for its
    /// user ID has still spent the address's budget, so hammering one account from one
    /// address runs out of both.
    pub fn check(&self, ip: IpAddr, user_id: &str, now: Instant) -> Result<(), RetryAfter> {
        self.by_ip.check(&client_key(ip), now)?;
        self.by_user.check(&user_id.to_owned(), now)
    }
}

/// The address a client is limited by: IPv4 as is (also when mapped into IPv6), IPv6 by
/// its /64 prefix, since one subscriber usually holds a whole /64 and could otherwise
/// dodge the limit by changing the low bits.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn allows_the_burst_then_refuses_with_a_retry_after() {
        let limiter = RateLimiter::new(3, MINUTE);
        let t0 = Instant::now();
        for i in 0..3 {
            assert_eq!(
                limiter.check(&"ann", t0),
                Ok(()),
                "attempt {i} is within the burst"
            );
        }
        let refused = limiter.check(&"ann", t0);
        assert_eq!(
            refused,
            Err(RetryAfter(Duration::from_secs(20))),
            "3 per minute refill one every 20 s, so the 4th waits 20 s"
        );
    }

    #[test]
    fn refills_at_the_sustained_rate_as_time_moves() {
        let limiter = RateLimiter::new(3, MINUTE);
        let t0 = Instant::now();
        for _ in 0..3 {
            limiter.check(&"ann", t0).expect("burst");
        }
        let almost = t0 + Duration::from_secs(19);
        assert_eq!(
            limiter.check(&"ann", almost),
            Err(RetryAfter(Duration::from_secs(1))),
            "one attempt comes back after 20 s, not before"
        );
        let t20 = t0 + Duration::from_secs(20);
        assert_eq!(
            limiter.check(&"ann", t20),
            Ok(()),
            "one attempt back after 20 s"
        );
        assert!(limiter.check(&"ann", t20).is_err(), "and only one");

        let much_later = t0 + Duration::from_secs(3600);
        for i in 0..3 {
            assert_eq!(
                limiter.check(&"ann", much_later),
                Ok(()),
                "after a long pause the whole burst is back (attempt {i})"
            );
        }
        assert!(
            limiter.check(&"ann", much_later).is_err(),
            "idle time never banks more than one burst"
        );
    }

    #[test]
    fn refused_attempts_spend_nothing() {
        let limiter = RateLimiter::new(1, MINUTE);
        let t0 = Instant::now();
        limiter.check(&"ann", t0).expect("first");
        for s in 1..60 {
            assert!(limiter.check(&"ann", t0 + Duration::from_secs(s)).is_err());
        }
        assert_eq!(
            limiter.check(&"ann", t0 + MINUTE),
            Ok(()),
            "hammering while refused does not push the next attempt back"
        );
    }

    #[test]
    fn keys_are_limited_independently() {
        let limiter = RateLimiter::new(2, MINUTE);
        let t0 = Instant::now();
        limiter.check(&"ann", t0).expect("ann 1");
        limiter.check(&"ann", t0).expect("ann 2");
        assert!(limiter.check(&"ann", t0).is_err(), "ann is out");
        assert_eq!(limiter.check(&"bob", t0), Ok(()), "bob is not ann");
        assert_eq!(limiter.check(&"bob", t0), Ok(()), "bob has his own burst");
    }

    #[test]
    fn clones_share_one_budget() {
        let limiter = RateLimiter::new(1, MINUTE);
        let t0 = Instant::now();
        limiter.clone().check(&"ann", t0).expect("first");
        assert!(
            limiter.check(&"ann", t0).is_err(),
            "a clone spent ann's attempt"
        );
    }

    #[test]
    fn eviction_keeps_the_map_bounded() {
        let limiter = RateLimiter::new(5, MINUTE).with_max_keys(16);
        let t0 = Instant::now();
        for i in 0..1000u32 {
            limiter.check(&i, t0).expect("each new key has its burst");
            assert!(limiter.len() <= 16, "never more than max_keys keys tracked");
        }
        assert!(limiter.len() > 8, "eviction drops a few keys, not all");
    }

    #[test]
    fn eviction_drops_refilled_keys_before_limited_ones() {
        let limiter = RateLimiter::new(2, MINUTE).with_max_keys(4);
        let t0 = Instant::now();
        // "hot" exhausts its burst; three other keys spend one attempt each.
        limiter.check(&"hot".to_owned(), t0).expect("hot 1");
        limiter.check(&"hot".to_owned(), t0).expect("hot 2");
        for key in ["a", "b", "c"] {
            limiter.check(&key.to_owned(), t0).expect("one attempt");
        }
        // 30 s later a, b and c are full again; hot still owes 30 s.
        let t30 = t0 + Duration::from_secs(30);
        limiter.check(&"new".to_owned(), t30).expect("new key");
        assert_eq!(
            limiter.len(),
            2,
            "the refilled keys went, the limited one stayed"
        );
        assert_eq!(
            limiter.check(&"hot".to_owned(), t30),
            Ok(()),
            "hot earned one attempt back in 30 s"
        );
        assert_eq!(
            limiter.check(&"hot".to_owned(), t30),
            Err(RetryAfter(Duration::from_secs(30))),
            "hot kept its debt: had it been evicted it would have a fresh burst of 2"
        );
    }

    #[test]
    fn purge_forgets_only_refilled_keys() {
        let limiter = RateLimiter::new(2, MINUTE);
        let t0 = Instant::now();
        limiter.check(&"once", t0).expect("once");
        limiter.check(&"twice", t0).expect("twice 1");
        limiter.check(&"twice", t0).expect("twice 2");
        limiter.purge(t0 + Duration::from_secs(30));
        assert_eq!(
            limiter.len(),
            1,
            "'once' is full again at 30 s, 'twice' is not"
        );
        limiter.purge(t0 + MINUTE);
        assert!(
            limiter.is_empty(),
            "after a full window every bucket is full"
        );
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(RetryAfter(Duration::from_millis(1)).as_secs_ceil(), 1);
        assert_eq!(RetryAfter(Duration::ZERO).as_secs_ceil(), 1);
        assert_eq!(RetryAfter(Duration::from_secs(20)).as_secs_ceil(), 20);
        assert_eq!(RetryAfter(Duration::from_millis(20_001)).as_secs_ceil(), 21);
    }

    #[test]
    fn default_sign_in_limits_are_30_per_ip_and_10_per_user_a_minute() {
        let limits = Limits::default();
        let t0 = Instant::now();
        let ip = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));
        for i in 0..10 {
            assert_eq!(limits.check(ip, "ann", t0), Ok(()), "ann attempt {i}");
        }
        assert_eq!(
            limits.check(ip, "ann", t0),
            Err(RetryAfter(Duration::from_secs(6))),
            "the 11th attempt at one user ID waits for the next of 10 a minute"
        );
        // That refused attempt still spent the address's budget: 11 of 30 gone.
        for i in 0..19 {
            let user = format!("user{i}");
            assert_eq!(
                limits.check(ip, &user, t0),
                Ok(()),
                "address attempt {}",
                i + 12
            );
        }
        assert_eq!(
            limits.check(ip, "someone-else", t0),
            Err(RetryAfter(Duration::from_secs(2))),
            "the 31st attempt from one address waits for the next of 30 a minute"
        );
        let other = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 1));
        assert_eq!(
            limits.check(other, "bob", t0),
            Ok(()),
            "another address is unaffected"
        );
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_64_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(client_key(a), client_key(b), "same /64, same budget");
        assert_ne!(
            client_key(a),
            client_key(c),
            "another /64 is another client"
        );
        let mapped = IpAddr::V6(Ipv4Addr::new(203, 0, 113, 7).to_ipv6_mapped());
        assert_eq!(
            client_key(mapped),
            IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7)),
            "an IPv4 client seen through a dual-stack socket is the same IPv4 client"
        );
        assert_eq!(
            client_key(IpAddr::V6(Ipv6Addr::LOCALHOST)),
            IpAddr::V6(Ipv6Addr::UNSPECIFIED),
            "::1 falls in ::/64"
        );
    }
}
