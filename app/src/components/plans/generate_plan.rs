use leptos::prelude::*;
use model::url::LocalPath;
use model::{Agent, PlanQuote};

use super::IdeaPlanList;
use crate::browser;
use crate::components::forms::BUTTON_CLASS;
use crate::error::AppError;
use crate::i18n::{Text, use_text};
use crate::server_fns::plans::{GeneratePlan, plan_quote};

const SECONDARY_CLASS: &str = "inline-flex items-center justify-center rounded-lg bg-white px-4 py-2 font-medium \
     text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-indigo-300";

/// A fresh idempotency key for one opening of the panel: repeated clicks send the same key, so
/// the server charges once.
#[cfg(feature = "hydrate")]
fn new_request_key() -> String {
    let part = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{:08x}{:08x}-{:x}", part(), part(), js_sys::Date::now() as u64)
}

#[cfg(not(feature = "hydrate"))]
fn new_request_key() -> String {
    String::new()
}

/// The field messages when the server names fields, else its message.
fn describe(e: &AppError, separator: &str) -> String {
    if e.0.fields.is_empty() {
        e.message().to_owned()
    } else {
        e.0.fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(separator)
    }
}

/// The idea page's business-plan block: order a plan, or sign in first; the user's earlier plans.
#[component]
pub fn GeneratePlanPanel(idea_id: i64, signed_in: bool) -> impl IntoView {
    let p = &use_text().plans.panel;
    view! {
        <section
            class="space-y-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6 no-print"
            aria-labelledby="plan-heading"
            data-testid="plan-section"
        >
            <h2 id="plan-heading" class="font-semibold">{p.heading}</h2>
            <p class="text-sm text-slate-600">{p.intro}</p>
            {if signed_in {
                view! {
                    <PlanOrder idea_id/>
                    <IdeaPlanList idea_id/>
                }
                .into_any()
            } else {
                view! {
                    <a
                        href=String::from(LocalPath::idea(idea_id).login_page())
                        class="inline-block text-indigo-700 underline-offset-2 hover:underline"
                        data-testid="plan-login"
                    >
                        {p.sign_in_to_order}
                    </a>
                }
                .into_any()
            }}
        </section>
    }
}

