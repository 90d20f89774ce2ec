//! Sending a file to `POST /api/attachments` and taking one off, from the browser. `XMLHttpRequest`
//! rather than `fetch`, because only it reports upload progress. On the server these do nothing.

#[cfg(feature = "hydrate")]
mod browser_side {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{File, ProgressEvent, XmlHttpRequest};

    /// How a transfer ended: the stored file, or a message for people.
    type Outcome = Result<model::Attachment, String>;

    /// The network failed: no answer to read.
    fn network() -> String {
        crate::i18n::use_text().space.files.network.to_owned()
    }

    fn message(status: u16, text: &str) -> String {
        serde_json::from_str::<model::ApiErrorBody>(text)
            .map(|body| body.error.fields.first().map(|f| f.message.clone()).unwrap_or(body.error.message))
            .unwrap_or_else(|_| (crate::i18n::use_text().space.files.failed)(status))
    }

    /// Calls `done` once, with the status and text of the answer, or the network's failure.
    fn on_answer(xhr: &XmlHttpRequest, done: impl FnOnce(Result<(u16, String), String>) + 'static) {
        let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
        let (on_load_done, on_error_done) = (done.clone(), done);
        let reader = xhr.clone();
        let on_load = Closure::once_into_js(move || {
            let status = reader.status().unwrap_or(0);
            let text = reader.response_text().ok().flatten().unwrap_or_default();
            if let Some(done) = on_load_done.borrow_mut().take() {
                done(Ok((status, text)));
            }
        });
        let on_error = Closure::once_into_js(move || {
            if let Some(done) = on_error_done.borrow_mut().take() {
                done(Err(network()));
            }
        });
        xhr.set_onload(Some(on_load.unchecked_ref()));
        xhr.set_onerror(Some(on_error.unchecked_ref()));
    }

    pub fn send(file: File, idea: Option<i64>, progress: impl Fn(f64) + 'static, done: impl FnOnce(Outcome) + 'static) {
        let Ok(xhr) = XmlHttpRequest::new() else {
            return done(Err(network()));
        };
        let name = String::from(js_sys::encode_uri_component(&file.name()));
        let url = match idea {
            Some(id) => format!("/api/attachments?idea={id}&name={name}"),
            None => format!("/api/attachments?name={name}"),
        };
        if xhr.open_with_async("POST", &url, true).is_err()
            || xhr.set_request_header("Content-Type", "application/octet-stream").is_err()
        {
            return done(Err(network()));
        }
        if let Ok(upload) = xhr.upload() {
            let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    progress(e.loaded() / e.total());
                }
            });
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            // Lives as long as the request object, which the browser frees when it is done.
            on_progress.forget();
        }
        on_answer(&xhr, move |answer| {
            done(answer.and_then(|(status, text)| match status {
                201 => serde_json::from_str::<model::Attachment>(&text).map_err(|_| network()),
                _ => Err(message(status, &text)),
            }))
        });
        let _ = xhr.send_with_opt_blob(Some(&file));
    }

    pub fn remove(id: i64, done: impl FnOnce(Result<(), String>) + 'static) {
        let Ok(xhr) = XmlHttpRequest::new() else {
            return done(Err(network()));
        };
        if xhr.open_with_async("DELETE", &format!("/api/attachments/{id}"), true).is_err() {
            return done(Err(network()));
        }
        on_answer(&xhr, move |answer| {
            done(answer.and_then(|(status, text)| if status == 204 { Ok(()) } else { Err(message(status, &text)) }))
        });
        let _ = xhr.send();
    }
}

#[cfg(feature = "hydrate")]
pub use browser_side::{remove, send};
