//! The routes themselves, with or without the OpenAPI document: the desktop app's built-in
//! portal is built without it (no `openapi` feature; src/routes/router.rs), and `cargo
//! xtask test` runs this module in that build too.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use dealer_api::paths;
use tower::ServiceExt;

use crate::support::app::TestApp;

/// `template` as the client fills it (`dealer_api::paths::fill`), every parameter `12345`
/// (a PDN; routing does not look at the others' form).
fn filled(template: &'static str) -> String {
    let values = vec!["12345"; template.matches('{').count()];
    let segments = paths::fill(template, &values).unwrap();
    format!("/{}", segments.join("/"))
}

#[tokio::test]
async fn every_path_of_the_contract_is_routed_with_or_without_the_document() {
    let app = TestApp::new().await;
    let status = |uri: String| {
        let router = dealer_portal::app(app.state.clone());
        async move {
            // No route serves TRACE: a path that is routed answers 405 (its methods say
            // what it serves), a path that is not falls through to the API's 404.
            let request = Request::builder()
                .method(Method::TRACE)
                .uri(uri)
                .body(Body::empty())
                .unwrap();
            router.oneshot(request).await.unwrap().status()
        }
    };
    for template in paths::ALL {
        let expected = if *template == paths::OPENAPI && !cfg!(feature = "openapi") {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::METHOD_NOT_ALLOWED
        };
        assert_eq!(
            status(filled(template)).await,
            expected,
            "{template}: every path the client builds from dealer_api::paths must be served \
             by every build of the portal (the document only where it is built in)"
        );
    }
    assert_eq!(
        status(format!("{}/no-such-route", paths::PREFIX)).await,
        StatusCode::NOT_FOUND,
        "a path outside the contract is the fallback's 404, so the 405s above can fail"
    );
}
