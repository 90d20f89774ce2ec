//! Field rules. Each returns the message to show, in both languages, or `Ok(())`.

use crate::{FieldMsg, Msg};

// The limits of each field, which the forms also show.
pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 20;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;
pub const EMAIL_MAX: usize = 100;
pub const SMS_CODE_LEN: usize = 6;
pub const TITLE_MIN: usize = 4;
pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MIN: usize = 20;
pub const DESCRIPTION_MAX: usize = 5000;
pub const TAGS_MAX: usize = 5;
pub const TAG_MAX: usize = 20;

/// Collects field errors so that a form shows all of them at once.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldMsg>);

impl Errors {
    pub fn check(&mut self, field: &str, result: Result<(), Msg>) {
        if let Err(message) = result {
            self.push(field, message);
        }
    }

    pub fn push(&mut self, field: &str, message: Msg) {
        self.0.push(FieldMsg::new(field, message));
    }

    pub fn finish(self) -> Result<(), Vec<FieldMsg>> {
        if self.0.is_empty() { Ok(()) } else { Err(self.0) }
    }
}

fn len(s: &str) -> usize {
    s.chars().count()
}

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

pub fn username(s: &str) -> Result<(), Msg> {
    let n = len(s);
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&n) {
        return Err(Msg::new(
            format!("用户名需 {USERNAME_MIN}–{USERNAME_MAX} 个字符"),
            format!("Usernames are {USERNAME_MIN}–{USERNAME_MAX} characters long"),
        ));
    }
    let ok = s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return Err(Msg::new(
            "用户名只能包含字母、数字、汉字、下划线和连字符",
            "Usernames may contain only letters, digits, Chinese characters, underscores and hyphens",
        ));
    }
    if s.contains('@') {
        return Err(Msg::new("用户名不能包含 @", "Usernames cannot contain @"));
    }
    Ok(())
}

pub fn email(s: &str) -> Result<(), Msg> {
    if s.is_empty() {
        return Err(Msg::new("请填写邮箱", "Please enter an email address"));
    }
    if len(s) > EMAIL_MAX {
        return Err(Msg::new(
            format!("邮箱最多 {EMAIL_MAX} 个字符"),
            format!("Email addresses are at most {EMAIL_MAX} characters long"),
        ));
    }
    let valid = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
                && !domain.contains('@')
        }
        None => false,
    };
    if valid { Ok(()) } else { Err(Msg::new("邮箱格式不正确", "This is not a valid email address")) }
}

/// Passwords that top the published breach lists (and their Chinese favourites): the first
/// guesses of any attacker, refused whatever their length.
const COMMON_PASSWORDS: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "12345678910",
    "11111111",
    "00000000",
    "88888888",
    "66666666",
    "87654321",
    "11223344",
    "12341234",
    "123123123",
    "147258369",
    "1qaz2wsx",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "qwertyui",
    "qwerty123",
    "qwertyuiop",
    "asdfghjk",
    "asdfasdf",
    "zxcvbnm1",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "iloveyou",
    "woaini1314",
    "woaini520",
    "5201314520",
    "abc12345",
    "abcd1234",
    "a1234567",
    "a12345678",
    "aa123456",
    "admin123",
    "administrator",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "superman",
    "starwars",
    "whatever",
    "trustno1",
    "qazwsxedc",
    "1234qwer",
    "qwer1234",
    "zxcvbnm123",
    "abc123456",
    "123456abc",
    "123456aa",
    "woaini123",
    "aini1314",
];

/// Length, and not one of the passwords every attacker tries first.
pub fn password(s: &str) -> Result<(), Msg> {
    let n = len(s);
    if n < PASSWORD_MIN {
        return Err(Msg::new(
            format!("密码至少 {PASSWORD_MIN} 位"),
            format!("Passwords are at least {PASSWORD_MIN} characters long"),
        ));
    }
    if n > PASSWORD_MAX {
        return Err(Msg::new(
            format!("密码最多 {PASSWORD_MAX} 位"),
            format!("Passwords are at most {PASSWORD_MAX} characters long"),
        ));
    }
    let lowered = s.to_lowercase();
    let one_char = s.chars().next().is_some_and(|first| s.chars().all(|c| c == first));
    if one_char || COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err(Msg::new(
            "这个密码太常见，很容易被猜中，请换一个",
            "This password is too common and easy to guess; please choose another",
        ));
    }
    Ok(())
}

