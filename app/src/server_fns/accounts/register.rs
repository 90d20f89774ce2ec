use leptos::prelude::*;
use model::Me;

use crate::error::AppError;

/// Creates the account and signs the browser in with a session cookie. The page asks for
/// consent to the terms (`accept_terms` is the checkbox, empty when unticked).
#[server]
pub async fn register(
    username: String,
    email: String,
    password: String,
    phone: String,
    sms_code: String,
    #[server(default)] invite_code: String,
    #[server(default)] accept_terms: String,
) -> Result<Me, AppError> {
    use crate::server_fns::request::{market, set_cookie};
    let market = market()?;
    if accept_terms.is_empty() {
        let message = model::Msg::new(
            "请阅读并同意《用户协议》和《隐私政策》",
            "Please read and accept the Terms of Service and the Privacy Policy",
        );
        return Err(market::MarketError::invalid("acceptTerms", message).into());
    }
    let invite_code = Some(invite_code).filter(|c| !c.trim().is_empty());
    let req = model::RegisterRequest { username, email, password, phone, sms_code, invite_code, accept_terms: true };
    let done = market::accounts::register(&market, req).await?;
    let s = &market.settings;
    set_cookie(&crate::web::session_cookie(&done.token, s.cookie_secure, s.session_ttl.as_secs()));
    // The language the visitor browsed in becomes the new member's.
    match crate::i18n::request_lang() {
        Some(lang) if lang != done.user.language => {
            Ok(market::accounts::settings::set_language(&market, done.user.id, lang).await?)
        }
        _ => Ok(done.user),
    }
}
