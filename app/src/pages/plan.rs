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
use crate::server_fns::plans::get_plan;

/// One business plan: its progress while the AI writes it, then the plan itself. Rendered on
/// the server, so the address is read once.
#[component]
pub fn PlanPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok());
    let share = use_query_map().read_untracked().get("share").filter(|s| !s.is_empty());
    let user = use_user();
    let requested = share.clone();
    let plan = Resource::new(
        move || (id, requested.clone()),
        |(id, share)| async move {
            match id {
                Some(id) => get_plan(id, share).await,
                None => Err(AppError(ApiError::new("not_found", "找不到该商业计划书"))),
            }
        },
    );

    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500" role="status">"正在加载商业计划书…"</p> }>
            {move || {
                let share = share.clone();
                Suspend::new(async move {
                    let signed_in = user.signed_in().await;
                    match plan.await {
                        Err(e) => not_found(e, id, share).into_any(),
                        Ok(p) => page(p, share, signed_in).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

const DESCRIPTION: &str = "由五位 AI 分工撰写的商业计划书：创意解析、技术架构、市场调研、法律合规与财务模型。";

/// The tags a shared plan's link shows: its share address as canonical, the idea's title, and
/// the idea's share card. Search engines still skip it (`noindex`).
fn share_tags(plan: &PlanView, token: &str) -> impl IntoView + use<> {
    let site = site_url();
    let url = format!("{site}{}", String::from(LocalPath::plan(plan.id, Some(token))));
    let title = format!("商业计划书：{}", plan.idea_title);
    let image = format!("{site}/ideas/{}/card.png", plan.idea_id);
    view! {
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:type" content="article"/>
        <Meta property="og:site_name" content="AI创意交易市场"/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=DESCRIPTION/>
        <Meta property="og:url" content=url/>
        <Meta property="og:image" content=image.clone()/>
        <Meta name="twitter:card" content="summary_large_image"/>
        <Meta name="twitter:title" content=title/>
        <Meta name="twitter:description" content=DESCRIPTION/>
        <Meta name="twitter:image" content=image/>
    }
}

fn not_found(e: AppError, id: Option<i64>, share: Option<String>) -> impl IntoView {
    let missing = e.0.code == "not_found";
    let message =
        if missing { "找不到该商业计划书，或你无权查看".to_owned() } else { e.message().to_owned() };
    // Signed out, the owner sees the same answer as a stranger: offer to sign in and come back.
    let login = id.filter(|_| missing).map(|id| {
        let href = String::from(LocalPath::plan(id, share.as_deref()).login_page());
        view! {
            <p class="mt-2 text-sm text-slate-500">
                "如果这是你的计划书，请" <a href=href class="text-indigo-700">"登录"</a> "后查看。"
            </p>
        }
    });
    view! {
        <Title text="找不到商业计划书 · AI创意交易市场"/>
        <Meta name="description" content="这份商业计划书不存在或链接已失效。"/>
        <div class="rounded-xl bg-white p-10 text-center ring-1 ring-slate-200" data-testid="plan-not-found">
            <p class="text-slate-700" role="alert">{message}</p>
            {login}
            <a href="/" class="mt-4 inline-flex min-h-11 items-center text-indigo-700">"返回创意广场"</a>
        </div>
    }
}

fn page(plan: PlanView, share: Option<String>, signed_in: bool) -> impl IntoView {
    let status = plan.status;
    let id = plan.id;
    let notice = match status {
        PlanStatus::Generating => view! {
            <p class="rounded-xl bg-indigo-50 p-4 text-sm text-indigo-900 no-print" role="status" data-testid="plan-generating">
                "AI 正在撰写这份商业计划书，本页会自动更新。你也可以先离开，稍后再回来查看。"
            </p>
        }
        .into_any(),
        PlanStatus::Failed => view! {
            <p class="rounded-xl bg-rose-50 p-4 font-medium text-rose-800" role="alert" data-testid="plan-failed">
                "生成失败，积分已全额退还"
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
    let tags = share.clone().or_else(|| plan.share_token.clone()).map(|token| share_tags(&plan, &token));
    view! {
        <Title text=format!("商业计划书：{} · AI创意交易市场", plan.idea_title)/>
        <Meta name="description" content=DESCRIPTION/>
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
