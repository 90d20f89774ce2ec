use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

use crate::components::notifications::NotificationBell;
use crate::contexts::user::use_user;
use crate::server_fns::accounts::Logout;

/// The site header: brand, navigation, and the user with the balance or the sign-in links.
/// Rendered on the server; logging out is a plain form post, which works without JavaScript.
#[component]
pub fn Header() -> impl IntoView {
    let state = use_user();
    view! {
        <header class="no-print sticky top-0 z-10 border-b border-slate-200 bg-white/95 backdrop-blur">
            <div class="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
                <A href="/" attr:class="text-lg font-bold text-indigo-700">"AI创意交易市场"</A>
                <nav class="flex gap-3 text-sm text-slate-700">
                    <A href="/" attr:class="hover:text-indigo-700">"创意广场"</A>
                    <A href="/submit" attr:class="hover:text-indigo-700">"提交创意"</A>
                </nav>
                <div class="ml-auto flex items-center gap-3 text-sm">
                    <Suspense fallback=|| view! { <span class="text-slate-400">"…"</span> }>
                        {move || Suspend::new(async move {
                            match state.user.await {
                                Ok(Some(me)) => view! {
                                    {me.is_admin.then(|| view! {
                                        <A href="/admin/reports" attr:class="text-slate-700 hover:text-indigo-700" attr:data-testid="header-admin">"管理"</A>
                                    })}
                                    <NotificationBell unread=me.unread_notices/>
                                    <A href="/me" attr:class="text-slate-700 hover:text-indigo-700" attr:data-testid="header-user" attr:title="我的空间">{me.username.clone()}</A>
                                    <A href="/credits" attr:class="rounded-full bg-amber-100 px-2 py-0.5 text-amber-800 hover:bg-amber-200" attr:data-testid="header-credits" attr:title="积分余额与明细">
                                        {format!("{} 积分", me.credits)}
                                    </A>
                                    <form method="post" action=Logout::url()>
                                        <button type="submit" class="text-slate-500 hover:text-slate-800" data-testid="logout">"退出"</button>
                                    </form>
                                }.into_any(),
                                _ => view! {
                                    <A href="/login" attr:class="text-slate-700 hover:text-indigo-700">"登录"</A>
                                    <A href="/register" attr:class="rounded-lg bg-indigo-600 px-3 py-1.5 text-white hover:bg-indigo-700">"注册"</A>
                                }.into_any(),
                            }
                        })}
                    </Suspense>
                </div>
            </div>
        </header>
    }
}
