use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use model::{ApiError, Lang, Msg};
use serde::{Deserialize, Serialize};

/// The error every server function returns: the same shape as the REST API's errors, so a form
/// can show field messages, in the language of the page (the request's language cookie).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppError(pub ApiError);

impl AppError {
    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn field(&self, name: &str) -> Option<String> {
        self.0.field(name).map(str::to_owned)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let message = match value {
            ServerFnErrorErr::Request(_) => Msg::new(
                "网络连接失败，请检查网络后重试",
                "The connection failed; please check your network and try again",
            ),
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Msg::new("提交的内容不完整，请检查后重试", "What was sent is incomplete; please check it and try again")
            }
            _ => Msg::new("服务器开小差了，请稍后重试", "Something went wrong on our side; please try again later"),
        };
        Self(ApiError::new("request_failed", message.get(lang())))
    }
}

#[cfg(feature = "ssr")]
impl From<market::MarketError> for AppError {
    fn from(e: market::MarketError) -> Self {
        if let market::MarketError::Internal(cause) = &e {
            tracing::error!(error = ?cause, "server function failed");
        }
        if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
            && let Ok(status) = axum::http::StatusCode::from_u16(e.status_code())
        {
            opts.set_status(status);
        }
        Self(e.to_api_error(lang()))
    }
}

/// The language errors are written in: on the server the request's (its language cookie), in
/// the browser the page's.
fn lang() -> Lang {
    #[cfg(feature = "ssr")]
    return crate::i18n::request_lang().unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    crate::i18n::use_lang()
}
