//! Sharing a page: its link to copy, a Weibo share link, and a QR code of the link that WeChat
//! opens from a scan. Drawn on the server; only the copy button runs in the browser.

use leptos::prelude::*;

use crate::components::forms::CopyLinkField;
use crate::i18n::use_text;

/// The site's address as members reach it (`PUBLIC_URL`), for absolute links in the head and in
/// QR codes; pages render on the server, where it is known.
pub fn site_url() -> String {
    #[cfg(feature = "ssr")]
    if let Some(market) = use_context::<market::Market>() {
        return market.settings.public_url.trim_end_matches('/').to_owned();
    }
    String::new()
}

#[component]
pub fn SharePanel(
    /// The page's path on this site, e.g. `/ideas/12`; the server draws its QR code at
    /// `{path}/qr.svg`.
    path: String,
    /// What the Weibo post says.
    title: String,
) -> impl IntoView {
    let url = format!("{}{path}", site_url());
    let qr = format!("{path}/qr.svg");
    let t = use_text();
    let weibo = format!(
        "https://service.weibo.com/share/share.php?url={}&title={}",
        model::url::percent_encode(&url),
        model::url::percent_encode(&title)
    );
    view! {
        <details class="rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid="share-panel">
            <summary class="min-h-11 cursor-pointer content-center font-medium">{t.idea.share}</summary>
            <div class="mt-3 grid gap-4 sm:grid-cols-[1fr_auto]">
                <div class="space-y-3">
                    {view! {
                        <CopyLinkField path=path aria_label=t.idea.share_link.to_owned() input_test_id="share-link".to_owned() copy_test_id="share-copy".to_owned()/>
                    }.into_any()}
                    <a href=weibo target="_blank" rel="noopener noreferrer" data-testid="share-weibo"
                        class="inline-flex min-h-11 items-center rounded-lg px-4 text-rose-700 ring-1 ring-rose-200 hover:bg-rose-50">
                        {t.idea.share_weibo}
                    </a>
                </div>
                {view! {
                    <figure class="text-center">
                        <img src=qr alt=t.idea.share_qr width="160" height="160" loading="lazy" class="mx-auto" data-testid="share-qr"/>
                        <figcaption class="text-xs text-slate-500">{t.idea.share_qr_caption}</figcaption>
                    </figure>
                }.into_any()}
            </div>
        </details>
    }
}
