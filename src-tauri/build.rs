fn main() {
    // Listing the app's commands makes Tauri generate one permission per command, so the
    // capability file can grant exactly these and nothing else.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "help_desk_info",
            "help_desk_find_user",
            "help_desk_verify",
            "help_desk_unlock",
            "demo_offer",
            "load_demo_data",
            "sign_in",
            "sign_out",
            "resume_session",
            "current_user",
            "change_password",
            "get_settings",
            "set_device_mode",
            "start_password_reset",
            "answer_password_reset",
            "complete_password_reset",
            "cancel_password_reset",
            "dealer_name",
            "applications",
            "question_catalogue",
            "register",
            "registration_status",
            "enroll",
            "submit_request",
            "request_detail",
            "dealer_requests",
            "dealer_users",
            "answer_request",
            "cancel_request",
            "review_queue",
            "decide_request",
            "import_requests",
            "roster_csv",
        ]),
    ))
    .expect("tauri build step failed");
}
