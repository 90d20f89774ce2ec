//! The stages' content: each is the JSON a provider must return, validated on the server.

use serde::{Deserialize, Serialize};

use crate::financials::FinanceAssumptions;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaParsing {
    pub problem: String,
    pub target_users: Vec<String>,
    pub value_proposition: String,
    pub key_assumptions: Vec<String>,
    /// 0–10: how clear and well-founded the idea is.
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Component {
    pub name: String,
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub name: String,
    pub weeks: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechArchitecture {
    pub components: Vec<Component>,
    pub stack: Vec<String>,
    pub milestones: Vec<Milestone>,
    pub risks: Vec<String>,
    /// 0–10: technical feasibility.
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketSize {
    /// Yearly, in yuan.
    pub yuan: i64,
    pub reasoning: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Competitor {
    pub name: String,
    pub strength: String,
    pub weakness: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Swot {
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub opportunities: Vec<String>,
    pub threats: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketResearch {
    pub tam: MarketSize,
    pub sam: MarketSize,
    pub som: MarketSize,
    pub competitors: Vec<Competitor>,
    pub trends: Vec<String>,
    pub swot: Swot,
    /// 0–10: market attractiveness.
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalCompliance {
    /// ICP filing or licence (ICP备案 / ICP许可证) and what it takes.
    pub icp: String,
    /// Personal Information Protection Law duties.
    pub pipl: String,
    pub licences: Vec<String>,
    pub risks: Vec<String>,
    /// 0–10: 10 means few legal obstacles.
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextSteps {
    /// The riskiest assumption to test first, and how.
    pub first_test: String,
    pub cost_yuan: i64,
    pub this_week: Vec<String>,
    pub this_month: Vec<String>,
}

/// What the financial stage's model proposes; [`Financials`](crate::Financials) are computed from it by code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinancePlan {
    pub assumptions: FinanceAssumptions,
    pub next_steps: NextSteps,
}

/// The content of every finished stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanContent {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub parse: Option<IdeaParsing>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub tech: Option<TechArchitecture>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub market: Option<MarketResearch>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub legal: Option<LegalCompliance>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub finance: Option<FinancePlan>,
}
