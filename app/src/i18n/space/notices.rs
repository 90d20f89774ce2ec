/// The notifications page, and what the author of a hidden idea reads on its page.
pub struct NoticesText {
    pub description: &'static str,
    pub login_prompt: &'static str,
    pub unread: fn(i64) -> String,
    pub read_all: &'static str,
    pub empty: &'static str,
    pub older: &'static str,
    /// After a notification's time, when it is unread.
    pub unread_mark: &'static str,
    pub hidden_title: &'static str,
    pub hidden_reason: &'static str,
    pub hidden_help: &'static str,
}

pub const ZH: NoticesText = NoticesText {
    description: "你的创意、计划书、积分和关注的竞拍的最新进展。",
    login_prompt: "登录后查看你的通知。",
    unread: |n| format!("{n} 条未读"),
    read_all: "全部标为已读",
    empty: "还没有通知。提交创意、订购商业计划书或关注一场竞拍后，进展会出现在这里。",
    older: "更早的通知 →",
    unread_mark: " · 未读",
    // The model's sentence, which the mail sends too.
    hidden_title: "这个创意目前只有你能看到",
    hidden_reason: "原因：",
    hidden_help: "如有疑问，请联系平台客服。",
};

pub const EN: NoticesText = NoticesText {
    description: "What is new with your ideas, business plans, credits and watched auctions.",
    login_prompt: "Sign in to see your notifications.",
    unread: |n| format!("{n} unread"),
    read_all: "Mark all as read",
    empty: "No notifications yet. Submit an idea, order a business plan or watch an auction, and news of it \
            shows up here.",
    older: "Older notifications →",
    unread_mark: " · unread",
    hidden_title: "Only you can see this idea for now",
    hidden_reason: "Reason: ",
    hidden_help: "If you have questions, please contact support.",
};
