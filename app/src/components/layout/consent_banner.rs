use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::contexts::user::use_user;
use crate::i18n::use_text;
use crate::server_fns::accounts::AcceptTerms;

/// Asks a signed-in member who has not accepted the 用户协议 and 隐私政策 in force (an older
/// version, or a registration through the API without consent) to accept them. A plain form,
/// so it works without JavaScript.
#[component]
pub fn ConsentBanner() -> impl IntoView {
    let state = use_user();
    let t = use_text();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match state.user.await {
                    Ok(Some(me)) if !me.terms_accepted => Some(view! {
                        <div class="no-print border-b border-amber-200 bg-amber-50" role="region" aria-label=t.common.consent_region data-testid="consent-banner">
                            <form method="post" action=AcceptTerms::url() class="mx-auto flex max-w-5xl flex-wrap items-center gap-3 px-4 py-2 text-sm text-amber-900">
                                <span>
                                    {t.common.consent_read}<a href="/terms" class="underline">{t.common.terms}</a>{t.common.and}<a href="/privacy" class="underline">{t.common.privacy}</a>
                                    {(t.common.consent_version)(model::TERMS_VERSION)}
                                </span>
                                <button type="submit" class="rounded-lg bg-amber-700 px-3 py-1 text-white hover:bg-amber-800" data-testid="accept-terms">{t.common.consent_accept}</button>
                            </form>
                        </div>
                    }),
                    _ => None,
                }
            })}
        </Suspense>
    }
}
