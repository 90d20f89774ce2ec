//! Hostile text in every field a member can write, read back from every page that shows it: the
//! served HTML holds it as text, escaped exactly once, and never as markup (head included).
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use std::time::Duration;

use scraper::{ElementRef, Html, Selector};
use serde_json::{Value, json};
use support::{Backend, TestServer, grant_admin, read_events, register};
use testkit::both_backends;

both_backends!(hostile_text_stays_text_on_every_page);

/// The pieces of the corpus: closing the title, a meta refresh, scripts, event handlers,
/// quotes of both kinds, entities and a bare `&`.
const TITLE: &str = r#"</title><meta http-equiv=refresh content="0;url=https://evil.example/"> x <script>alert(1)</script> "q" 'q' & &amp;"#;
const DESCRIPTION: &str = r#"描述：</p><script>alert(2)</script> "><svg onload=alert(3)> '><img src=x onerror=alert(4)> </textarea><b>粗</b> &lt;已转义&gt; & 完"#;
const TAGS: [&str; 5] = ["<script>", r#""><b>"#, "&amp;", "</title>", "<img src=x>"];
const TOKEN_NAME: &str = r#"</title><script>alert(5)</script>"#;
const EMAIL: &str = r#""><svg/onload=alert(6)>&'@evil.example"#;
const MEMO: &str = r#"</li><script>alert(7)</script> & 补偿"#;
const QUERY: &str = r#""><script>alert(8)</script>&"#;

/// Nothing of the document is markup that came from input: one `<title>` (with `title` as its
/// text when given), no refresh, no handler attributes, no script but the page's own.
fn assert_no_markup(html: &str, page: &str, title: Option<&str>) -> Html {
    let doc = Html::parse_document(html);
    let all = |css: &str| doc.select(&Selector::parse(css).unwrap()).collect::<Vec<ElementRef>>();
    let titles = all("title");
    assert_eq!(titles.len(), 1, "{page}: one <title>");
    assert!(all("head title").len() == 1, "{page}: the title is in the head");
    if let Some(expected) = title {
        assert_eq!(titles[0].text().collect::<String>(), expected, "{page}: the title, escaped once");
    }
    assert!(all("meta[http-equiv]").is_empty(), "{page}: no meta http-equiv");
    assert!(all("base, iframe, object, embed, textarea b").is_empty(), "{page}: nothing injected");
    for el in all("*") {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "{page}: a handler attribute {name}={value:?} on <{}>", el.value().name());
            assert!(!value.trim_start().to_lowercase().starts_with("javascript:"), "{page}: {name}={value:?}");
        }
    }
    for script in all("script") {
        let text = script.text().collect::<String>();
        assert!(!text.contains("alert("), "{page}: a script holds input: {text}");
        assert!(script.value().attr("nonce").is_some() || script.value().attr("src").is_some(), "{page}: {text}");
    }
    for raw in ["<script>alert", "<svg onload", "<img src=x", "<meta http-equiv", "</title><meta"] {
        if let Some(at) = html.find(raw) {
            panic!(
                "{page}: {raw:?} appears unescaped: …{}…",
                &html[at.saturating_sub(300)..(at + 100).min(html.len())]
            );
        }
    }
    doc
}

fn text_of(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap()).map(|e| e.text().collect::<String>()).collect()
}

async fn page(s: &TestServer, c: &reqwest::Client, path: &str) -> String {
    let res = c.get(s.url(path)).send().await.expect("page");
    assert!(res.status().is_success() || res.status() == 404, "{path}: {}", res.status());
    res.text().await.expect("html")
}

