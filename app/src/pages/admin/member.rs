use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use model::{AccountStanding, MemberDetail};

use crate::components::admin::{AdminNav, refusal};
use crate::components::payments::{OrderStateBadge, price};
use crate::format::{beijing_time, thousands};
use crate::server_fns::admin::{AdjustMemberCredits, SetMemberBanned, get_member};

const INPUT: &str = "mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3";

/// One member: account, balance and ledger, ideas, orders, reports against them; ban or unban
/// with a reason, and adjust credits through the ledger with a reason the member reads.
#[component]
pub fn AdminMemberPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let detail = Resource::new(move || id, get_member);
    view! {
        <Title text="会员详情 · 管理后台"/>
        <Meta name="description" content="AI创意交易市场管理后台。"/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">"管理后台"</h1>
            <AdminNav current="/admin/members"/>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => refusal(Err(e), "%2Fadmin%2Fmembers"),
                        Ok(None) => refusal(Ok(()), "%2Fadmin%2Fmembers"),
                        Ok(Some((d, key))) => member(d, key).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn member(d: MemberDetail, key: String) -> impl IntoView {
    let m = d.member;
    let id = m.id;
    let banned = m.standing == AccountStanding::Banned;
    view! {
        <section class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200 sm:p-6" data-testid="member">
            <h2 class="text-lg font-bold break-all">{m.username.clone()} {m.is_admin.then_some("（管理员）")}</h2>
            <p class="text-sm text-slate-600 break-all">{format!("{} · {} · 注册于 {}", m.email, m.phone.clone().unwrap_or_else(|| "未绑定手机".into()), beijing_time(m.created_at))}</p>
            <p class="flex flex-wrap gap-x-4">
                <span data-testid="member-standing">{m.standing.label_zh()}</span>
                <span data-testid="member-credits">{format!("{} 积分", thousands(m.credits))}</span>
                <span>{format!("被举报 {} 次", d.reports_against)}</span>
            </p>
        </section>
        <section class="grid gap-3 sm:grid-cols-2">
            <form method="post" action=SetMemberBanned::url() class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
                <h3 class="font-semibold">{if banned { "解除封禁" } else { "封禁账号" }}</h3>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="banned" value=(!banned).to_string()/>
                <label class="block text-sm text-slate-700">"原因" <input name="reason" required minlength="2" maxlength="500" class=INPUT data-testid="ban-reason"/></label>
                <button type="submit" data-testid="ban-toggle" class="min-h-11 w-full rounded-lg bg-rose-600 px-4 text-white hover:bg-rose-700">
                    {if banned { "解除封禁" } else { "封禁（立即结束其所有会话与令牌）" }}
                </button>
            </form>
            <form method="post" action=AdjustMemberCredits::url() class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
                <h3 class="font-semibold">"调整积分"</h3>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="key" value=key/>
                <label class="block text-sm text-slate-700">"数量（负数为扣回）" <input name="amount" type="number" required class=INPUT data-testid="adjust-amount"/></label>
                <label class="block text-sm text-slate-700">"原因（会员可见）" <input name="memo" required minlength="2" maxlength="200" class=INPUT data-testid="adjust-memo"/></label>
                <button type="submit" data-testid="adjust" class="min-h-11 w-full rounded-lg bg-indigo-600 px-4 text-white hover:bg-indigo-700">"调整"</button>
            </form>
        </section>
        <section class="rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h3 class="font-semibold">"积分明细（最近）"</h3>
            <ul class="mt-2 divide-y divide-slate-100 text-sm">
                {d.ledger.into_iter().map(|e| view! {
                    <li class="flex flex-wrap gap-x-3 py-2" data-testid="member-ledger-row">
                        <span>{e.reason_zh}</span>
                        <span class=if e.amount < 0 { "text-rose-700" } else { "text-emerald-700" }>{format!("{:+}", e.amount)}</span>
                        {e.memo.map(|memo| view! { <span class="break-words text-slate-600">{memo}</span> })}
                        <span class="ml-auto text-slate-500">{beijing_time(e.created_at)}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h3 class="font-semibold">"创意"</h3>
            <ul class="mt-2 space-y-1 text-sm">
                {d.ideas.into_iter().map(|i| view! {
                    <li><a href=format!("/ideas/{}", i.id) class="break-words text-indigo-700 underline">{i.title}</a>
                        {format!(" · {}{}", i.status.label_zh(), if i.hidden { " · 已隐藏" } else { "" })}</li>
                }).collect_view()}
            </ul>
        </section>
        <section class="rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h3 class="font-semibold">"订单"</h3>
            <ul class="mt-2 space-y-1 text-sm">
                {d.orders.into_iter().map(|o| view! {
                    <li class="flex flex-wrap items-center gap-x-3">{format!("#{} · {} 积分 · {}", o.id, thousands(o.credits), price(o.amount_fen))} <OrderStateBadge state=o.state/></li>
                }).collect_view()}
            </ul>
        </section>
    }
}
