//! The baseline for `cargo xtask bench`: the smallest Tauri 2 app built in this workspace
//! with the app's release profile — one window, one static page, no plugins, no commands.
//! It reports the moment its page has loaded the same way the app does, so the bench can
//! compare cold start, memory and binary size side by side.

use tauri::webview::PageLoadEvent;

fn main() {
    tauri::Builder::default()
        .on_page_load(|_webview, payload| {
            if payload.event() == PageLoadEvent::Finished {
                eprintln!("page loaded");
            }
        })
        .run(tauri::generate_context!())
        .expect("the bare window failed to start");
}
