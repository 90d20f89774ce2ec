//! Server functions, one per file, by domain.

pub mod accounts;
pub mod admin;
pub mod credits;
pub mod ideas;
pub mod moderation;
pub mod notifications;
pub mod payments;
pub mod plans;
pub mod profiles;

#[cfg(feature = "ssr")]
pub(crate) mod request {
    //! What every server function reaches: the core and the viewer of the current request.

    use market::Market;
    use market::accounts::Viewer;

    use crate::error::AppError;

    pub fn market() -> Result<Market, AppError> {
        leptos::prelude::use_context::<Market>().ok_or_else(|| {
            market::MarketError::Internal(anyhow::anyhow!("Market missing from the Leptos context")).into()
        })
    }

    /// The signed-in viewer, resolved once per request by the server's middleware.
    pub async fn viewer() -> Option<Viewer> {
        leptos_axum::extract::<axum::Extension<Option<Viewer>>>().await.ok().and_then(|e| e.0)
    }

    /// The requesting address, as the server's middleware resolved it.
    pub async fn client_ip() -> Option<std::net::IpAddr> {
        leptos_axum::extract::<Option<axum::Extension<crate::web::ClientIp>>>().await.ok().flatten().map(|e| e.0.0)
    }

    pub async fn require_viewer() -> Result<Viewer, AppError> {
        viewer().await.ok_or_else(|| market::MarketError::Unauthorized.into())
    }

    /// Adds a `Set-Cookie` header to the response of this server function.
    pub fn set_cookie(value: &str) {
        if let (Some(opts), Ok(v)) =
            (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), axum::http::HeaderValue::from_str(value))
        {
            opts.append_header(axum::http::header::SET_COOKIE, v);
        }
    }
}