/// The button and the inline panel that confirms the price before anything is charged.
///
/// Lazy: one of the largest islands, so its code is a wasm file of its own that only a page
/// showing it fetches (README, "What the browser runs").
#[island(lazy)]
fn PlanOrder(idea_id: i64) -> impl IntoView {
    browser::island_ready();
    let t = use_text();
    let p = &t.plans.panel;
    let open = RwSignal::new(false);
    let detailed = RwSignal::new(false);
    let services = Agent::ALL.map(|agent| (agent, RwSignal::new(true)));
    let request_key = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let quote = LocalResource::new(move || {
        let open = open.get();
        async move { if open { Some(plan_quote().await) } else { None } }
    });
    let quoted = move || quote.get().flatten().and_then(Result::ok);
    // The price of the chosen version, and whether the balance covers it.
    let price = move || quoted().map(|q| if detailed.get() { q.detailed } else { q.standard });
    let affordable = move || quoted().zip(price()).is_some_and(|(q, p)| q.balance >= p);

    let action = ServerAction::<GeneratePlan>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(created)) => browser::go_to(&LocalPath::plan(created.id, None)),
        Some(Err(e)) => error.set(Some(describe(&e, p.separator))),
        None => {}
    });

    let on_open = move |_| {
        if open.get_untracked() {
            return;
        }
        request_key.set(new_request_key());
        error.set(None);
        open.set(true);
    };
    let on_confirm = move |_| {
        let ai_services =
            services.iter().filter(|(_, on)| on.get_untracked()).map(|(a, _)| a.key().to_owned()).collect();
        error.set(None);
        action.dispatch(GeneratePlan {
            idea_id,
            detailed: detailed.get_untracked(),
            ai_services,
            request_key: request_key.get_untracked(),
        });
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !action.pending().get_untracked() {
            open.set(false);
        }
    };
    let none_chosen = move || services.iter().all(|(_, on)| !on.get());

    view! {
        <div class="space-y-3">
            <button
                type="button"
                class=BUTTON_CLASS
                aria-expanded=move || open.get().to_string()
                aria-controls="plan-panel"
                data-testid="plan-open"
                on:click=on_open
            >
                {p.open}
            </button>
            <Show when=move || open.get()>
                <div
                    id="plan-panel"
                    role="group"
                    aria-label=p.open
                    class="space-y-4 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200"
                    on:keydown=on_keydown
                >
                    <label class="flex items-start gap-2">
                        <input type="checkbox" id="plan-detailed" class="mt-1 size-4" data-testid="plan-detailed" bind:checked=detailed/>
                        <span>
                            <span class="font-medium">{p.detailed}</span>
                            <span class="block text-xs text-slate-500">{p.detailed_note}</span>
                        </span>
                    </label>
                    <fieldset class="space-y-2">
                        <legend class="text-sm font-medium text-slate-700">{p.providers}</legend>
                        <div class="flex flex-wrap gap-x-4 gap-y-2">
                            {services.iter().map(|&(agent, on)| {
                                let id = format!("plan-service-{}", agent.key());
                                let (label_for, test_id) = (id.clone(), id.clone());
                                view! {
                                    <label class="inline-flex items-center gap-2 text-sm" for=label_for>
                                        <input type="checkbox" id=id class="size-4" data-testid=test_id bind:checked=on/>
                                        {(t.labels.agent)(agent)}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                        <p class="text-xs text-slate-500">
                            {move || if none_chosen() { p.none_chosen } else { p.others_stand_in }}
                        </p>
                    </fieldset>
                    <div class="rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200" data-testid="plan-cost" aria-live="polite">
                        {move || match quote.get().flatten() {
                            None => view! { <p class="text-slate-500">{p.quoting}</p> }.into_any(),
                            Some(Err(e)) => view! { <p class="text-red-700">{e.message().to_owned()}</p> }.into_any(),
                            Some(Ok(q)) => cost_view(t, q, detailed).into_any(),
                        }}
                    </div>
                    <div class="flex flex-wrap gap-2">
                        <button
                            type="button"
                            class=BUTTON_CLASS
                            disabled=move || action.pending().get() || !affordable()
                            data-testid="plan-confirm"
                            on:click=on_confirm
                        >
                            {move || match (action.pending().get(), price()) {
                                (true, _) => p.submitting.to_owned(),
                                (false, Some(n)) => (p.confirm_for)(n),
                                (false, None) => p.confirm.to_owned(),
                            }}
                        </button>
                        <button
                            type="button"
                            class=SECONDARY_CLASS
                            disabled=move || action.pending().get()
                            data-testid="plan-cancel"
                            on:click=move |_| open.set(false)
                        >
                            {t.common.cancel}
                        </button>
                    </div>
                </div>
            </Show>
            <Show when=move || error.get().is_some()>
                <p class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="plan-error">
                    {move || error.get()}
                </p>
            </Show>
        </div>
    }
}

fn cost_view(t: &'static Text, q: PlanQuote, detailed: RwSignal<bool>) -> impl IntoView {
    let p = &t.plans.panel;
    let credits = t.common.credits;
    let price = move || if detailed.get() { q.detailed } else { q.standard };
    view! {
        <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt class="text-slate-500">{p.standard}</dt>
            <dd>{credits(q.standard)}</dd>
            <dt class="text-slate-500">{p.detailed}</dt>
            <dd>{credits(q.detailed)}</dd>
            <dt class="text-slate-500">{p.discount}</dt>
            <dd>{if q.discount_percent > 0 { (p.discount_off)(q.discount_percent) } else { p.no_discount.to_owned() }}</dd>
            <dt class="text-slate-500">{p.balance}</dt>
            <dd data-testid="plan-balance">{credits(q.balance)}</dd>
            <dt class="text-slate-500">{p.cost}</dt>
            <dd class="font-semibold text-indigo-700" data-testid="plan-price">{move || credits(price())}</dd>
        </dl>
        <Show when=move || { q.balance < price() }>
            <p class="mt-2 font-medium text-red-700" role="alert" data-testid="plan-insufficient">
                {move || (p.short)(price() - q.balance)}
            </p>
        </Show>
    }
}
