use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use model::{AccountStanding, MemberDetail};

use crate::components::admin::{AdminNav, refusal};
use crate::components::payments::{OrderStateBadge, price};
use crate::i18n::{Text, use_text};
use crate::server_fns::admin::{AdjustMemberCredits, SetMemberBanned, get_member};

const INPUT: &str = "mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3";

/// One member: account, balance and ledger, ideas, orders, reports against them; ban or unban
/// with a reason, and adjust credits through the ledger with a reason the member reads.
#[component]
pub fn AdminMemberPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let detail = Resource::new(move || id, get_member);
    let t = use_text();
    let c = &t.admin.console;
    view! {
        <Title text=(c.page_title)(t.admin.members.detail_title)/>
        <Meta name="description" content=c.description/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">{c.title}</h1>
            <AdminNav current="/admin/members"/>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => refusal(t, Err(e), "%2Fadmin%2Fmembers"),
                        Ok(None) => refusal(t, Ok(()), "%2Fadmin%2Fmembers"),
                        Ok(Some((d, key))) => member(t, d, key).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn member(t: &'static Text, d: MemberDetail, key: String) -> impl IntoView {
    let (c, mt) = (&t.admin.console, &t.admin.members);
    let m = d.member;
    let phone = m.phone.clone().unwrap_or_else(|| mt.no_phone.into());
    let id = m.id;
    let banned = m.standing == AccountStanding::Banned;
    view! {
        <section class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200 sm:p-6" data-testid="member">
            <h2 class="text-lg font-bold break-all">{m.username.clone()} {m.is_admin.then_some(mt.admin)}</h2>
            <p class="text-sm text-slate-600 break-all">{format!("{} · {phone} · {}", m.email, (mt.joined)(&(t.labels.when)(m.created_at)))}</p>
            <p class="flex flex-wrap gap-x-4">
                <span data-testid="member-standing">{(c.standing)(m.standing)}</span>
                <span data-testid="member-credits">{(t.common.credits)(m.credits)}</span>
                <span>{(mt.reported)(d.reports_against)}</span>
            </p>
        </section>
        <section class="grid gap-3 sm:grid-cols-2">
            <form method="post" action=SetMemberBanned::url() class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
                <h3 class="font-semibold">{if banned { mt.unban } else { mt.ban_title }}</h3>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="banned" value=(!banned).to_string()/>
                <label class="block text-sm text-slate-700">{mt.reason} <input name="reason" required minlength="2" maxlength="500" class=INPUT data-testid="ban-reason"/></label>
                <button type="submit" data-testid="ban-toggle" class="min-h-11 w-full rounded-lg bg-rose-600 px-4 text-white hover:bg-rose-700">
                    {if banned { mt.unban } else { mt.ban }}
                </button>
            </form>
            <form method="post" action=AdjustMemberCredits::url() class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
                <h3 class="font-semibold">{mt.adjust_title}</h3>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="key" value=key/>
                <label class="block text-sm text-slate-700">{mt.amount} <input name="amount" type="number" required class=INPUT data-testid="adjust-amount"/></label>
                <label class="block text-sm text-slate-700">{mt.memo} <input name="memo" required minlength="2" maxlength="200" class=INPUT data-testid="adjust-memo"/></label>
                <button type="submit" data-testid="adjust" class="min-h-11 w-full rounded-lg bg-indigo-600 px-4 text-white hover:bg-indigo-700">{mt.adjust}</button>
            </form>
        </section>
        <section class="rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h3 class="font-semibold">{mt.ledger}</h3>
            <ul class="mt-2 divide-y divide-slate-100 text-sm">
                {d.ledger.into_iter().map(|e| view! {
                    <li class="flex flex-wrap gap-x-3 py-2" data-testid="member-ledger-row">
                        <span>{(t.labels.ledger_reason)(&e.reason, e.amount)}</span>
                        <span class=if e.amount < 0 { "text-rose-700" } else { "text-emerald-700" }>{format!("{:+}", e.amount)}</span>
                        {e.memo.map(|memo| view! { <span class="break-words text-slate-600">{memo}</span> })}
                        <span class="ml-auto text-slate-500">{(t.labels.when)(e.created_at)}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h3 class="font-semibold">{mt.ideas}</h3>
            <ul class="mt-2 space-y-1 text-sm">
                {d.ideas.into_iter().map(|i| view! {
                    <li><a href=format!("/ideas/{}", i.id) class="break-words text-indigo-700 underline">{i.title}</a>
                        {format!(" · {}{}", (t.labels.status)(i.status), if i.hidden { mt.hidden } else { "" })}</li>
                }).collect_view()}
            </ul>
        </section>
        <section class="rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h3 class="font-semibold">{mt.orders}</h3>
            <ul class="mt-2 space-y-1 text-sm">
                {d.orders.into_iter().map(|o| view! {
                    <li class="flex flex-wrap items-center gap-x-3">{format!("#{} · {} · {}", o.id, (t.common.credits)(o.credits), price(o.amount_fen))} <OrderStateBadge state=o.state/></li>
                }).collect_view()}
            </ul>
        </section>
    }
}
