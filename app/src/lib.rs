//! The Leptos UI of AI Market and its server functions.
// Island views nest deep types that the server build lays out whole.
#![recursion_limit = "256"]

pub mod assets;
pub mod browser;
#[cfg(feature = "hydrate")]
pub mod clipboard;
pub mod clock;
pub mod components;
pub mod contexts;
pub mod error;
pub mod format;
pub mod head;
pub mod i18n;
pub mod pages;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod web;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::assets::IslandScripts;
pub use crate::assets::{Assets, OUTPUT_NAME};
use crate::components::layout::{ConsentBanner, Header};
use crate::contexts::user::provide_user_context;
use crate::pages::{
    AdminAnalyticsPage, AdminAuditPage, AdminIdeaPage, AdminIdeasPage, AdminMemberPage, AdminMembersPage,
    AdminOrdersPage, AdminReportsPage, AdminSecondFactorPage, AuthorProfilePage, BuyCreditsPage, CreditsPage,
    ForgotPasswordPage, HomePage, IdeaPage, LoginPage, MePage, NotFoundPage, NotificationsPage, OrderPage, OrdersPage,
    PlanPage, PrivacyPage, RegisterPage, SettingsPage, SubmitPage, TermsPage, VerifyEmailPage,
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    send_content_security_policy(&options);
    let assets = use_context::<Assets>().unwrap_or_else(|| Assets::from_hashes(None));
    #[cfg(feature = "ssr")]
    let lang = i18n::provide_lang();
    #[cfg(not(feature = "ssr"))]
    let lang = i18n::use_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#4f46e5"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" id="leptos" href=assets.stylesheet.clone()/>
                <AutoReload options=options.clone()/>
                <IslandScripts assets/>
                <MetaTags/>
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

/// The page's policy names the nonce Leptos put on its hydration script, so only that inline
/// script runs. Under `cargo leptos watch` (which sets `LEPTOS_WATCH`, as `AutoReload` checks)
/// it lets the page reach the reload socket.
#[cfg(feature = "ssr")]
fn send_content_security_policy(options: &LeptosOptions) {
    use axum::http::{HeaderValue, header};
    let nonce = leptos::nonce::use_nonce();
    let response = use_context::<leptos_axum::ResponseOptions>();
    let reload = std::env::var_os("LEPTOS_WATCH").map(|_| options.reload_external_port.unwrap_or(options.reload_port));
    if let (Some(nonce), Some(response)) = (nonce, response)
        && let Ok(policy) = HeaderValue::from_str(&crate::web::page_csp(&nonce, reload))
    {
        response.insert_header(header::CONTENT_SECURITY_POLICY, policy);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_user_context();
    view! {
        <Title text=i18n::use_text().common.site_name formatter=head::title/>
        <Router>
            <Header/>
            <ConsentBanner/>
            <main class="mx-auto max-w-5xl px-4 py-6">
                // Every page waits for its data and the header's member before the first byte:
                // streamed in later, the header's placeholder moved the page (a layout shift).
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/ideas/:id") view=IdeaPage ssr=SsrMode::Async/>
                    <Route path=path!("/plans/:id") view=PlanPage ssr=SsrMode::Async/>
                    <Route path=path!("/submit") view=SubmitPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/terms") view=TermsPage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("/credits") view=CreditsPage ssr=SsrMode::Async/>
                    <Route path=path!("/credits/buy") view=BuyCreditsPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders") view=OrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/me") view=MePage ssr=SsrMode::Async/>
                    <Route path=path!("/u/:username") view=AuthorProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/orders/:id") view=OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=AdminReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/reports") view=AdminReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/orders") view=AdminOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/ideas") view=AdminIdeasPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/ideas/:id") view=AdminIdeaPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/members") view=AdminMembersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/members/:id") view=AdminMemberPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/2fa") view=AdminSecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/analytics") view=AdminAnalyticsPage ssr=SsrMode::Async/>
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="no-print mx-auto max-w-5xl px-4 pb-8 text-center text-xs text-slate-600">
                <span lang="zh-CN">"AI创意交易市场"</span>" · AI Idea Market"
            </footer>
        </Router>
    }
}
