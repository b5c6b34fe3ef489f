use super::*;

const SIG: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IHNpZ25hdHVyZQ==";

/// A folder with `latest.json` offering 1.3.0 for Windows from a file in the folder.
fn shelf(
    manifest: &str,
    files: &[(&str, &str)],
    public_url: Option<&str>,
) -> (tempfile::TempDir, UpdateShelf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(MANIFEST), manifest).unwrap();
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let shelf = UpdateShelf::new(
        dir.path().to_owned(),
        public_url.map(|u| Url::parse(u).unwrap()),
    )
    .unwrap();
    (dir, shelf)
}

const WINDOWS: &str = r#"{"version": "1.3.0", "notes": "Faster lists", "pub_date": "2026-12-01T12:00:00Z",
    "platforms": {"windows-x86_64": {"url": "Dealer Access_1.3.0_x64-setup.exe"}}}"#;

fn windows_shelf(public_url: Option<&str>) -> (tempfile::TempDir, UpdateShelf) {
    shelf(
        WINDOWS,
        &[
            ("Dealer Access_1.3.0_x64-setup.exe", "MZ installer"),
            ("Dealer Access_1.3.0_x64-setup.exe.sig", &format!("{SIG}\n")),
            ("private.key", "never served"),
        ],
        public_url,
    )
}

#[test]
fn an_older_app_is_offered_the_newer_installer_from_this_portal() {
    let (_dir, shelf) = windows_shelf(Some("https://access.example.com/"));
    let Offer::Newer(update) = shelf.offer("windows", "x86_64", "1.2.9", None).unwrap() else {
        panic!("1.2.9 is older than the 1.3.0 on the shelf, so it must be offered");
    };
    assert_eq!(update.version, "1.3.0");
    assert_eq!(update.notes.as_deref(), Some("Faster lists"));
    assert_eq!(
        update.url,
        "https://access.example.com/api/v1/app/updates/files/Dealer%20Access_1.3.0_x64-setup.exe",
        "the download comes from the portal itself, its name one escaped path segment"
    );
    assert_eq!(update.signature, SIG, "the .sig file's content, trimmed");
}

#[test]
fn a_current_or_newer_app_hears_nothing() {
    let (_dir, shelf) = windows_shelf(None);
    for current in ["1.3.0", "v1.3.0", "1.4.0", "2.0.0-beta.1"] {
        assert_eq!(
            shelf.offer("windows", "x86_64", current, Some("access.example.com")),
            Ok(Offer::Current),
            "{current} is not older than 1.3.0: no update"
        );
    }
    assert_eq!(
        shelf.offer("darwin", "aarch64", "1.0.0", Some("access.example.com")),
        Ok(Offer::Current),
        "a platform the shelf has nothing for is told there is nothing, not an error"
    );
}

#[test]
fn without_a_public_url_the_address_is_the_requests_own_host() {
    let (_dir, shelf) = windows_shelf(None);
    let url = |host| match shelf.offer("windows", "x86_64", "1.0.0", host) {
        Ok(Offer::Newer(u)) => Ok(u.url),
        other => Err(other),
    };
    assert!(
        url(Some("access.example.com"))
            .unwrap()
            .starts_with("https://access.example.com/api/v1/"),
        "off loopback the portal is only reached through TLS, so the address is https"
    );
    assert!(
        url(Some("127.0.0.1:8787"))
            .unwrap()
            .starts_with("http://127.0.0.1:8787/api/v1/")
    );
    assert!(
        url(Some("[::1]:9000"))
            .unwrap()
            .starts_with("http://[::1]:9000/")
    );
    for bad in [None, Some("evil.example/x?"), Some("user@host"), Some("")] {
        assert!(
            matches!(url(bad), Err(Err(ShelfError::Broken(_)))),
            "a Host of {bad:?} makes no download address"
        );
    }
}

#[test]
fn platform_keys_as_tauri_build_writes_them_are_found() {
    let (_dir, shelf) = shelf(
        r#"{"version": "1.3.0", "platforms": {"windows-x86_64-nsis": {"url": "setup.exe", "signature": "abc"}}}"#,
        &[("setup.exe", "MZ")],
        Some("https://portal.example.com"),
    );
    let Ok(Offer::Newer(update)) = shelf.offer("windows", "x86_64", "1.0.0", None) else {
        panic!("`windows-x86_64-nsis` serves a Windows x86_64 app");
    };
    assert_eq!(
        update.signature, "abc",
        "an inline signature wins over a .sig file"
    );
}

