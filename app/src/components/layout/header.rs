use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::components::notifications::NotificationBell;
use crate::contexts::user::use_user;
use crate::i18n::{Lang, use_text};
use crate::server_fns::accounts::{Logout, SetLanguage};

/// The site header: brand, navigation, and the user with the balance or the sign-in links.
/// Rendered on the server; logging out is a plain form post, which works without JavaScript.
#[component]
pub fn Header() -> impl IntoView {
    let state = use_user();
    let t = use_text();
    view! {
        <header class="no-print sticky top-0 z-10 border-b border-slate-200 bg-white/95 backdrop-blur">
            <div class="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
                <A href="/" attr:class="inline-flex min-h-11 items-center text-lg font-bold text-indigo-700">{t.common.site_name}</A>
                <nav class="flex gap-3 text-sm text-slate-700">
                    <A href="/" attr:class="inline-flex min-h-11 items-center hover:text-indigo-700">{t.common.nav_ideas}</A>
                    <A href="/submit" attr:class="inline-flex min-h-11 items-center hover:text-indigo-700">{t.common.nav_submit}</A>
                </nav>
                <div class="ml-auto flex flex-wrap items-center justify-end gap-x-2 text-sm">
                    <Suspense fallback=|| view! { <span class="text-slate-500">"…"</span> }>
                        {move || Suspend::new(async move {
                            match state.user.await {
                                Ok(Some(me)) => view! {
                                    {me.is_admin.then(|| view! {
                                        <A href="/admin/reports" attr:class="inline-flex min-h-11 items-center text-slate-700 hover:text-indigo-700" attr:data-testid="header-admin">{t.common.nav_admin}</A>
                                    })}
                                    <NotificationBell unread=me.unread_notices/>
                                    <A href="/me" attr:class="inline-flex min-h-11 items-center text-slate-700 hover:text-indigo-700" attr:data-testid="header-user" attr:title=t.common.my_space>{me.username.clone()}</A>
                                    <A href="/credits" attr:class="inline-flex min-h-11 items-center rounded-full bg-amber-100 px-3 text-amber-800 hover:bg-amber-200" attr:data-testid="header-credits" attr:title=t.common.credits_title>
                                        {(t.common.credits)(me.credits)}
                                    </A>
                                    <form method="post" action=Logout::url()>
                                        <button type="submit" class="min-h-11 min-w-11 text-slate-500 hover:text-slate-800" data-testid="logout">{t.common.logout}</button>
                                    </form>
                                }.into_any(),
                                _ => view! {
                                    <A href="/login" attr:class="inline-flex min-h-11 items-center text-slate-700 hover:text-indigo-700">{t.common.login}</A>
                                    <A href="/register" attr:class="inline-flex min-h-11 items-center rounded-lg bg-indigo-600 px-3 text-white hover:bg-indigo-700">{t.common.register}</A>
                                }.into_any(),
                            }
                        })}
                    </Suspense>
                    <LanguageSwitch/>
                </div>
            </div>
        </header>
    }
}

/// Offers the other language: a plain form that comes back to this page.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let t = use_text();
    let other = if t.lang == Lang::Zh { Lang::En } else { Lang::Zh };
    // The header renders on the server, where the query comes without its `?`.
    let location = use_location();
    let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
    let here = if query.is_empty() { path } else { format!("{path}?{query}") };
    view! {
        <form method="post" action=SetLanguage::url()>
            <input type="hidden" name="lang" value=other.tag()/>
            <input type="hidden" name="next" value=here/>
            // (No `type`: a button submits its form by default, and pages' tests find their own
            // form's button by `button[type="submit"]`.)
            <button lang=other.tag() title=t.common.language data-testid="language-switch"
                class="min-h-11 min-w-11 rounded-lg px-2 text-slate-600 hover:text-indigo-700">
                {other.native_name()}
            </button>
        </form>
    }
}
