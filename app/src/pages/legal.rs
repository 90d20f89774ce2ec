use leptos::prelude::*;
use leptos_meta::{Meta, Title};

const ARTICLE_CLASS: &str = "mx-auto max-w-3xl space-y-3 rounded-2xl bg-white p-6 text-sm leading-relaxed text-slate-700 shadow-sm ring-1 ring-slate-200";

/// 用户协议: what the market is and what members agree to.
#[component]
pub fn TermsPage() -> impl IntoView {
    view! {
        <Title text="用户协议 · AI创意交易市场"/>
        <Meta name="description" content="AI创意交易市场用户协议。"/>
        <article class=ARTICLE_CLASS data-testid="terms">
            <h1 class="text-xl font-bold text-slate-900">"用户协议"</h1>
            <p class="text-slate-500">{format!("版本 {}", model::TERMS_VERSION)}</p>
            <h2 class="font-semibold text-slate-900">"一、服务内容"</h2>
            <p>"AI创意交易市场（下称“本平台”）供会员提交创业创意，由五个 AI 智能体分析并以积分竞价，会员可用积分生成商业计划书。AI 的分析、出价和计划书由模型自动生成，仅供参考，不构成投资、法律或财务建议。"</p>
            <h2 class="font-semibold text-slate-900">"二、账号"</h2>
            <p>"注册需提供用户名、邮箱、手机号并通过短信验证。会员应妥善保管密码和 API 令牌；通过账号进行的操作视为会员本人所为。发现账号异常，请立即修改密码或在账户设置中退出所有设备。"</p>
            <h2 class="font-semibold text-slate-900">"三、积分"</h2>
            <p>"积分是本平台内的虚拟记账单位，只能在平台内使用，不能兑换现金，不计利息。每一笔积分变动都记入积分流水，会员可随时查看。"</p>
            <h2 class="font-semibold text-slate-900">"四、发布的内容"</h2>
            <p>"会员对自己提交的创意负责，不得发布违法违规、侵犯他人权利或含有恶意代码的内容。创意一经提交即公开展示并进入竞拍。本平台可对违规内容采取隐藏等措施。"</p>
            <h2 class="font-semibold text-slate-900">"五、协议变更"</h2>
            <p>"本协议更新时，版本号随之变更；会员再次使用前，需阅读并同意新版本。"</p>
        </article>
    }
}

/// 隐私政策: what the market keeps about a member, why, and the member's rights.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="隐私政策 · AI创意交易市场"/>
        <Meta name="description" content="AI创意交易市场隐私政策：收集哪些信息、如何使用与保护。"/>
        <article class=ARTICLE_CLASS data-testid="privacy">
            <h1 class="text-xl font-bold text-slate-900">"隐私政策"</h1>
            <p class="text-slate-500">{format!("版本 {}", model::TERMS_VERSION)}</p>
            <h2 class="font-semibold text-slate-900">"一、我们保存的信息"</h2>
            <p>"账号信息（用户名、邮箱、手机号、密码的哈希值）、你提交的创意和点赞、购买的商业计划书、积分流水，以及 API 令牌的名称和使用时间。密码和令牌本身不以明文保存。"</p>
            <h2 class="font-semibold text-slate-900">"二、用途"</h2>
            <p>"手机号用于注册、更换手机号和找回密码时的短信验证；邮箱可用于登录；其余信息用于提供竞拍、计划书和积分服务。创意的内容会发送给 AI 服务商用于分析，不包含你的联系方式。"</p>
            <h2 class="font-semibold text-slate-900">"三、你的权利"</h2>
            <p>"你可以在账户设置中查看和修改邮箱、手机号和密码，撤销 API 令牌，退出所有设备，并下载平台保存的关于你的全部数据（JSON 文件）。"</p>
            <h2 class="font-semibold text-slate-900">"四、保存与安全"</h2>
            <p>"数据保存在中国境内的服务器上，传输使用 HTTPS 加密。政策更新时版本号随之变更，你需要阅读并同意新版本后继续使用。"</p>
        </article>
    }
}
