//! The financial model: a provider proposes the assumptions, this code computes three years of
//! figures from them in whole yuan, so that every table adds up exactly.

use serde::{Deserialize, Serialize};

/// Months the model covers.
pub const MONTHS: usize = 36;
/// Bounds that keep every figure far inside `i64`: at most 10^8 customers paying at most 10^5
/// yuan a month gives 10^13 a month and under 10^15 over three years.
const MAX_CUSTOMERS: i64 = 100_000_000;
const MAX_PRICE: i64 = 100_000;
const MAX_COST: i64 = 1_000_000_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinanceAssumptions {
    /// Monthly price per paying customer.
    pub price_yuan: i64,
    /// Paying customers in the first month.
    pub customers_month1: i64,
    /// Monthly growth of paying customers, in percent.
    pub monthly_growth_pct: f64,
    /// Paying customers lost each month, in percent.
    pub monthly_churn_pct: f64,
    /// What serving one customer costs a month.
    pub variable_cost_yuan: i64,
    /// Team, rent, servers: the monthly cost that does not scale with customers.
    pub fixed_cost_yuan: i64,
    /// Spent before the first month.
    pub initial_investment_yuan: i64,
    /// Why these numbers, one line each.
    pub rationale: Vec<String>,
}

impl FinanceAssumptions {
    /// The checks a provider's numbers must pass; the message goes back to the model on a retry.
    pub fn validate(&self) -> Result<(), String> {
        let within = |name: &str, v: i64, max: i64| {
            if (0..=max).contains(&v) { Ok(()) } else { Err(format!("{name} must be 0..={max}, got {v}")) }
        };
        within("price_yuan", self.price_yuan, MAX_PRICE)?;
        within("customers_month1", self.customers_month1, MAX_CUSTOMERS)?;
        within("variable_cost_yuan", self.variable_cost_yuan, MAX_PRICE)?;
        within("fixed_cost_yuan", self.fixed_cost_yuan, MAX_COST)?;
        within("initial_investment_yuan", self.initial_investment_yuan, MAX_COST)?;
        for (name, v) in
            [("monthly_growth_pct", self.monthly_growth_pct), ("monthly_churn_pct", self.monthly_churn_pct)]
        {
            if !v.is_finite() || !(0.0..=50.0).contains(&v) {
                return Err(format!("{name} must be between 0 and 50, got {v}"));
            }
        }
        Ok(())
    }

