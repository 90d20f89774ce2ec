use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use model::url::LocalPath;

use crate::browser;
use crate::components::admin::refusal;
use crate::components::forms::{BUTTON_CLASS, FormMessage, INPUT_CLASS, Refusal};
use crate::server_fns::admin::{VerifySecondFactor, second_factor};

/// 两步验证: an admin sets up an authenticator app (QR code or the secret typed in) and gives a
/// code; in production the console's powers wait for it on every new sign-in.
#[component]
pub fn AdminSecondFactorPage() -> impl IntoView {
    let found = Resource::new(|| (), |_| second_factor());
    view! {
        <Title text="两步验证 · 管理后台"/>
        <Meta name="description" content="AI创意交易市场管理后台。"/>
        <div class="mx-auto max-w-md space-y-4">
            <h1 class="text-xl font-bold">"两步验证"</h1>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => refusal(Err(e), "%2Fadmin%2F2fa"),
                        Ok(None) => refusal(Ok(()), "%2Fadmin%2F2fa"),
                        Ok(Some((state, _))) if state.verified => view! {
                            <p class="rounded-2xl bg-white p-6 ring-1 ring-slate-200" data-testid="second-factor-done">
                                "这次登录已经完成两步验证。 "
                                <a href="/admin/reports" class="text-indigo-700 underline">"进入管理后台"</a>
                            </p>
                        }.into_any(),
                        Ok(Some((state, setup))) => view! {
                            <div class="space-y-4 rounded-2xl bg-white p-6 ring-1 ring-slate-200">
                                {if state.required {
                                    "管理员每次登录后需要输入身份验证器上的 6 位验证码，才能使用管理后台。"
                                } else {
                                    "本环境不强制两步验证；生产环境中管理员每次登录都需要验证码。"
                                }}
                                {setup.map(|s| view! {
                                    <div class="space-y-2" data-testid="second-factor-setup">
                                        <p class="text-sm text-slate-700">
                                            "用身份验证器 App（如 Microsoft Authenticator、Google 身份验证器或阿里云 App）扫描二维码，或手动输入密钥："
                                        </p>
                                        <img src=s.qr alt="两步验证二维码" width="220" height="220" class="mx-auto" data-testid="totp-qr"/>
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
#[island]
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
    view! {
        <ActionForm action attr:class="space-y-2">
            <label for="totp-code" class="block text-sm font-medium text-slate-700">"验证码"</label>
            <input id="totp-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required
                class=INPUT_CLASS data-testid="totp-code"/>
            <p class="min-h-5 text-sm text-red-600" role="alert" data-error-for="code">{code_error}</p>
            <FormMessage message=refused.unnamed()/>
            <button type="submit" class=format!("{BUTTON_CLASS} w-full") disabled=move || action.pending().get() data-testid="totp-submit">
                {move || if action.pending().get() { "正在验证…" } else { "验证" }}
            </button>
        </ActionForm>
    }
}