#[test]
fn unknown_platforms_and_versions_are_refused() {
    let (_dir, shelf) = windows_shelf(None);
    for (target, arch) in [
        ("..", "x86_64"),
        ("windows", "../.."),
        ("beos", "x86_64"),
        ("windows", ""),
    ] {
        assert!(
            matches!(
                shelf.offer(target, arch, "1.0.0", Some("h")),
                Err(ShelfError::UnknownPlatform(_))
            ),
            "{target}/{arch} is no platform an app sends"
        );
    }
    for version in ["", "latest", "1.2", "../1.0.0"] {
        assert!(
            matches!(
                shelf.offer("windows", "x86_64", version, Some("h")),
                Err(ShelfError::BadVersion(_))
            ),
            "{version:?} is not a version"
        );
    }
}

#[test]
fn only_the_installers_latest_json_names_are_served() {
    let (dir, shelf) = windows_shelf(None);
    assert_eq!(
        shelf.file("Dealer Access_1.3.0_x64-setup.exe").unwrap(),
        Some(dir.path().join("Dealer Access_1.3.0_x64-setup.exe"))
    );
    for name in [
        "private.key",
        "latest.json",
        "Dealer Access_1.3.0_x64-setup.exe.sig",
        "../Dealer Access_1.3.0_x64-setup.exe",
        "/etc/passwd",
        "",
    ] {
        assert_eq!(
            shelf.file(name).unwrap(),
            None,
            "{name:?} is not an installer latest.json names: never served"
        );
    }
}

#[test]
fn a_folder_set_up_wrong_is_reported_with_what_to_fix() {
    let broken = |manifest: &str, files: &[(&str, &str)]| {
        let (_dir, shelf) = shelf(manifest, files, Some("https://p.example.com"));
        let told = shelf.check().expect_err("the folder is wrong");
        let asked = shelf.offer("windows", "x86_64", "1.0.0", None);
        (told, asked)
    };
    let (told, asked) = broken("{not json", &[]);
    assert!(told.contains("latest.json"), "{told}");
    assert!(matches!(asked, Err(ShelfError::Broken(_))));

    let (told, _) = broken(WINDOWS, &[]);
    assert!(
        told.contains("is not in"),
        "the named installer is missing: {told}"
    );

    let (told, _) = broken(WINDOWS, &[("Dealer Access_1.3.0_x64-setup.exe", "MZ")]);
    assert!(
        told.contains("no signature"),
        "neither inline nor .sig: {told}"
    );

    let (told, _) = broken(
        r#"{"version": "1.3.0", "platforms": {"windows-x86_64": {"url": "http://elsewhere.example/setup.exe", "signature": "s"}}}"#,
        &[],
    );
    assert!(
        told.contains("https://"),
        "plain http elsewhere is refused: {told}"
    );

    let (told, _) = broken(
        r#"{"version": "1.3.0", "platforms": {"windows-x86_64": {"url": "https://elsewhere.example/setup.exe"}}}"#,
        &[],
    );
    assert!(told.contains("needs its signature"), "{told}");

    let (told, _) = broken(
        r#"{"version": "1.3.0", "platforms": {"windows-x86_64": {"url": "../outside.exe", "signature": "s"}}}"#,
        &[],
    );
    assert!(told.contains("neither a file name"), "{told}");
}

#[test]
fn an_empty_folder_offers_nothing_and_a_missing_one_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let shelf = UpdateShelf::new(dir.path().to_owned(), None).unwrap();
    assert_eq!(shelf.check(), Ok(None));
    assert_eq!(
        shelf.offer("linux", "x86_64", "0.1.0", Some("h")),
        Ok(Offer::Current)
    );
    assert!(UpdateShelf::new(dir.path().join("missing"), None).is_err());
    assert!(
        UpdateShelf::new(
            dir.path().to_owned(),
            Some(Url::parse("ftp://x.example").unwrap())
        )
        .is_err(),
        "a public URL must be http(s)"
    );
}