    /// Three years month by month. Growth and churn apply in basis points with integer
    /// arithmetic, so the same assumptions always give the same figures on every machine.
    pub fn compute(&self) -> Financials {
        let bp = |pct: f64| (pct.clamp(0.0, 50.0) * 100.0).round() as i64;
        let (growth, churn) = (bp(self.monthly_growth_pct), bp(self.monthly_churn_pct));
        let price = self.price_yuan.clamp(0, MAX_PRICE);
        let variable = self.variable_cost_yuan.clamp(0, MAX_PRICE);
        let fixed = self.fixed_cost_yuan.clamp(0, MAX_COST);
        let mut customers = self.customers_month1.clamp(0, MAX_CUSTOMERS);
        let mut cash = -self.initial_investment_yuan.clamp(0, MAX_COST);
        let mut months = Vec::with_capacity(MONTHS);
        for month in 1..=MONTHS {
            if month > 1 {
                customers =
                    (customers + customers * growth / 10_000 - customers * churn / 10_000).clamp(0, MAX_CUSTOMERS);
            }
            let revenue = customers * price;
            let costs = customers * variable + fixed;
            let profit = revenue - costs;
            cash += profit;
            months.push(MonthFigures { month: month as u32, customers, revenue, costs, profit, cash });
        }
        let years = months
            .chunks(12)
            .enumerate()
            .map(|(i, m)| YearFigures {
                year: i as u32 + 1,
                revenue: m.iter().map(|x| x.revenue).sum(),
                costs: m.iter().map(|x| x.costs).sum(),
                profit: m.iter().map(|x| x.profit).sum(),
                cash: m.last().map_or(0, |x| x.cash),
            })
            .collect();
        let break_even_month = months.iter().find(|m| m.cash >= 0 && m.profit > 0).map(|m| m.month);
        let first_profitable_month = months.iter().find(|m| m.profit > 0).map(|m| m.month);
        Financials { months, years, break_even_month, first_profitable_month }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthFigures {
    pub month: u32,
    pub customers: i64,
    pub revenue: i64,
    pub costs: i64,
    pub profit: i64,
    /// Cumulative cash at the month's end, after the initial investment.
    pub cash: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearFigures {
    pub year: u32,
    pub revenue: i64,
    pub costs: i64,
    pub profit: i64,
    /// Cumulative cash at the year's end.
    pub cash: i64,
}

/// Computed, never proposed: revenue, costs, profit and cumulative cash, in yuan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Financials {
    pub months: Vec<MonthFigures>,
    pub years: Vec<YearFigures>,
    /// The first month in profit whose cumulative cash has paid back the investment (回本).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub break_even_month: Option<u32>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub first_profitable_month: Option<u32>,
}

impl Financials {
    /// 0–10 for the overall score: paying back sooner scores higher.
    pub fn score(&self) -> f64 {
        match self.break_even_month {
            Some(m) => (10.0 - f64::from(m.saturating_sub(1)) / 5.0).clamp(3.0, 10.0),
            None if self.first_profitable_month.is_some() => 2.5,
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn assumptions() -> impl Strategy<Value = FinanceAssumptions> {
        (0..=MAX_PRICE, 0..=MAX_CUSTOMERS, 0.0..=50.0_f64, 0.0..=50.0_f64, 0..=MAX_PRICE, 0..=MAX_COST, 0..=MAX_COST)
            .prop_map(|(price, customers, growth, churn, variable, fixed, investment)| FinanceAssumptions {
                price_yuan: price,
                customers_month1: customers,
                monthly_growth_pct: growth,
                monthly_churn_pct: churn,
                variable_cost_yuan: variable,
                fixed_cost_yuan: fixed,
                initial_investment_yuan: investment,
                rationale: vec![],
            })
    }

    proptest! {
        #[test]
        fn every_table_adds_up(a in assumptions()) {
            prop_assert!(a.validate().is_ok());
            let f = a.compute();
            prop_assert_eq!(f.months.len(), MONTHS);
            prop_assert_eq!(f.years.len(), 3);
            let mut cash = -a.initial_investment_yuan;
            for m in &f.months {
                prop_assert_eq!(m.revenue, m.customers * a.price_yuan);
                prop_assert_eq!(m.costs, m.customers * a.variable_cost_yuan + a.fixed_cost_yuan);
                prop_assert_eq!(m.profit, m.revenue - m.costs);
                cash += m.profit;
                prop_assert_eq!(m.cash, cash);
                prop_assert!((0..=MAX_CUSTOMERS).contains(&m.customers));
            }
            for (i, y) in f.years.iter().enumerate() {
                let months = &f.months[i * 12..(i + 1) * 12];
                prop_assert_eq!(y.revenue, months.iter().map(|m| m.revenue).sum::<i64>());
                prop_assert_eq!(y.costs, months.iter().map(|m| m.costs).sum::<i64>());
                prop_assert_eq!(y.profit, y.revenue - y.costs);
                prop_assert_eq!(y.cash, months[11].cash);
            }
            let total: i64 = f.years.iter().map(|y| y.profit).sum();
            prop_assert_eq!(f.years[2].cash, total - a.initial_investment_yuan);
            match f.break_even_month {
                Some(b) => {
                    let m = &f.months[b as usize - 1];
                    prop_assert!(m.cash >= 0 && m.profit > 0);
                    prop_assert!(f.months[..b as usize - 1].iter().all(|e| e.cash < 0 || e.profit <= 0));
                }
                None => prop_assert!(f.months.iter().all(|m| m.cash < 0 || m.profit <= 0)),
            }
            prop_assert!((0.0..=10.0).contains(&f.score()));
        }
    }

    #[test]
    fn a_worked_example() {
        let a = FinanceAssumptions {
            price_yuan: 100,
            customers_month1: 100,
            monthly_growth_pct: 10.0,
            monthly_churn_pct: 0.0,
            variable_cost_yuan: 20,
            fixed_cost_yuan: 10_000,
            initial_investment_yuan: 50_000,
            rationale: vec![],
        };
        let f = a.compute();
        assert_eq!((f.months[0].customers, f.months[1].customers, f.months[2].customers), (100, 110, 121));
        assert_eq!(f.months[0].profit, 100 * 100 - (100 * 20 + 10_000));
        assert_eq!(f.months[0].cash, -50_000 - 2_000);
        assert!(f.first_profitable_month < f.break_even_month);
        assert!(a.validate().is_ok());
        assert!(
            FinanceAssumptions { monthly_growth_pct: 80.0, ..a.clone() }.validate().unwrap_err().contains("growth")
        );
        assert!(FinanceAssumptions { price_yuan: -1, ..a }.validate().unwrap_err().contains("price_yuan"));
    }
}
