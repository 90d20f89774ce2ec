use leptos::prelude::*;
use model::url::LocalPath;
use model::{MODERATION_TEXT_MAX, NewReport, ReportReason, ReportSubject};

use crate::browser;
use crate::i18n::use_text;
use crate::server_fns::moderation::FileReport;

const LINK_CLASS: &str = "text-sm text-slate-500 underline-offset-2 hover:text-rose-700 hover:underline \
     focus:outline-none focus:ring-2 focus:ring-rose-300 rounded";

/// "举报": a reason from the short list and a note, sent to the admins' review queue. Visitors
/// are sent to sign in first and come back.
#[island]
pub fn ReportButton(subject: ReportSubject, signed_in: bool) -> impl IntoView {
    browser::island_ready();
    let open = RwSignal::new(false);
    let t = use_text();
    let reason = RwSignal::new(None::<ReportReason>);
    let note = RwSignal::new(String::new());
    let action = ServerAction::<FileReport>::new();
    let here = match &subject {
        ReportSubject::Idea(id) => LocalPath::idea(*id),
        ReportSubject::Plan { id, share } => LocalPath::plan(*id, share.as_deref()),
    };
    let on_open = move |_| {
        if signed_in {
            open.update(|o| *o = !*o);
        } else {
            browser::go_to(&here.login_page());
        }
    };
    let missing = RwSignal::new(None::<&'static str>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(reason) = reason.get_untracked() else {
            missing.set(Some(t.idea.report_pick));
            return;
        };
        missing.set(None);
        let report = NewReport { reason, note: note.get_untracked() };
        action.dispatch(FileReport { subject: subject.clone(), report });
    };
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let error = move || {
        missing.get().map(str::to_owned).or_else(|| {
            action
                .value()
                .get()
                .and_then(Result::err)
                .map(|e| e.field("note").unwrap_or_else(|| e.message().to_owned()))
        })
    };
    view! {
        <div class="no-print">
            <Show
                when=done
                fallback=move || view! {
                    <button type="button" class=LINK_CLASS aria-expanded=move || open.get().to_string()
                        data-testid="report-open" on:click=on_open.clone()>
                        {t.idea.report}
                    </button>
                }
            >
                <p class="text-sm text-emerald-700" role="status" data-testid="report-done">
                    {t.idea.report_done}
                </p>
            </Show>
            <Show when=move || open.get() && !done()>
                <form class="mt-3 space-y-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200" on:submit=on_submit.clone()
                    data-testid="report-form">
                    <fieldset>
                        <legend class="text-sm font-medium text-slate-700">{t.idea.report_reason}</legend>
                        <div class="mt-2 flex flex-wrap gap-x-4 gap-y-2">
                            {ReportReason::ALL.into_iter().map(|r| view! {
                                <label class="inline-flex items-center gap-1 text-sm text-slate-700">
                                    <input type="radio" name="report-reason" value=r.as_str()
                                        on:change=move |_| reason.set(Some(r))/>
                                    {(t.labels.report_reason)(r)}
                                </label>
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <label class="block text-sm font-medium text-slate-700">
                        {t.idea.report_note}
                        <textarea
                            class="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
                            rows="3"
                            maxlength=MODERATION_TEXT_MAX.to_string()
                            data-testid="report-note"
                            prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <p class="text-sm text-red-700" role="alert">{error}</p>
                    <div class="flex gap-2">
                        <button type="submit" class="rounded-lg bg-rose-600 px-4 py-2 text-sm text-white hover:bg-rose-700 disabled:opacity-60"
                            disabled=move || action.pending().get() data-testid="report-submit">
                            {move || if action.pending().get() { t.idea.report_sending } else { t.idea.report_send }}
                        </button>
                        <button type="button" class="rounded-lg px-4 py-2 text-sm text-slate-600 ring-1 ring-slate-300 hover:bg-white"
                            on:click=move |_| open.set(false)>
                            {t.common.cancel}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}
