//! Business plans: the request, the five stages and their content, and the live events.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::financials::Financials;
use crate::{Agent, FieldMsg, Msg};

mod content;
pub use content::*;

/// The five stages, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Parse,
    Tech,
    Market,
    Legal,
    Finance,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Self::Parse, Self::Tech, Self::Market, Self::Legal, Self::Finance];

    pub fn key(self) -> &'static str {
        match self {
            Self::Parse => "parse",
            Self::Tech => "tech",
            Self::Market => "market",
            Self::Legal => "legal",
            Self::Finance => "finance",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.key() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Parse => "创意解析",
            Self::Tech => "技术架构",
            Self::Market => "市场调研",
            Self::Legal => "法律合规",
            Self::Finance => "财务模型",
        }
    }

    /// The provider that writes this stage unless it is left out or fails.
    pub fn agent(self) -> Agent {
        match self {
            Self::Parse => Agent::Baidu,
            Self::Tech => Agent::Alibaba,
            Self::Market => Agent::Iflytek,
            Self::Legal => Agent::Zhipu,
            Self::Finance => Agent::Tencent,
        }
    }

    /// The stages whose content this one reads; it starts when they are done.
    pub fn needs(self) -> &'static [Stage] {
        match self {
            Self::Parse => &[],
            Self::Tech | Self::Market | Self::Legal => &[Self::Parse],
            Self::Finance => &[Self::Parse, Self::Market],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PlanStatus {
    Generating,
    Completed,
    Failed,
}

impl PlanStatus {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "generating" => Some(Self::Generating),
            "completed" => Some(Self::Completed),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Generating => "generating",
            Self::Completed => "completed",
            Self::Failed => "failed",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Generating => "生成中",
            Self::Completed => "已完成",
            Self::Failed => "生成失败",
        }
    }
}

/// `options` of `POST /api/business-plan/generate`, exactly the original plan's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanOptions {
    #[serde(default)]
    pub detailed: bool,
    /// Providers that may write stages, each at most once; the offline analyst stands in for the
    /// rest. All five when left out.
    #[serde(default = "all_services")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Agent>))]
    pub ai_services: Vec<String>,
}

fn all_services() -> Vec<String> {
    Agent::ALL.iter().map(|a| a.key().to_owned()).collect()
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self { detailed: false, ai_services: all_services() }
    }
}

impl PlanOptions {
    /// The named providers, in the order given, or the field error for an unknown or repeated one.
    pub fn agents(&self) -> Result<Vec<Agent>, FieldMsg> {
        let mut agents = Vec::new();
        for key in &self.ai_services {
            let agent = Agent::parse(key).ok_or_else(|| {
                let message = Msg::new(
                    format!("未知的 AI 服务“{key}”，可选 baidu、alibaba、iflytek、tencent、zhipu"),
                    format!("Unknown AI service “{key}”: choose from baidu, alibaba, iflytek, tencent, zhipu"),
                );
                FieldMsg::new("options.aiServices", message)
            })?;
            if agents.contains(&agent) {
                let message = Msg::new(format!("AI 服务“{key}”重复"), format!("AI service “{key}” is named twice"));
                return Err(FieldMsg::new("options.aiServices", message));
            }
            agents.push(agent);
        }
        Ok(agents)
    }
}

/// `POST /api/business-plan/generate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GeneratePlanRequest {
    /// An existing idea (else 422 on `ideaId`).
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub idea_id: i64,
    #[serde(default)]
    pub options: PlanOptions,
}

/// The answer to a generate request: the plan starts in the background.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanCreated {
    pub id: i64,
    pub status: PlanStatus,
    pub cost: i64,
}

/// What a plan costs this user, shown before confirming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanQuote {
    pub standard: i64,
    pub detailed: i64,
    /// Percent off for the user's level.
    pub discount_percent: i64,
    pub balance: i64,
}

/// Who wrote a stage, how, and at what cost: the plan's provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageRun {
    pub agent: Agent,
    /// `offline`, or the provider's model name.
    pub model: String,
    pub offline: bool,
    /// Why the intended provider did not write it, when it did not.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub fallback: Option<String>,
    pub tokens: u64,
    pub millis: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum StageState {
    Waiting,
    Running,
    Done,
}

impl StageState {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Waiting => "等待中",
            Self::Running => "撰写中",
            Self::Done => "已完成",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageView {
    pub stage: Stage,
    pub state: StageState,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub started_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub run: Option<StageRun>,
}

/// `GET /api/business-plan/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    pub id: i64,
    pub idea_id: i64,
    pub idea_title: String,
    pub status: PlanStatus,
    pub overall_score: f64,
    pub options: PlanOptions,
    pub cost: i64,
    pub created_at: DateTime<Utc>,
    pub stages: Vec<StageView>,
    pub content: PlanContent,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub financials: Option<Financials>,
    /// The link that lets others read the plan; only its owner sees it.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub share_token: Option<String>,
}

/// How far a plan is: what its page follows while the AI writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanProgressView {
    pub status: PlanStatus,
    /// The providers the buyer chose (`aiServices`).
    pub ai_services: Vec<String>,
    pub stages: Vec<StageView>,
}

impl PlanView {
    pub fn progress(&self) -> PlanProgressView {
        PlanProgressView {
            status: self.status,
            ai_services: self.options.ai_services.clone(),
            stages: self.stages.clone(),
        }
    }
}

/// One plan in a list (the idea page, "my plans").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub id: i64,
    pub idea_id: i64,
    pub status: PlanStatus,
    pub overall_score: f64,
    pub created_at: DateTime<Utc>,
}

/// What the plan stream carries, as server-sent events named by [`PlanEvent::name`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PlanEvent {
    StageStarted {
        plan_id: i64,
        stage: Stage,
        agent: Agent,
    },
    /// More text of a running stage, for the live preview.
    Preview {
        plan_id: i64,
        stage: Stage,
        text: String,
    },
    /// The stage's writer changed (a retry or a fallback): the preview starts over.
    PreviewRestart {
        plan_id: i64,
        stage: Stage,
    },
    StageDone {
        plan_id: i64,
        stage: Stage,
    },
    Finished {
        plan_id: i64,
        status: PlanStatus,
    },
}

impl PlanEvent {
    pub fn plan_id(&self) -> i64 {
        match self {
            Self::StageStarted { plan_id, .. }
            | Self::Preview { plan_id, .. }
            | Self::PreviewRestart { plan_id, .. }
            | Self::StageDone { plan_id, .. }
            | Self::Finished { plan_id, .. } => *plan_id,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::StageStarted { .. } => "stage_started",
            Self::Preview { .. } => "preview",
            Self::PreviewRestart { .. } => "preview_restart",
            Self::StageDone { .. } => "stage_done",
            Self::Finished { .. } => "finished",
        }
    }
}
