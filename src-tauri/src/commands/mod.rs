//! Tauri commands, grouped by feature; each is thin over dealer-client.

pub mod access_reviews;
pub mod admin;
pub mod audit;
pub mod demo;
pub mod drafts;
pub mod help_desk;
pub mod mail;
pub mod registration;
pub mod requests;
pub mod reset;
pub mod session;
pub mod settings;
pub mod two_step;
pub mod updates;

#[cfg(test)]
mod contract;

#[cfg(test)]
mod tests {
    use dealer_api::ErrorCode;

    /// The command names in `text` between `start` and the next `end`, each matched by
    /// `name`.
    fn names(
        text: &str,
        start: &str,
        end: &str,
        name: impl Fn(&str) -> Option<String>,
    ) -> Vec<String> {
        let from = text.find(start).expect("the list is there") + start.len();
        let to = from + text[from..].find(end).expect("the list ends");
        let mut found: Vec<String> = text[from..to]
            .lines()
            .filter_map(|l| name(l.trim()))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn the_web_view_is_granted_exactly_the_commands_the_app_registers() {
        let handler = registered();
        let manifest = names(include_str!("../../build.rs"), ".commands(&[", "])", |l| {
            l.strip_prefix('"')
                .map(|c| c.trim_end_matches(['"', ',']).to_owned())
        });
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../../capabilities/default.json")).unwrap();
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| !CORE_PERMISSIONS.contains(p))
            .map(|p| {
                p.strip_prefix("allow-")
                    .expect("only allow- permissions")
                    .replace('-', "_")
            })
            .collect();
        granted.sort();
        assert!(
            handler.len() >= 20,
            "the handler list was read: {handler:?}"
        );
        assert_eq!(
            handler, manifest,
            "build.rs lists every registered command, and only those"
        );
        assert_eq!(
            handler, granted,
            "the capability grants every command, and nothing more"
        );
    }

    /// The commands `lib.rs` registers, by name, sorted.
    pub(super) fn registered() -> Vec<String> {
        names(include_str!("../lib.rs"), "generate_handler![", "])", |l| {
            l.strip_prefix("commands::")
                .and_then(|c| c.split("::").nth(1))
                .map(|c| c.trim_end_matches(',').to_owned())
        })
    }

    /// Core permissions the UI needs besides its commands: to hear the app's own
    /// `requests-changed` event (listen, and stop listening). It never emits, and no plugin
    /// permission is granted.
    const CORE_PERMISSIONS: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

    /// What tauri-build resolved and embedded (gen/schemas/capabilities.json, written at
    /// build time): one capability, for the main window, granting the app's own commands,
    /// the two event permissions above, and no other core or plugin permission.
    #[test]
    fn the_resolved_capabilities_grant_nothing_beyond_the_apps_commands() {
        let resolved: serde_json::Value =
            serde_json::from_str(include_str!("../../gen/schemas/capabilities.json")).unwrap();
        let capabilities = resolved.as_object().unwrap();
        assert_eq!(
            capabilities.keys().collect::<Vec<_>>(),
            ["default"],
            "one capability"
        );
        let default = &capabilities["default"];
        assert_eq!(default["windows"], serde_json::json!(["main"]));
        assert!(default.get("remote").is_none(), "no remote origin may call");
        let beyond: Vec<&str> = default["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| !p.starts_with("allow-") && !CORE_PERMISSIONS.contains(p))
            .collect();
        assert_eq!(beyond, Vec::<&str>::new(), "nothing but the app's commands");
    }

    /// The web view's configuration as built into the app.
    #[test]
    fn the_built_configuration_locks_the_web_view_down() {
        let context = crate::context();
        let app = &context.config().app;
        assert!(
            !app.with_global_tauri,
            "no window.__TAURI__ for injected scripts"
        );
        assert!(app.security.freeze_prototype, "the prototype is frozen");
        let csp = app
            .security
            .csp
            .as_ref()
            .expect("a Content-Security-Policy")
            .to_string();
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "connect-src ipc: http://ipc.localhost",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{directive} in {csp}");
        }
        for loose in ["unsafe-inline", "unsafe-eval", "http://127.0.0.1", "*"] {
            assert!(!csp.contains(loose), "{loose} in {csp}");
        }
    }

    fn signed_in_as(role: &str, pdn: Option<&str>) -> crate::SessionState {
        let me: dealer_api::Me = serde_json::from_value(serde_json::json!({
            "user_id": "someone", "first_name": "Sam", "last_name": "Patel",
            "email": "sam.patel@provider.example", "phone": null, "role": role,
            "pdn": pdn, "dealership_name": pdn.map(|_| "Lakeside Motors"),
            "must_change_password": false, "two_step_setup_required": false,
            "last_sign_in_at": null, "deactivates_at": null
        }))
        .unwrap();
        let session = crate::SessionState::default();
        session.set("token".into(), &me);
        session
    }

    #[test]
    fn access_review_commands_pick_the_managers_own_dealership_or_the_one_the_provider_names() {
        use super::access_reviews::reviewed_dealership;
        let nobody = crate::SessionState::default();
        let err = reviewed_dealership(&nobody, Some("01234".into())).unwrap_err();
        assert_eq!(
            err.code(),
            ErrorCode::Unauthenticated,
            "no session, no review"
        );

        let maria = signed_in_as("office_manager", Some("01234"));
        assert_eq!(reviewed_dealership(&maria, None).unwrap().1, "01234");
        assert_eq!(
            reviewed_dealership(&maria, Some("01234".into())).unwrap().1,
            "01234"
        );
        let err = reviewed_dealership(&maria, Some("56789".into())).unwrap_err();
        assert_eq!(
            err.code(),
            ErrorCode::Forbidden,
            "an office manager never reaches another dealership's review"
        );

        let sam = signed_in_as("reviewer", None);
        assert_eq!(
            reviewed_dealership(&sam, Some("56789".into())).unwrap().1,
            "56789"
        );
        let err = reviewed_dealership(&sam, None).unwrap_err();
        assert_eq!(
            err.code(),
            ErrorCode::BadRequest,
            "the provider names the dealership"
        );
        let err = super::requests::own_dealership(&sam).unwrap_err();
        assert_eq!(
            err.code(),
            ErrorCode::Forbidden,
            "a dealership's own list of reviews is its office manager's"
        );
    }

    #[test]
    fn request_commands_need_a_session() {
        let err = super::requests::token(&crate::SessionState::default()).unwrap_err();
        assert_eq!(
            err.code(),
            ErrorCode::Unauthenticated,
            "no session, no request data"
        );
    }
}