/// Mainland mobile numbers: 11 digits starting with 13–19.
pub fn phone(s: &str) -> Result<(), Msg> {
    let b = s.as_bytes();
    let ok = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit);
    if ok {
        Ok(())
    } else {
        Err(Msg::new("请输入有效的中国大陆手机号", "Please enter a valid mainland China mobile number"))
    }
}

pub fn sms_code(s: &str) -> Result<(), Msg> {
    if s.len() == SMS_CODE_LEN && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Msg::new(format!("验证码为 {SMS_CODE_LEN} 位数字"), format!("The SMS code is {SMS_CODE_LEN} digits")))
    }
}

pub fn title(s: &str) -> Result<(), Msg> {
    let n = len(s.trim());
    if n < TITLE_MIN {
        return Err(Msg::new(
            format!("标题至少 {TITLE_MIN} 个字"),
            format!("Titles are at least {TITLE_MIN} characters long"),
        ));
    }
    if n > TITLE_MAX {
        return Err(Msg::new(
            format!("标题最多 {TITLE_MAX} 个字（当前 {n}）"),
            format!("Titles are at most {TITLE_MAX} characters long (now {n})"),
        ));
    }
    if has_control(s) || s.contains('\n') {
        return Err(Msg::new("标题不能包含换行或控制字符", "Titles cannot contain line breaks or control characters"));
    }
    Ok(())
}

pub fn description(s: &str) -> Result<(), Msg> {
    let n = len(s.trim());
    if n < DESCRIPTION_MIN {
        return Err(Msg::new(
            format!("描述至少 {DESCRIPTION_MIN} 个字，说清楚要解决什么问题（当前 {n}）"),
            format!(
                "Descriptions are at least {DESCRIPTION_MIN} characters long: say what problem the idea solves (now {n})"
            ),
        ));
    }
    if n > DESCRIPTION_MAX {
        return Err(Msg::new(
            format!("描述最多 {DESCRIPTION_MAX} 个字（当前 {n}）"),
            format!("Descriptions are at most {DESCRIPTION_MAX} characters long (now {n})"),
        ));
    }
    if has_control(s) {
        return Err(Msg::new("描述不能包含控制字符", "Descriptions cannot contain control characters"));
    }
    Ok(())
}

