use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use model::url::LocalPath;

use crate::browser;
use crate::components::admin::refusal;
use crate::components::forms::{BUTTON_CLASS, FormMessage, INPUT_CLASS, Refusal};
use crate::i18n::use_text;
use crate::server_fns::admin::{VerifySecondFactor, second_factor};

/// 两步验证: an admin sets up an authenticator app (QR code or the secret typed in) and gives a
/// code; in production the console's powers wait for it on every new sign-in.
#[component]
pub fn AdminSecondFactorPage() -> impl IntoView {
    let found = Resource::new(|| (), |_| second_factor());
    let t = use_text();
    let (c, st) = (&t.admin.console, &t.admin.second_factor);
    view! {
        <Title text=(c.page_title)(st.title)/>
        <Meta name="description" content=c.description/>
        <div class="mx-auto max-w-md space-y-4">
            <h1 class="text-xl font-bold">{st.title}</h1>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => refusal(t, Err(e), "%2Fadmin%2F2fa"),
                        Ok(None) => refusal(t, Ok(()), "%2Fadmin%2F2fa"),
                        Ok(Some((state, _))) if state.verified => view! {
                            <p class="rounded-2xl bg-white p-6 ring-1 ring-slate-200" data-testid="second-factor-done">
                                {st.done}
                                <a href="/admin/reports" class="text-indigo-700 underline">{st.enter}</a>
                            </p>
                        }.into_any(),
                        Ok(Some((state, setup))) => view! {
                            <div class="space-y-4 rounded-2xl bg-white p-6 ring-1 ring-slate-200">
                                {if state.required { st.required } else { st.optional }}
                                {setup.map(|s| view! {
                                    <div class="space-y-2" data-testid="second-factor-setup">
                                        <p class="text-sm text-slate-700">{st.scan}</p>
                                        <img src=s.qr alt=st.qr_alt width="220" height="220" class="mx-auto" data-testid="totp-qr"/>
                                        <p class="break-all rounded bg-slate-100 p-2 text-center font-mono text-sm" data-testid="totp-secret">{s.secret}</p>
                                    </div>
                                })}
                                <CodeForm/>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The code's form: on success, the console.
///
/// Lazy: one of the largest islands, so its code is a wasm file of its own that only a page
/// showing it fetches (README, "What the browser runs").
#[island(lazy)]
fn CodeForm() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<VerifySecondFactor>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get()
            && let Ok(console) = LocalPath::parse("/admin/reports")
        {
            browser::go_to(&console);
        }
    });
    let refused = Refusal::of(action);
    let code_error = refused.field("code");
    let st = &use_text().admin.second_factor;
    view! {
        <ActionForm action attr:class="space-y-2">
            <label for="totp-code" class="block text-sm font-medium text-slate-700">{st.code}</label>
            <input id="totp-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required
                class=INPUT_CLASS data-testid="totp-code"/>
            <p class="min-h-5 text-sm text-red-700" role="alert" data-error-for="code">{code_error}</p>
            <FormMessage message=refused.unnamed()/>
            <button type="submit" class=format!("{BUTTON_CLASS} w-full") disabled=move || action.pending().get() data-testid="totp-submit">
                {move || if action.pending().get() { st.verifying } else { st.verify }}
            </button>
        </ActionForm>
    }
}
