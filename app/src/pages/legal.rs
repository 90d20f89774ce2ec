use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::i18n::use_text;

const ARTICLE_CLASS: &str = "mx-auto max-w-3xl space-y-3 rounded-2xl bg-white p-6 text-sm leading-relaxed text-slate-700 shadow-sm ring-1 ring-slate-200";

/// 用户协议: what the market is and what members agree to.
#[component]
pub fn TermsPage() -> impl IntoView {
    let t = use_text();
    let legal = &t.space.legal;
    view! {
        <Title text=t.title(legal.terms_title)/>
        <Meta name="description" content=legal.terms_description/>
        <LegalArticle test_id="terms" title=legal.terms_title sections=legal.terms/>
    }
}

/// 隐私政策: what the market keeps about a member, why, and the member's rights.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = use_text();
    let legal = &t.space.legal;
    view! {
        <Title text=t.title(legal.privacy_title)/>
        <Meta name="description" content=legal.privacy_description/>
        <LegalArticle test_id="privacy" title=legal.privacy_title sections=legal.privacy/>
    }
}

/// A document: its title, version, which language binds (in a translation), then its sections.
#[component]
fn LegalArticle(
    test_id: &'static str,
    title: &'static str,
    sections: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let legal = &use_text().space.legal;
    view! {
        <article class=ARTICLE_CLASS data-testid=test_id>
            <h1 class="text-xl font-bold text-slate-900">{title}</h1>
            <p class="text-slate-500">{(legal.version)(model::TERMS_VERSION)}</p>
            {legal.binding.map(|note| view! {
                <p class="rounded-lg bg-amber-50 p-3 text-amber-900" data-testid="legal-binding">{note}</p>
            })}
            {sections.iter().map(|&(heading, text)| view! {
                <h2 class="font-semibold text-slate-900">{heading}</h2>
                <p>{text}</p>
            }).collect_view()}
        </article>
    }
}
