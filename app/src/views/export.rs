//! "Download my data": the full export (GDPR art. 20) as JSON or as a page to read in the
//! person's language, streamed with a live count of bytes received, then handed to the
//! browser as a file.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::browser;
use crate::failure::ApiFailure;
use crate::format;
use crate::http::{self, ExportForm};
use crate::i18n::{Key, fill, t};
use crate::portal::use_portal;
use crate::ui::ErrorAlert;

#[derive(Debug, Clone, PartialEq)]
enum ExportState {
    Idle,
    Running {
        received: u64,
        estimated: Option<u64>,
    },
    Done(u64),
    Failed(ApiFailure),
}

#[component]
pub fn ExportPanel() -> impl IntoView {
    let portal = use_portal();
    let state = RwSignal::new(ExportState::Idle);
    // Leaving the widget cancels a download in flight instead of letting it run on unseen.
    let abort = StoredValue::new_local(None::<AbortController>);
    on_cleanup(move || {
        if let Some(Some(c)) = abort.try_get_value() {
            c.abort();
        }
    });

    let running = move || matches!(state.get(), ExportState::Running { .. });
    let start = move |form: ExportForm| {
        if matches!(state.get_untracked(), ExportState::Running { .. }) {
            return;
        }
        state.set(ExportState::Running {
            received: 0,
            estimated: None,
        });
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        abort.set_value(controller);
        spawn_local(async move {
            let outcome = http::download_export(portal, form, signal, |received, estimated| {
                _ = state.try_set(ExportState::Running {
                    received,
                    estimated,
                });
            })
            .await;
            let next = match outcome {
                Ok(file) => {
                    let name = format::export_file_name(
                        &portal.subject_id(),
                        browser::today(),
                        form.extension(),
                    );
                    browser::save_file(&file.blob, &name);
                    ExportState::Done(file.bytes)
                }
                Err(f) => ExportState::Failed(f),
            };
            _ = state.try_set(next);
        });
    };

    // Re-render only when the phase changes; the byte count updates in place, so the
    // progress bar is not rebuilt for every chunk.
    let phase = Memo::new(move |_| match state.get() {
        ExportState::Idle => 0,
        ExportState::Running { .. } => 1,
        ExportState::Done(_) => 2,
        ExportState::Failed(_) => 3,
    });
    let progress = move || match state.get() {
        ExportState::Running {
            received,
            estimated,
        } => (received, format::progress_permille(received, estimated)),
        _ => (0, None),
    };
    let status = move || match (phase.get(), state.get_untracked()) {
        (1, _) => view! {
            <div class="progress-block">
                <progress
                    data-testid="export-progress"
                    aria-label=move || portal.t(Key::ExportProgress)
                    max="1000"
                    value=move || progress().1.map(|f| f.to_string())
                ></progress>
                <p data-testid="export-status">
                    {move || {
                        let l = portal.locale.get();
                        fill(t(l, Key::ExportRunning), &[&format::bytes(l, progress().0)])
                    }}
                </p>
            </div>
        }
        .into_any(),
        (_, ExportState::Done(bytes)) => view! {
            <p class="alert alert-success" role="status" data-testid="export-done">
                {move || {
                    let l = portal.locale.get();
                    fill(t(l, Key::ExportDone), &[&format::bytes(l, bytes)])
                }}
            </p>
        }
        .into_any(),
        (_, ExportState::Failed(f)) => {
            view! { <ErrorAlert failure=f testid="export-error" /> }.into_any()
        }
        _ => ().into_any(),
    };

    view! {
        <p class="intro">{move || portal.t(Key::ExportIntro)}</p>
        <div class="actions">
            <button
                type="button"
                class="button button-primary"
                data-testid="export-button"
                disabled=running
                on:click=move |_| start(ExportForm::Json)
            >
                {move || portal.t(Key::ExportButton)}
            </button>
            <button
                type="button"
                class="button"
                data-testid="export-html-button"
                disabled=running
                on:click=move |_| start(ExportForm::Html)
            >
                {move || portal.t(Key::ExportHtmlButton)}
            </button>
        </div>
        {status}
    }
}
