//! The router each resource module builds, and the `routes!` that registers a handler on
//! it from its `#[utoipa::path]`.
//!
//! With the `openapi` feature (the portal server's build) these are utoipa-axum's own: a
//! route and its entry in the OpenAPI document come from one declaration. Without it (the
//! desktop app's built-in portal, which never serves the document) the same declaration
//! gives the route only: its path and methods are read from the handler's `#[utoipa::path]`
//! and nothing asks for the operation, so the document's code is not linked into the app
//! (issue 18: building the router with it was 0.7 MiB of the app's code by `cargo bloat`,
//! the schemas more). The routes are the same either way: `tests/it/routes.rs` checks every
//! path of the contract in both builds (`cargo xtask test` runs it without the feature).

use crate::AppState;

#[cfg(feature = "openapi")]
pub(crate) use utoipa_axum::routes;

/// A resource's routes (and, with `openapi`, their part of the document).
#[cfg(feature = "openapi")]
pub type ApiRouter = utoipa_axum::router::OpenApiRouter<AppState>;

/// A resource's routes, without their part of the document (no `openapi` feature).
#[cfg(not(feature = "openapi"))]
#[derive(Debug, Default)]
pub struct ApiRouter(axum::Router<AppState>);

#[cfg(not(feature = "openapi"))]
impl ApiRouter {
    pub fn new() -> Self {
        Self::default()
    }

    /// The route [`routes!`] made: its path and the handlers of its methods.
    #[expect(
        clippy::disallowed_methods,
        reason = "the one registration without the document: the path and methods come \
                  from the handlers' #[utoipa::path], as with utoipa-axum's routes!"
    )]
    pub fn routes(self, (path, methods): (String, axum::routing::MethodRouter<AppState>)) -> Self {
        Self(self.0.route(&path, methods))
    }

    pub fn merge(self, other: Self) -> Self {
        Self(self.0.merge(other.0))
    }

    pub fn nest(self, path: &str, other: Self) -> Self {
        Self(self.0.nest(path, other.0))
    }

    /// `layer` around the routes so far, as `axum::Router::layer` (a body limit).
    pub fn layer<L>(self, layer: L) -> Self
    where
        L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
        L::Service: tower::Service<axum::extract::Request> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Response:
            axum::response::IntoResponse + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Error:
            Into<std::convert::Infallible> + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
    {
        Self(self.0.layer(layer))
    }

    pub fn into_router(self) -> axum::Router<AppState> {
        self.0
    }
}

/// `routes!(handler, …)`: handlers of one path (one per method), as `(path, methods)` for
/// [`ApiRouter::routes`]; the path and each handler's methods come from its
/// `#[utoipa::path]`.
#[cfg(not(feature = "openapi"))]
macro_rules! routes {
    ($first:ident $(, $rest:ident)* $(,)?) => {{
        #[allow(unused_imports)]
        use utoipa_axum::PathItemExt as _;
        let path = utoipa_axum::paste! { <[<__path_ $first>] as utoipa::Path>::path() };
        let methods = $crate::routes::router::routes!(@on axum::routing::MethodRouter::new(), $first);
        $(
            debug_assert_eq!(
                utoipa_axum::paste! { <[<__path_ $rest>] as utoipa::Path>::path() },
                path,
                "one routes! is one path"
            );
            let methods = $crate::routes::router::routes!(@on methods, $rest);
        )*
        (path, methods)
    }};
    (@on $router:expr, $handler:ident) => {
        utoipa_axum::paste! { <[<__path_ $handler>] as utoipa::Path>::methods() }
            .iter()
            .fold($router, |router, method| router.on(method.to_method_filter(), $handler))
    };
}

#[cfg(not(feature = "openapi"))]
pub(crate) use routes;
