use crate::format::thousands;

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// The member's own space (`/me`) and an author's public page.
pub struct ProfileText {
    pub me_description: &'static str,
    pub me_login_prompt: &'static str,
    pub public_page: &'static str,
    pub settings: &'static str,
    pub balance: &'static str,
    pub level: &'static str,
    pub earned_total: &'static str,
    pub my_ideas: &'static str,
    /// Before the link to submit one, its space included where the language has one.
    pub no_ideas: &'static str,
    pub go_submit: &'static str,
    pub my_plans: &'static str,
    pub no_plans: &'static str,
    pub watching: &'static str,
    pub no_watching: &'static str,
    /// An idea's outcome: the agent that bought it and the price.
    pub sold_to: fn(&str, i64) -> String,
    pub unsold: &'static str,
    pub hidden: &'static str,
    pub earned: fn(i64) -> String,
    /// A plan's name, from its idea's title.
    pub plan_of: fn(&str) -> String,
    pub author_not_found: &'static str,
    pub author_not_found_description: &'static str,
    /// The author page's title, from the username.
    pub author_title: fn(&str) -> String,
    /// The author page's description: username and number of ideas.
    pub author_description: fn(&str, i64) -> String,
    pub stat_ideas: &'static str,
    pub stat_likes: &'static str,
    pub stat_sold: &'static str,
    pub stat_sold_for: &'static str,
    /// The level's name and the moment the author joined.
    pub member_since: fn(&str, &str) -> String,
    pub published: &'static str,
    pub author_empty: &'static str,
}

pub const ZH: ProfileText = ProfileText {
    me_description: "你的创意、计划书、关注的竞拍和积分。",
    me_login_prompt: "登录后查看你的创意、计划书和积分。",
    public_page: "我的公开主页",
    settings: "账户设置",
    balance: "积分余额",
    level: "会员等级",
    earned_total: "创意累计收入",
    my_ideas: "我的创意",
    no_ideas: "还没有提交创意。",
    go_submit: "去提交",
    my_plans: "我的计划书",
    no_plans: "还没有订购商业计划书。在创意页面可以订购。",
    watching: "关注的竞拍",
    no_watching: "还没有关注竞拍。在创意页面点“关注竞拍”，截止前一分钟和结束时会通知你。",
    sold_to: |agent, amount| format!("{agent} 以 {} 积分买下", thousands(amount)),
    unsold: "未成交",
    hidden: "已隐藏",
    earned: |n| format!("收入 {} 积分", thousands(n)),
    plan_of: |title| format!("《{title}》商业计划书"),
    author_not_found: "找不到该作者",
    author_not_found_description: "这个作者不存在或已注销。",
    author_title: |name| format!("{name} 的创意"),
    author_description: |name, n| format!("{name} 在 AI创意交易市场发布的 {n} 个创意。"),
    stat_ideas: "已发布创意",
    stat_likes: "获得点赞",
    stat_sold: "被 AI 买下",
    stat_sold_for: "成交积分",
    member_since: |level, when| format!("{level}会员 · {when} 加入"),
    published: "发布的创意",
    author_empty: "还没有公开的创意。",
};

pub const EN: ProfileText = ProfileText {
    me_description: "Your ideas, business plans, watched auctions and credits.",
    me_login_prompt: "Sign in to see your ideas, business plans and credits.",
    public_page: "My public page",
    settings: "Account settings",
    balance: "Credit balance",
    level: "Level",
    earned_total: "Earned by my ideas",
    my_ideas: "My ideas",
    no_ideas: "You have not submitted an idea yet. ",
    go_submit: "Submit one",
    my_plans: "My business plans",
    no_plans: "You have not ordered a business plan yet. You can order one on an idea's page.",
    watching: "Watched auctions",
    no_watching: "You are not watching an auction. Press “Watch the auction” on an idea's page and we tell you in \
                  its last minute and when it closes.",
    sold_to: |agent, amount| format!("{agent} bought it for {}", plural(amount, "credit", "credits")),
    unsold: "Unsold",
    hidden: "Hidden",
    earned: |n| format!("Earned {}", plural(n, "credit", "credits")),
    plan_of: |title| format!("Business plan: {title}"),
    author_not_found: "Author not found",
    author_not_found_description: "This author does not exist or has closed their account.",
    author_title: |name| format!("Ideas by {name}"),
    author_description: |name, n| format!("{} published by {name} on AI Idea Market.", plural(n, "idea", "ideas")),
    stat_ideas: "Ideas published",
    stat_likes: "Likes received",
    stat_sold: "Bought by AI",
    stat_sold_for: "Credits earned",
    member_since: |level, when| format!("{level} member · joined {when}"),
    published: "Published ideas",
    author_empty: "No public ideas yet.",
};
