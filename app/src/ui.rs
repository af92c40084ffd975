//! Building blocks every view uses: loading state, error alerts, the confirmation dialog,
//! and `Remote`, the state of data on its way from the API.

use std::future::Future;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::failure::ApiFailure;
use crate::i18n::Key;
use crate::portal::use_portal;

/// Data from the API: still coming, here, or refused.
#[derive(Debug, Clone)]
pub enum Remote<T> {
    Loading,
    Ready(T),
    Failed(ApiFailure),
}

impl<T> From<Result<T, ApiFailure>> for Remote<T> {
    fn from(r: Result<T, ApiFailure>) -> Self {
        match r {
            Ok(v) => Remote::Ready(v),
            Err(e) => Remote::Failed(e),
        }
    }
}

/// Runs `call` and puts its outcome into `target`, which shows `Loading` meanwhile.
pub fn load<T, F>(target: RwSignal<Remote<T>>, call: F)
where
    T: Send + Sync + 'static,
    F: Future<Output = Result<T, ApiFailure>> + 'static,
{
    target.set(Remote::Loading);
    spawn_local(async move {
        let outcome = call.await;
        // The view may be gone by now; then there is nothing to update.
        _ = target.try_set(outcome.into());
    });
}

#[component]
pub fn Spinner() -> impl IntoView {
    let portal = use_portal();
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {move || portal.t(Key::Loading)}
        </p>
    }
}

/// A refusal or failure, in the person's language (and about the person an admin acts for),
/// with a retry when one makes sense.
#[component]
pub fn ErrorAlert(
    failure: ApiFailure,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let portal = use_portal();
    view! {
        <div class="alert alert-error" role="alert" data-testid=testid.unwrap_or("error")>
            <p>{move || portal.t(failure.key())}</p>
            {retry
                .map(|retry| {
                    view! {
                        <button type="button" class="button" on:click=move |_| retry.run(())>
                            {move || portal.t(Key::Retry)}
                        </button>
                    }
                })}
        </div>
    }
}

/// A modal question before something that cannot be taken back. Escape and Cancel close
/// it; the browser keeps focus inside while it is open and returns it afterwards.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    title: Key,
    text: Key,
    confirm: Key,
    testid: &'static str,
    confirm_testid: &'static str,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let portal = use_portal();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let wanted = open.get();
        if let Some(d) = dialog.get() {
            if wanted && !d.open() {
                _ = d.show_modal();
            } else if !wanted && d.open() {
                d.close();
            }
        }
    });
    let title_id = format!("{testid}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            data-testid=testid
            aria-labelledby=labelled_by
            on:close=move |_| open.set(false)
        >
            <h3 id=title_id>{move || portal.t(title)}</h3>
            <p>{move || portal.t(text)}</p>
            {children.map(|c| c())}
            <div class="actions">
                <button type="button" class="button" autofocus on:click=move |_| open.set(false)>
                    {move || portal.t(Key::Cancel)}
                </button>
                <button
                    type="button"
                    class="button button-danger"
                    data-testid=confirm_testid
                    disabled=move || pending.get()
                    on:click=move |_| on_confirm.run(())
                >
                    {move || portal.t(confirm)}
                </button>
            </div>
        </dialog>
    }
}

/// Lets a view send the reader to another tab ("the newsletter has its own tab"), with the
/// focus on that tab's panel. The tab list provides it.
#[derive(Clone, Copy)]
pub struct TabNav {
    open: Callback<&'static str>,
}

impl TabNav {
    pub fn new(open: Callback<&'static str>) -> TabNav {
        TabNav { open }
    }

    /// Opens the tab whose id is `id` (`newsletter`, `purposes`…).
    pub fn open(&self, id: &'static str) {
        self.open.run(id);
    }
}
