use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;
use model::{ApiError, IdeaStatus, ReportSubject};

use crate::components::attachments::{AttachmentGallery, IdeaFiles};
use crate::components::auction::AuctionPanel;
use crate::components::ideas::{LikeButton, status_class};
use crate::components::moderation::{HiddenNotice, ReportButton};
use crate::components::notifications::WatchButton;
use crate::components::plans::GeneratePlanPanel;
use crate::components::sharing::{SharePanel, site_url};
use crate::contexts::user::use_user;
use crate::error::AppError;
use crate::i18n::use_text;
use crate::server_fns::ideas::{get_auction, get_idea};

/// One idea: its text, tags, counters, likes, and where it stands in analysis.
#[component]
pub fn IdeaPage() -> impl IntoView {
    let params = use_params_map();
    let user = use_user();
    let t = use_text();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let idea = Resource::new(id, move |id| async move {
        match id {
            Some(id) => get_idea(id).await,
            None => Err(AppError(ApiError::new("not_found", t.idea.not_found))),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
            {move || Suspend::new(async move {
                let viewer = user.id().await;
                let signed_in = viewer.is_some();
                let idea = idea.await;
                // The auction panel is handed its view rather than reading it itself, so it hydrates
                // from exactly what was rendered here (see `AuctionPanel`).
                let auction = match &idea {
                    Ok(idea) if idea.hidden_reason.is_none() => Some(get_auction(idea.id).await),
                    _ => None,
                };
                match idea {
                    Err(e) => view! {
                        <Title text=t.title(t.idea.not_found)/>
                        <Meta name="description" content=t.idea.not_found_description/>
                        <div class="rounded-xl bg-white p-10 text-center ring-1 ring-slate-200">
                            <p class="text-slate-700">{e.message().to_owned()}</p>
                            <a href="/" class="mt-4 inline-flex min-h-11 items-center text-indigo-700">{t.common.back_home}</a>
                        </div>
                    }.into_any(),
                    Ok(idea) => view! {
                        <Title text=t.title(&idea.title)/>
                        <Meta name="description" content=model::excerpt(&idea.description, 120)/>
                        {share_tags(&idea).into_any()}
                        {idea.hidden_reason.clone().map(|reason| view! { <div class="mb-4"><HiddenNotice reason/></div> }.into_any())}
                        <article class="space-y-5 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8">
                            <div class="flex flex-wrap items-center gap-2 text-xs">
                                <span class="rounded bg-indigo-50 px-2 py-0.5 text-indigo-700">{(t.labels.category)(idea.category)}</span>
                                <span class=format!("rounded px-2 py-0.5 {}", status_class(idea.status)) data-testid="idea-status">
                                    {(t.labels.status)(idea.status)}
                                </span>
                            </div>
                            <h1 class="text-2xl font-bold leading-snug break-words" data-testid="idea-title">{idea.title.clone()}</h1>
                            <div class="flex flex-wrap gap-x-4 text-sm text-slate-500">
                                <span>{t.idea.by}<a href=model::author_path(&idea.author) class="text-indigo-700 hover:underline" data-testid="idea-author">{idea.author.clone()}</a></span>
                                <span>{(t.labels.when)(idea.submitted_at)}</span>
                                <span data-testid="idea-views">{(t.idea.views)(idea.views)}</span>
                                <span>{(t.idea.ai_score)(idea.ai_score)}</span>
                            </div>
                            <p class="whitespace-pre-wrap break-words leading-relaxed text-slate-800" data-testid="idea-description">
                                {idea.description.clone()}
                            </p>
                            {view! { <AttachmentGallery attachments=idea.attachments.clone()/> }.into_any()}
                            {(viewer == Some(idea.author_id) && idea.status == IdeaStatus::Pending).then(|| view! {
                                <IdeaFiles idea=idea.id existing=idea.attachments.clone()/>
                            }.into_any())}
                            <div class="flex flex-wrap gap-1">
                                {idea.tags.iter().map(|t| view! { <span class="rounded bg-slate-100 px-2 py-0.5 text-sm text-slate-600">"#"{t.clone()}</span> }).collect_view()}
                            </div>
                            {view! {
                                <div class="flex flex-wrap items-center justify-between gap-3">
                                    <div class="flex flex-wrap items-center gap-3">
                                        <LikeButton id=idea.id liked=idea.liked likes=idea.likes signed_in/>
                                        {(signed_in && idea.status != IdeaStatus::Completed && idea.hidden_reason.is_none())
                                            .then(|| view! { <WatchButton idea_id=idea.id watching=idea.watching/> }.into_any())}
                                    </div>
                                    {(viewer != Some(idea.author_id))
                                        .then(|| view! { <ReportButton subject=ReportSubject::Idea(idea.id) signed_in/> }.into_any())}
                                </div>
                            }.into_any()}
                        </article>
                        // A hidden idea is its author's alone: no plans, no auction to watch.
                        {idea.hidden_reason.is_none().then(|| view! {
                            <div class="mt-6">{view! { <SharePanel path=format!("/ideas/{}", idea.id) title=idea.title.clone()/> }.into_any()}</div>
                            <div class="mt-6"><GeneratePlanPanel idea_id=idea.id signed_in/></div>
                            <div class="mt-6">{auction_panel(auction, idea.status != IdeaStatus::Completed)}</div>
                        }.into_any())}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn auction_panel(auction: Option<Result<model::AuctionView, AppError>>, live: bool) -> impl IntoView + use<> {
    match auction {
        Some(Ok(initial)) => view! { <AuctionPanel initial live/> }.into_any(),
        Some(Err(e)) => view! { <p class="text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
        None => ().into_any(),
    }
}

/// The canonical address, and the Open Graph and Twitter card tags a shared link shows: the
/// title, the description's start and the first image (absolute addresses on `PUBLIC_URL`).
fn share_tags(idea: &model::IdeaDetail) -> impl IntoView + use<> {
    let site = site_url();
    let url = format!("{site}/ideas/{}", idea.id);
    let description = model::excerpt(&idea.description, 120);
    // Its first image, or else the card the server draws for it (`/ideas/{id}/card.png`).
    let image = idea
        .attachments
        .iter()
        .find(|a| a.kind == model::AttachmentKind::Image)
        .map_or_else(|| format!("{site}/ideas/{}/card.png", idea.id), |a| format!("{site}{}", a.url));
    view! {
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:type" content="article"/>
        <Meta property="og:site_name" content=use_text().common.site_name/>
        <Meta property="og:title" content=idea.title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=url/>
        <Meta name="twitter:card" content="summary_large_image"/>
        <Meta name="twitter:title" content=idea.title.clone()/>
        <Meta name="twitter:description" content=description/>
        <Meta property="og:image" content=image.clone()/>
        <Meta name="twitter:image" content=image/>
    }
}
