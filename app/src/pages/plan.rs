use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use model::url::LocalPath;
use model::{ApiError, PlanStatus, PlanView, ReportSubject};

use crate::components::moderation::ReportButton;
use crate::components::plans::{LiveStages, PlanActions, PlanHeader, PlanLive, PlanProgress, PlanSections};
use crate::components::sharing::site_url;
use crate::contexts::user::use_user;
use crate::error::AppError;
use crate::i18n::{Text, use_text};
use crate::server_fns::plans::get_plan;

/// One business plan: its progress while the AI writes it, then the plan itself. Rendered on
/// the server, so the address is read once.
#[component]
pub fn PlanPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok());
    let share = use_query_map().read_untracked().get("share").filter(|s| !s.is_empty());
    let user = use_user();
    let t = use_text();
    let requested = share.clone();
    let plan = Resource::new(
        move || (id, requested.clone()),
        move |(id, share)| async move {
            match id {
                Some(id) => get_plan(id, share).await,
                None => Err(AppError(ApiError::new("not_found", t.plans.page.missing))),
            }
        },
    );

    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=move || view! { <p class="py-10 text-center text-slate-500" role="status">{t.plans.page.loading}</p> }>
            {move || {
                let share = share.clone();
                Suspend::new(async move {
                    let signed_in = user.signed_in().await;
                    match plan.await {
                        Err(e) => not_found(t, e, id, share).into_any(),
                        Ok(p) => page(t, p, share, signed_in).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The tags a shared plan's link shows: its share address as canonical, the idea's title, and
/// the idea's share card. Search engines still skip it (`noindex`).
fn share_tags(t: &'static Text, plan: &PlanView, token: &str) -> impl IntoView + use<> {
    let site = site_url();
    let url = format!("{site}{}", String::from(LocalPath::plan(plan.id, Some(token))));
    let title = (t.plans.page.plan_title)(&plan.idea_title);
    let description = t.plans.page.description;
    let image = format!("{site}/ideas/{}/card.png", plan.idea_id);
    view! {
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:type" content="article"/>
        <Meta property="og:site_name" content=t.common.site_name/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=url/>
        <Meta property="og:image" content=image.clone()/>
        <Meta name="twitter:card" content="summary_large_image"/>
        <Meta name="twitter:title" content=title/>
        <Meta name="twitter:description" content=description/>
        <Meta name="twitter:image" content=image/>
    }
}

fn not_found(t: &'static Text, e: AppError, id: Option<i64>, share: Option<String>) -> impl IntoView {
    let p = &t.plans.page;
    let missing = e.0.code == "not_found";
    let message = if missing { p.not_found_message.to_owned() } else { e.message().to_owned() };
    // Signed out, the owner sees the same answer as a stranger: offer to sign in and come back.
    let login = id.filter(|_| missing).map(|id| {
        let href = String::from(LocalPath::plan(id, share.as_deref()).login_page());
        view! {
            <p class="mt-2 text-sm text-slate-500">
                {p.login_before} <a href=href class="text-indigo-700 underline underline-offset-2">{p.login_link}</a> {p.login_after}
            </p>
        }
    });
    view! {
        <Title text=t.title(p.not_found_title)/>
        <Meta name="description" content=p.not_found_description/>
        <div class="rounded-xl bg-white p-10 text-center ring-1 ring-slate-200" data-testid="plan-not-found">
            <p class="text-slate-700" role="alert">{message}</p>
            {login}
            <a href="/" class="mt-4 inline-flex min-h-11 items-center text-indigo-700">{t.common.back_home}</a>
        </div>
    }
}

fn page(t: &'static Text, plan: PlanView, share: Option<String>, signed_in: bool) -> impl IntoView {
    let p = &t.plans.page;
    let status = plan.status;
    let id = plan.id;
    let notice = match status {
        PlanStatus::Generating => view! {
            <p class="rounded-xl bg-indigo-50 p-4 text-sm text-indigo-900 no-print" role="status" data-testid="plan-generating">
                {p.generating}
            </p>
        }
        .into_any(),
        PlanStatus::Failed => view! {
            <p class="rounded-xl bg-rose-50 p-4 font-medium text-rose-800" role="alert" data-testid="plan-failed">
                {p.failed}
            </p>
        }
        .into_any(),
        PlanStatus::Completed => {
            view! { <PlanActions id share=share.clone() share_token=plan.share_token.clone()/> }.into_any()
        }
    };
    // Once finished, the progress rows stay below the plan as the record of who wrote what.
    // Type-erased: the full plan's view type is too deep for the compiler's query limit.
    let sections = (status == PlanStatus::Completed).then(|| view! { <PlanSections plan=plan.clone()/> }.into_any());
    let progress = if status == PlanStatus::Generating {
        view! { <PlanLive id share=share.clone()/> }.into_any()
    } else {
        view! { <PlanProgress progress=plan.progress() live=LiveStages::default() now=RwSignal::new(0)/> }.into_any()
    };
    // Only the owner's view carries the token: a reader through the share link may report it.
    let report = (share.is_some() && plan.share_token.is_none()).then(|| {
        let subject = ReportSubject::Plan { id, share: share.clone() };
        view! { <div class="flex justify-end"><ReportButton subject signed_in/></div> }
    });
    let tags = share.clone().or_else(|| plan.share_token.clone()).map(|token| share_tags(t, &plan, &token));
    view! {
        <Title text=t.title(&(p.plan_title)(&plan.idea_title))/>
        <Meta name="description" content=p.description/>
        {tags}
        <article class="plan-page space-y-5" data-testid="plan-page">
            <PlanHeader plan=plan.clone()/>
            {notice}
            {sections}
            {progress}
            {report}
        </article>
    }
}
