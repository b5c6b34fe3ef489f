//! Where a request really came from, and whether the portal may listen where it was told.
//!
//! Behind a reverse proxy every connection comes from the proxy. Only when the peer is one
//! of the operator's [`TrustedProxies`] does the portal read the client address from the
//! `Forwarded` header (RFC 7239), or from `X-Forwarded-For` when there is none, walking the
//! hops from the right and taking the first address that is not itself a trusted proxy:
//! everything to the left of that was written by the client and proves nothing. From any
//! other peer the headers are ignored, so nobody can pick their own rate-limit bucket or
//! the address the audit log records.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The proxies whose forwarding headers are believed: `DEALER_TRUSTED_PROXIES`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// A `DEALER_TRUSTED_PROXIES` entry that is neither an address nor a CIDR block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not an IP address or CIDR block (write 10.0.0.0/8, 192.168.1.5 or fd00::/8, separated by commas)"
)]
pub struct BadProxyEntry(String);

impl FromStr for TrustedProxies {
    type Err = BadProxyEntry;

    /// A comma-separated list of addresses and CIDR blocks; empty means none.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| BadProxyEntry(entry.to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.0.iter().map(IpNet::to_string).collect();
        f.write_str(&list.join(", "))
    }
}

impl TrustedProxies {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, addr: IpAddr) -> bool {
        let addr = canonical(addr);
        self.0.iter().any(|net| net.contains(&addr))
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy that says who
    /// it forwarded for.
    pub fn client_addr(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let hops = forwarded_hops(headers);
        // Rightmost first: the hop our own proxy appended comes last.
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(addr) = hop else {
                // A hop we cannot read (obfuscated, "unknown", garbage): stop believing here.
                break;
            };
            client = canonical(*addr);
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

/// IPv4 addresses seen on an IPv6 socket (`::ffff:10.0.0.1`) are the IPv4 address.
fn canonical(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The forwarded-for hops in order, left (first proxy's client) to right (nearest hop);
/// `None` for an entry that is not an address. `Forwarded` wins when present.
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|value| value.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, value)| node_addr(value.trim().trim_matches('"')))
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|entry| node_addr(entry.trim()))
        .collect()
}

/// An address as a forwarding header writes it: `192.0.2.1`, `192.0.2.1:4711`,
/// `[2001:db8::1]` or `[2001:db8::1]:4711`, or a bare IPv6 address.
fn node_addr(text: &str) -> Option<IpAddr> {
    if let Ok(addr) = text.parse::<IpAddr>() {
        return Some(addr);
    }
    if let Ok(socket) = text.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    text.strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|inner| inner.parse().ok())
}

/// Why the portal refuses to listen where it was told.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "refusing to serve plain HTTP on {0}: passwords would cross the network in clear. Serve HTTPS \
     (DEALER_TLS_CERT and DEALER_TLS_KEY), listen on loopback (127.0.0.1) behind a TLS proxy, or \
     name that proxy in DEALER_TRUSTED_PROXIES if it reaches the portal over the network"
)]
pub struct PlainHttpRefused(SocketAddr);