async fn hostile_text_stays_text_on_every_page(backend: Backend) {
    let mut s = TestServer::start_with(backend, &[("PLAN_OFFLINE_PACE_MS", "0")]).await;
    let api = reqwest::Client::new();

    // Usernames allow no markup at all: the refusal names the field.
    api.post(s.url("/api/auth/sms-code")).json(&json!({"phone": "13900000077"})).send().await.unwrap();
    let code = s.sms_code("13900000077").await;
    for username in ["<b>x</b>", "a&b", "x\"y", "</title>"] {
        let res = api
            .post(s.url("/api/auth/register"))
            .json(&json!({"username": username, "email": "u@example.com", "password": "tea-garden-2026", "phone": "13900000077", "smsCode": code}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{username}");
        assert_eq!(res.json::<Value>().await.unwrap()["error"]["fields"][0]["field"], "username");
    }
    // An email address may hold quotes and angle brackets.
    let res = api
        .post(s.url("/api/auth/register"))
        .json(&json!({"username": "hostile", "email": EMAIL, "password": "tea-garden-2026", "phone": "13900000077", "smsCode": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let admin = register(&mut s, &api, 1).await;
    assert!(grant_admin(&s, "user1").status.success());

    // The hostile member writes an idea and an API token name; a browser session reads them back.
    let browser = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let mut origin = reqwest::header::HeaderMap::new();
    origin.insert(reqwest::header::ORIGIN, s.url("").parse().unwrap());
    let login = browser
        .post(s.url("/api/auth/login"))
        .headers(origin)
        .json(&json!({"login": "hostile", "password": "tea-garden-2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let hostile_token = login.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    let idea = json!({"title": TITLE, "description": DESCRIPTION, "category": "tech", "tags": TAGS});
    let res = api.post(s.url("/api/ideas")).bearer_auth(&hostile_token).json(&idea).send().await.unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let idea_id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = api.post(s.url("/api/me/tokens")).bearer_auth(&hostile_token).json(&json!({"name": TOKEN_NAME})).send();
    assert_eq!(res.await.unwrap().status(), 201);

    // Plan options allow no free text: a hostile provider name is refused.
    let plan = |services: Value| {
        api.post(s.url("/api/business-plan/generate"))
            .bearer_auth(&hostile_token)
            .json(&json!({"ideaId": idea_id, "options": {"detailed": false, "aiServices": services}}))
            .send()
    };
    let refused = plan(json!(["<script>alert(9)</script>"])).await.unwrap();
    assert_eq!(refused.status(), 422);
    // The refusal may quote the value, but as JSON: data to a client, never a page.
    assert_eq!(refused.headers()[reqwest::header::CONTENT_TYPE], "application/json");
    assert_eq!(refused.headers()["x-content-type-options"], "nosniff");
    let created: Value = plan(json!(["baidu", "alibaba"])).await.unwrap().json().await.unwrap();
    let plan_id = created["id"].as_i64().expect("a plan");
    let mut stream = api
        .get(s.url(&format!("/api/business-plan/{plan_id}/stream")))
        .bearer_auth(&hostile_token)
        .send()
        .await
        .unwrap();
    read_events(&mut stream, Duration::from_secs(30), |e| e.iter().any(|e| e.name == "finished")).await;
    let res =
        api.get(s.url(&format!("/api/business-plan/{plan_id}"))).bearer_auth(&hostile_token).send().await.unwrap();
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["status"], "completed");
    let share = view["shareToken"].as_str().expect("a finished plan has a share token").to_owned();

    // The idea page: head and body.
    let html = page(&s, &browser, &format!("/ideas/{idea_id}")).await;
    let doc = assert_no_markup(&html, "idea page", Some(&format!("{TITLE} · AI创意交易市场")));
    assert_eq!(text_of(&doc, "[data-testid=idea-title]"), [TITLE]);
    assert_eq!(
        text_of(&doc, "[data-testid=idea-description]").first().map(|d| d.trim().to_owned()),
        Some(DESCRIPTION.to_owned())
    );
    // The shared link's card holds the same text as data, and the page names its canonical address.
    let attr = |css: &str, name: &str| {
        doc.select(&Selector::parse(css).unwrap()).next().and_then(|e| e.value().attr(name).map(str::to_owned))
    };
    assert_eq!(attr(r#"meta[property="og:title"]"#, "content").as_deref(), Some(TITLE));
    assert_eq!(attr(r#"meta[name="twitter:title"]"#, "content").as_deref(), Some(TITLE));
    let site = s.market().settings.public_url.trim_end_matches('/').to_owned();
    assert_eq!(attr(r#"link[rel="canonical"]"#, "href"), Some(format!("{site}/ideas/{idea_id}")));
    let description = doc.select(&Selector::parse("meta[name=description]").unwrap()).next().expect("a description");
    assert!(
        description.value().attr("content").unwrap().starts_with("描述：</p><script>"),
        "the attribute holds the text"
    );
    for tag in TAGS {
        assert!(text_of(&doc, "article span").iter().any(|t| t == &format!("#{tag}")), "tag {tag}");
    }

    // The list, with a hostile search too (it is echoed in the search box and the links).
    for path in [
        "/".to_owned(),
        format!("/?search={}", model::url::percent_encode(QUERY)),
        format!("/?search={}", model::url::percent_encode("alert")),
    ] {
        let html = page(&s, &browser, &path).await;
        assert_no_markup(&html, &path, None);
    }
    let html = page(&s, &browser, &format!("/?search={}", model::url::percent_encode("</title>"))).await;
    let doc = assert_no_markup(&html, "search", None);
    assert!(text_of(&doc, "[data-testid=idea-card] a").iter().any(|t| t == TITLE), "the card shows the title as text");

    // The plan page, its owner's and through the share link, and with a hostile share value.
    let plan_title = format!("商业计划书：{TITLE} · AI创意交易市场");
    for (client, path) in [
        (&browser, format!("/plans/{plan_id}")),
        (&api, format!("/plans/{plan_id}?share={share}")),
        (&api, format!("/plans/{plan_id}?share={}", model::url::percent_encode(QUERY))),
    ] {
        let html = page(&s, client, &path).await;
        let title = (!path.contains("alert")).then_some(plan_title.as_str());
        assert_no_markup(&html, &path, title);
    }
    let md = api.get(s.url(&format!("/api/business-plan/{plan_id}/markdown?share={share}"))).send().await.unwrap();
    let md = md.text().await.unwrap();
    // A Markdown reader finds no HTML but the export's own `<br>` in table cells, no links, and
    // reads the title back as written.
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let events: Vec<Event> = Parser::new_ext(&md, Options::ENABLE_TABLES).collect();
    let html = events.iter().filter(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => &**h != "<br>",
        e => matches!(e, Event::Start(Tag::Link { .. } | Tag::Image { .. })),
    });
    assert_eq!(html.count(), 0, "Markdown holds markup:\n{md}");
    let heading: String = events
        .iter()
        .skip(1)
        .take_while(|e| !matches!(e, Event::End(_)))
        .filter_map(|e| if let Event::Text(t) = e { Some(&**t) } else { None })
        .collect();
    assert_eq!(heading, format!("{TITLE}：商业计划书"));

    // The data export carries the text as JSON, to be saved, never shown as a page.
    let export = browser.get(s.url("/api/me/export")).send().await.unwrap();
    assert_eq!(export.headers()[reqwest::header::CONTENT_TYPE], "application/json");
    assert_eq!(export.headers()["x-content-type-options"], "nosniff");
    assert!(export.headers()[reqwest::header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment;"));
    let export: Value = export.json().await.unwrap();
    assert_eq!(export["ideas"][0]["title"], TITLE);
    assert_eq!(export["apiTokens"][0]["name"], TOKEN_NAME);

    // Settings (email, token names) and credits (an admin's note).
    let html = page(&s, &browser, "/settings").await;
    let doc = assert_no_markup(&html, "settings", Some("账户设置 · AI创意交易市场"));
    assert_eq!(text_of(&doc, "[data-testid=settings-email]"), [EMAIL.to_lowercase()]);
    assert!(
        text_of(&doc, "[data-testid=token-row]").iter().any(|t| t.contains(TOKEN_NAME)),
        "the token's name as text"
    );
    let me: Value = api.get(s.url("/api/me")).bearer_auth(&hostile_token).send().await.unwrap().json().await.unwrap();
    let adjust = api
        .post(s.url(&format!("/api/admin/users/{}/credits", me["id"])))
        .bearer_auth(&admin)
        .header("idempotency-key", "memo")
        .json(&json!({"amount": 5, "memo": MEMO}))
        .send();
    assert_eq!(adjust.await.unwrap().status(), 200);
    let html = page(&s, &browser, "/credits").await;
    let doc = assert_no_markup(&html, "credits", Some("我的积分 · AI创意交易市场"));
    assert_eq!(text_of(&doc, "[data-testid=ledger-memo]"), [MEMO]);

    // Pages that echo their query: sign-in's return path and registration's invite code.
    for path in [
        format!("/login?next={}", model::url::percent_encode(QUERY)),
        format!("/login?next={}", model::url::percent_encode(&format!("/ideas/{idea_id}?q={QUERY}"))),
        format!("/register?invite={}&next={}", model::url::percent_encode(QUERY), model::url::percent_encode(QUERY)),
    ] {
        let html = page(&s, &api, &path).await;
        assert_no_markup(&html, &path, None);
    }
    s.stop().await;
}