pub fn tags(tags: &[String]) -> Result<(), Msg> {
    if tags.len() > TAGS_MAX {
        return Err(Msg::new(format!("最多 {TAGS_MAX} 个标签"), format!("At most {TAGS_MAX} tags")));
    }
    for t in tags {
        let n = len(t);
        if n == 0 || n > TAG_MAX {
            return Err(Msg::new(
                format!("每个标签 1–{TAG_MAX} 个字"),
                format!("Each tag is 1–{TAG_MAX} characters long"),
            ));
        }
        if t.chars().any(|c| c == ',' || c.is_control()) {
            return Err(Msg::new("标签不能包含逗号或控制字符", "Tags cannot contain commas or control characters"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::*;
    use crate::idea::*;

    #[test]
    fn common_and_trivial_passwords_are_refused_with_a_reason() {
        assert!(password("correct horse battery").is_ok());
        assert!(password("短密码").unwrap_err().get(crate::Lang::Zh).contains("至少"));
        for weak in ["12345678", "Password123", "QWERTYUIOP", "woaini1314", "aaaaaaaaaa", "9999999999"] {
            assert!(password(weak).unwrap_err().get(crate::Lang::Zh).contains("太常见"), "{weak}");
        }
        assert!(COMMON_PASSWORDS.iter().all(|p| p.chars().count() >= PASSWORD_MIN), "only reachable entries");
    }

    #[test]
    fn phone_accepts_mainland_mobiles_only() {
        assert!(phone("13800138000").is_ok());
        assert!(phone("19912345678").is_ok());
        assert!(phone("12800138000").is_err());
        assert!(phone("1380013800").is_err());
        assert!(phone("138001380001").is_err());
        assert!(phone("1380013800a").is_err());
        assert_eq!(normalize_phone("+86 138-0013-8000"), "13800138000");
    }

    #[test]
    fn title_limit_counts_characters_not_bytes() {
        let at_limit = "智".repeat(TITLE_MAX);
        assert!(title(&at_limit).is_ok(), "200 Chinese characters are 600 bytes but allowed");
        assert!(title(&"智".repeat(TITLE_MAX + 1)).is_err());
        assert!(title("abc").is_err());
        assert!(title("第一行\n第二行").is_err());
    }

    #[test]
    fn new_idea_reports_every_bad_field_at_once() {
        let idea = NewIdea {
            title: "ab".into(),
            description: "short".into(),
            category: "cooking".into(),
            tags: vec!["x".repeat(TAG_MAX + 1)],
            attachments: vec![],
        };
        let errors = idea.validate().expect_err("all four fields are bad");
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "description", "category", "tags"]);
    }

    #[test]
    fn normalized_idea_dedups_tags_and_trims() {
        let idea = NewIdea {
            title: "  智能冰箱管理助手 ".into(),
            description: "d".into(),
            category: " tech ".into(),
            tags: vec![" AI".into(), "ai".into(), "".into(), "#IoT".into()],
            attachments: vec![],
        }
        .normalized();
        assert_eq!(idea.title, "智能冰箱管理助手");
        assert_eq!(idea.category, "tech");
        assert_eq!(idea.tags, vec!["AI".to_owned(), "IoT".to_owned()]);
    }

    #[test]
    fn query_rejects_unknown_values_and_round_trips() {
        assert!(IdeaQuery::parse(Some("cooking"), None, None, None).is_err());
        assert!(IdeaQuery::parse(None, None, Some("best"), None).is_err());
        assert!(IdeaQuery::parse(None, None, None, Some("0")).is_err());
        assert!(IdeaQuery::parse(None, None, None, Some("-1")).is_err());
        let q = IdeaQuery::parse(Some("health"), Some(" 冰箱 "), Some("hottest"), Some("3")).expect("valid query");
        assert_eq!(q.search.as_deref(), Some("冰箱"));
        assert_eq!(q.to_query_string(), "category=health&search=%E5%86%B0%E7%AE%B1&sort=hottest&page=3");
        assert_eq!(
            IdeaQuery::parse(Some("all"), Some(""), None, None),
            Ok(IdeaQuery { page: 1, ..Default::default() })
        );
    }

    #[test]
    fn split_tags_accepts_chinese_and_ascii_separators() {
        assert_eq!(split_tags("AI，IoT、智能家居 , "), vec!["AI", "IoT", "智能家居"]);
    }

    #[test]
    fn excerpt_cuts_on_characters() {
        assert_eq!(excerpt("智能冰箱", 2), "智能…");
        assert_eq!(excerpt("智能", 2), "智能");
    }

    #[test]
    fn register_request_uses_the_plans_field_names() {
        let body = r#"{"username":"testuser","email":"Test@Example.com ","password":"tea-garden-2026","phone":"13800138000","smsCode":"123456"}"#;
        let req: RegisterRequest = serde_json::from_str(body).expect("plan body parses");
        let req = req.normalized();
        assert_eq!(req.email, "test@example.com");
        assert!(req.validate().is_ok());
    }

    proptest::proptest! {
        #[test]
        fn validation_never_panics(title in ".{0,300}", desc in ".{0,300}", cat in "[a-z]{0,12}", tag in ".{0,30}") {
            let idea = NewIdea { title, description: desc, category: cat, tags: vec![tag], attachments: vec![] }.normalized();
            let _ = idea.validate();
        }
    }
}
