use super::*;
use crate::validate;

/// Chinese characters and the full-width punctuation that goes with them.
fn chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

fn assert_bilingual(message: &Msg) {
    let (zh, en) = (message.get(Lang::Zh), message.get(Lang::En));
    assert!(zh.chars().any(chinese), "the Chinese message is Chinese: {zh:?}");
    assert!(!en.trim().is_empty() && !en.chars().any(chinese), "the English message is English: {en:?}");
}

fn refused(result: Result<(), Msg>) -> Msg {
    result.expect_err("a bad sample")
}

#[test]
fn every_rule_says_why_in_both_languages() {
    let long = |n: usize| "x".repeat(n);
    let mut messages = vec![
        refused(validate::username("ab")),
        refused(validate::username("bad name!")),
        refused(validate::email("")),
        refused(validate::email(&format!("{}@example.com", long(100)))),
        refused(validate::email("no-at-sign")),
        refused(validate::password("short")),
        refused(validate::password(&long(200))),
        refused(validate::password("12345678")),
        refused(validate::phone("123")),
        refused(validate::sms_code("12ab")),
        refused(validate::title("abc")),
        refused(validate::title(&long(201))),
        refused(validate::title("第一行\n第二行")),
        refused(validate::description("short")),
        refused(validate::description(&long(5001))),
        refused(validate::description(&format!("{}\u{1}", long(30)))),
        refused(validate::tags(&vec!["a".to_owned(); 6])),
        refused(validate::tags(&[long(21)])),
        refused(validate::tags(&["a,b".to_owned()])),
    ];
    let fields = |result: Result<(), Vec<FieldMsg>>| result.expect_err("a bad sample");
    let idea = crate::NewIdea {
        title: "t".into(),
        description: "d".into(),
        category: "cooking".into(),
        tags: vec![],
        attachments: vec![],
    };
    let mut field_messages = fields(idea.validate().map(|_| ()));
    field_messages
        .extend(fields(crate::IdeaQuery::parse(Some("x"), Some(&long(200)), Some("y"), Some("0")).map(|_| ())));
    let report = |reason, note: String| crate::NewReport { reason, note }.validate();
    field_messages.extend(fields(report(crate::ReportReason::Other, String::new())));
    field_messages.extend(fields(report(crate::ReportReason::Spam, long(501))));
    field_messages.extend(fields(crate::moderation_reason("x").map(|_| ())));
    field_messages.extend(fields(crate::moderation_reason("违规\u{0}内容").map(|_| ())));
    let adjust = |amount, memo: &str| crate::CreditAdjustment { amount, memo: memo.to_owned() }.validate();
    field_messages.extend(fields(adjust(0, "")));
    field_messages.extend(fields(adjust(5, "补\u{0}偿")));
    let plan = |services: &[&str]| crate::PlanOptions {
        detailed: false,
        ai_services: services.iter().map(|s| (*s).to_owned()).collect(),
    };
    field_messages.extend(plan(&["nobody"]).agents().err());
    field_messages.extend(plan(&["baidu", "baidu"]).agents().err());
    let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    field_messages.extend(fields(crate::day_range(Some("12/01"), None, now).map(|_| ())));
    field_messages.extend(fields(crate::day_range(Some("2026-12-02"), Some("2026-12-01"), now).map(|_| ())));
    assert_eq!(field_messages.len(), 18, "{field_messages:?}");
    messages.extend(field_messages.into_iter().map(|f| f.message));
    for message in &messages {
        assert_bilingual(message);
    }
}

#[test]
fn the_wire_form_is_in_one_language() {
    let fields = [FieldMsg::new("title", Msg::new("标题至少 4 个字", "Titles are at least 4 characters long"))];
    let zh = ApiError::invalid(Lang::Zh, &fields);
    assert_eq!((zh.code.as_str(), zh.message.as_str()), ("invalid_field", "请检查标红的字段"));
    assert_eq!(zh.field("title"), Some("标题至少 4 个字"));
    let en = ApiError::invalid(Lang::En, &fields);
    assert_eq!(en.message, "Please check the fields marked in red");
    assert_eq!(en.field("title"), Some("Titles are at least 4 characters long"));
    let json = serde_json::to_value(ApiErrorBody { error: en }).unwrap_or_default();
    assert_eq!(json["error"]["fields"][0]["field"], "title", "the same shape: {json}");
}
