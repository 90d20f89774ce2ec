use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use model::{BuyPage, PaymentProvider};

use crate::components::payments::{BuyForm, price};
use crate::format::{beijing_time, thousands};
use crate::server_fns::payments::get_buy_page;

/// Buying credits: a package, then the provider's cashier. Orders still waiting for their
/// payment are listed above, so a member without JavaScript finds the one they just made.
#[component]
pub fn BuyCreditsPage() -> impl IntoView {
    let page = Resource::new(|| (), |()| get_buy_page());
    view! {
        <Title text="购买积分 · AI创意交易市场"/>
        <Meta name="description" content="购买积分套餐，用于生成 AI 商业计划书。"/>
        <div class="mx-auto max-w-2xl space-y-4">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h1 class="text-xl font-bold">"购买积分"</h1>
                <a href="/orders" class="inline-flex min-h-11 items-center text-sm text-indigo-700 underline-offset-2 hover:underline">"我的订单"</a>
            </div>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                        Ok(None) => view! {
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200" data-testid="buy-signed-out">
                                <p class="text-slate-600">"登录后即可购买积分。"</p>
                                <a href="/login?next=%2Fcredits%2Fbuy" class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">"登录"</a>
                            </div>
                        }.into_any(),
                        Ok(Some(page)) => buy(page).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn buy(page: BuyPage) -> impl IntoView {
    let BuyPage { packages, provider, waiting, idempotency_key } = page;
    let how = match provider {
        PaymentProvider::Alipay => {
            "下单后跳转到支付宝付款：电脑上扫码或登录支付宝，手机上打开支付宝 App。订单 30 分钟内未付款将自动关闭。"
        }
        PaymentProvider::Dev => "开发环境：下单后在订单页点击“确认付款”即可模拟支付，不会产生真实扣款。",
    };
    view! {
        {(!waiting.is_empty()).then(|| view! {
            <section class="rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="orders-waiting" aria-label="待支付的订单">
                <h2 class="text-sm font-semibold text-amber-900">"待支付的订单"</h2>
                <ul class="mt-2 space-y-1 text-sm">
                    {waiting.into_iter().map(|o| view! {
                        <li>
                            <a href=format!("/orders/{}", o.id) class="text-indigo-700 underline">
                                {format!("{} 积分 · {} · {}", thousands(o.credits), price(o.amount_fen), beijing_time(o.created_at))}
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <div class="rounded-2xl bg-slate-50 p-4 sm:p-6">
            <BuyForm packages idempotency_key/>
            <p class="mt-3 text-sm text-slate-600">{how}</p>
        </div>
    }
}
