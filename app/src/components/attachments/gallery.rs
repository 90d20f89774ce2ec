use leptos::prelude::*;
use model::{Attachment, AttachmentKind};

use crate::i18n::use_text;

/// An idea's files: images as a grid of thumbnails (each opens the full image), PDFs as downloads.
#[component]
pub fn AttachmentGallery(attachments: Vec<Attachment>) -> impl IntoView {
    let label = use_text().space.files.gallery;
    let (images, documents): (Vec<_>, Vec<_>) = attachments.into_iter().partition(|a| a.kind == AttachmentKind::Image);
    (!images.is_empty() || !documents.is_empty()).then(|| {
        view! {
            <section class="space-y-3" aria-label=label data-testid="gallery">
                {(!images.is_empty()).then(|| view! {
                    <div class="grid grid-cols-2 gap-2 sm:grid-cols-3">
                        {images.into_iter().map(|a| {
                            let thumb = a.thumb_url.clone().unwrap_or_else(|| a.url.clone());
                            view! {
                            <a href=a.url target="_blank" rel="noopener"
                                class="block overflow-hidden rounded-lg bg-slate-100 ring-1 ring-slate-200" data-testid="gallery-image">
                                <img src=thumb alt=a.name loading="lazy" class="aspect-[4/3] w-full object-cover"/>
                            </a>
                        }}).collect_view()}
                    </div>
                })}
                {(!documents.is_empty()).then(|| view! {
                    <ul class="space-y-1">
                        {documents.into_iter().map(|a| view! {
                            <li>
                                <a href=a.url.clone() download=a.name.clone() data-testid="attachment-download"
                                    class="flex min-h-11 items-center gap-2 rounded-lg px-3 text-indigo-700 ring-1 ring-slate-200 hover:bg-indigo-50">
                                    <span class="rounded bg-rose-50 px-1.5 py-0.5 text-xs font-semibold text-rose-700">"PDF"</span>
                                    <span class="min-w-0 flex-1 truncate">{a.name.clone()}</span>
                                    <span class="text-xs text-slate-500">{model::file_size(a.bytes)}</span>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </section>
        }
    })
}
