//! Tauri commands, grouped by feature; each is thin over dealer-client.

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
        let handler = names(include_str!("../lib.rs"), "generate_handler![", "])", |l| {
            l.strip_prefix("commands::")
                .and_then(|c| c.split("::").nth(1))
                .map(|c| c.trim_end_matches(',').to_owned())
        });
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
            .filter(|p| *p != "core:default")
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