/// Plain HTTP is for loopback, or for a network where a named TLS proxy fronts the portal.
pub fn check_listen(
    addr: SocketAddr,
    tls: bool,
    trusted: &TrustedProxies,
) -> Result<(), PlainHttpRefused> {
    if tls || addr.ip().is_loopback() || !trusted.is_empty() {
        Ok(())
    } else {
        Err(PlainHttpRefused(addr))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn proxies(text: &str) -> TrustedProxies {
        text.parse().unwrap()
    }

    #[test]
    fn a_list_of_addresses_and_blocks_parses_and_bad_entries_are_named() {
        let list = proxies(" 10.0.0.0/8, 192.168.1.5 ,fd00::/8,");
        assert!(list.contains(ip("10.200.3.4")));
        assert!(list.contains(ip("192.168.1.5")));
        assert!(!list.contains(ip("192.168.1.6")));
        assert!(list.contains(ip("fd00::7")));
        assert!(
            list.contains(ip("::ffff:10.1.1.1")),
            "an IPv4 peer on an IPv6 socket is the same peer"
        );
        assert!(proxies("").is_empty(), "empty means no proxy is trusted");
        let err = "10.0.0.0/8, 10.0.0/33"
            .parse::<TrustedProxies>()
            .unwrap_err();
        assert!(
            err.to_string().contains("\"10.0.0/33\""),
            "the operator sees which entry is wrong: {err}"
        );
        assert!("proxy.local".parse::<TrustedProxies>().is_err());
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let list = proxies("127.0.0.1");
        let forged = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=203.0.113.9"),
        ]);
        assert_eq!(
            list.client_addr(ip("198.51.100.7"), &forged),
            ip("198.51.100.7"),
            "a client talking to the portal directly cannot choose its own address"
        );
        assert_eq!(
            TrustedProxies::default().client_addr(ip("127.0.0.1"), &forged),
            ip("127.0.0.1"),
            "with no trusted proxies even loopback's headers are ignored"
        );
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let list = proxies("127.0.0.1, 10.0.0.0/8");
        // The client forged a first entry; our two proxies appended the real hops.
        let xff = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.2")]);
        assert_eq!(
            list.client_addr(ip("127.0.0.1"), &xff),
            ip("203.0.113.9"),
            "anything left of the first untrusted hop was written by the client"
        );
        let split = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(
            list.client_addr(ip("10.9.9.9"), &split),
            ip("203.0.113.9"),
            "repeated headers are one list, in order"
        );
        let all_trusted = headers(&[("x-forwarded-for", "10.0.0.5, 10.0.0.2")]);
        assert_eq!(
            list.client_addr(ip("127.0.0.1"), &all_trusted),
            ip("10.0.0.5")
        );
        assert_eq!(
            list.client_addr(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1"),
            "a trusted peer that forwards nothing is itself the client"
        );
    }

    #[test]
    fn forwarded_wins_and_its_node_forms_parse() {
        let list = proxies("127.0.0.1");
        let both = headers(&[
            ("forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43"),
            ("x-forwarded-for", "198.51.100.1"),
        ]);
        assert_eq!(list.client_addr(ip("127.0.0.1"), &both), ip("192.0.2.60"));
        let v6 = headers(&[("forwarded", "for=\"[2001:db8:cafe::17]:4711\"")]);
        assert_eq!(
            list.client_addr(ip("127.0.0.1"), &v6),
            ip("2001:db8:cafe::17")
        );
        let port = headers(&[("x-forwarded-for", "192.0.2.60:5000")]);
        assert_eq!(list.client_addr(ip("127.0.0.1"), &port), ip("192.0.2.60"));
    }

    #[test]
    fn an_unreadable_hop_stops_the_walk() {
        let list = proxies("127.0.0.1, 10.0.0.0/8");
        let hidden = headers(&[("forwarded", "for=192.0.2.60, for=_hidden, for=10.0.0.3")]);
        assert_eq!(
            list.client_addr(ip("127.0.0.1"), &hidden),
            ip("10.0.0.3"),
            "past an obfuscated hop nothing can be believed; the last known hop stands"
        );
        let garbage = headers(&[("x-forwarded-for", "not-an-address")]);
        assert_eq!(list.client_addr(ip("127.0.0.1"), &garbage), ip("127.0.0.1"));
    }

    #[test]
    fn plain_http_on_the_network_needs_tls_or_a_named_proxy() {
        let public: SocketAddr = "0.0.0.0:8787".parse().unwrap();
        let loopback: SocketAddr = "127.0.0.1:8787".parse().unwrap();
        let none = TrustedProxies::default();
        let err = check_listen(public, false, &none).unwrap_err();
        assert!(
            err.to_string().contains("DEALER_TLS_CERT")
                && err.to_string().contains("DEALER_TRUSTED_PROXIES"),
            "the refusal says how to fix it: {err}"
        );
        assert!(check_listen(public, true, &none).is_ok());
        assert!(check_listen(loopback, false, &none).is_ok());
        assert!(check_listen(public, false, &proxies("10.0.0.0/8")).is_ok());
        assert!(check_listen("[::1]:8787".parse().unwrap(), false, &none).is_ok());
    }
}
