use leptos::prelude::*;

use crate::error::AppError;

/// The header's language switch, a plain form: remembers the language in the browser's cookie
/// (and with the account, when signed in), then goes back to `next`, a path on this site.
#[server]
pub async fn set_language(lang: String, #[server(default)] next: String) -> Result<(), AppError> {
    use crate::server_fns::request::{market, set_cookie, viewer};
    let unknown = || model::Msg::new("不支持这种语言", "This language is not supported");
    let lang = model::Lang::parse(&lang).ok_or_else(|| market::MarketError::invalid("lang", unknown()))?;
    let market = market()?;
    if let Some(viewer) = viewer().await {
        market::accounts::settings::set_language(&market, viewer.id, lang).await?;
    }
    set_cookie(&crate::web::language_cookie(lang, market.settings.cookie_secure));
    leptos_axum::redirect(model::url::LocalPath::or_home(Some(&next)).as_str());
    Ok(())
}
