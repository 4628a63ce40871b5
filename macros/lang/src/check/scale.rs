//! Units as numbers and text: decimal shifts of literals, rescaling between powers of ten,
//! and how a unit is written back for people.

use crate::ast;
use crate::ir::Expr;
use crate::sym;
use crate::units::{self, Unit};

/// Multiplies `x` by 10^k exactly for literal numbers (decimal shift, correctly rounded).
pub fn shift10(x: f64, k: i32) -> f64 {
    if k == 0 {
        return x;
    }
    let s = format!("{x:e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let e: i32 = exp.parse().unwrap_or(0);
            format!("{mantissa}e{}", e.saturating_add(k))
                .parse()
                .unwrap_or(x * units::pow10(k))
        }
        None => x * units::pow10(k),
    }
}

/// Expresses `e` (in a unit with power of ten `from`) in the same dimension with power `to`.
pub(super) fn rescale(e: Expr, from: i32, to: i32) -> Expr {
    let k = from - to;
    match e {
        _ if k == 0 => e,
        Expr::Num(x) => Expr::Num(shift10(x, k)),
        Expr::Neg(inner) if matches!(*inner, Expr::Num(_)) => sym::neg(rescale(*inner, from, to)),
        other => sym::mul(other, Expr::Num(units::pow10(k))),
    }
}

/// The unit of a unit expression as written, plus its text.
pub(super) fn unit_text(u: &ast::UnitExpr) -> String {
    let mut num = Vec::new();
    let mut den = Vec::new();
    for (sym, p) in &u.factors {
        let s = if p.abs() == 1 {
            sym.name.clone()
        } else {
            format!("{}^{}", sym.name, p.abs())
        };
        if *p > 0 { num.push(s) } else { den.push(s) }
    }
    let n = if num.is_empty() {
        "1".to_string()
    } else {
        num.join("*")
    };
    if den.is_empty() {
        n
    } else {
        format!("{n}/{}", den.join("/"))
    }
}

/// Units as neuroscientists write them, tried first: a rate of change in mV/ms rather than
/// the equal V/s.
const CONVENTIONAL: &[&str] = &[
    "mV", "ms", "pA", "nA", "nS", "pF", "mV/ms", "pA/ms", "nA/ms", "nS/ms", "1/ms", "nS/mV",
    "uA/cm^2", "mS/cm^2", "uF/cm^2", "mV/ms^2",
];

/// A readable name for a derived unit: a conventional neuroscience unit, else a prefixed
/// symbol, when one matches exactly.
pub fn render_unit(u: Unit) -> String {
    if u.dim.is_none() && u.exp10 == 0 {
        return "1".into();
    }
    if let Some(text) = CONVENTIONAL
        .iter()
        .find(|text| units::lookup_unit(text) == Some(u))
    {
        return text.to_string();
    }
    const PREFIXES: [&str; 9] = ["", "G", "M", "k", "m", "u", "n", "p", "f"];
    const SYMBOLS: [&str; 13] = [
        "V", "A", "S", "F", "ohm", "Hz", "s", "m", "M", "mol", "V/s", "1/s", "S/V",
    ];
    for s in SYMBOLS {
        for p in PREFIXES {
            let text = if s.starts_with('1') {
                format!("1/{p}{}", &s[2..])
            } else {
                format!("{p}{s}")
            };
            if units::lookup_unit(&text) == Some(u) {
                return text;
            }
        }
    }
    if u.exp10 == 0 {
        format!("{}", u.dim)
    } else {
        format!("1e{} {}", u.exp10, u.dim)
    }
}

#[cfg(test)]
mod tests {
    use super::render_unit;
    use crate::units::lookup_unit;

    #[test]
    fn derived_units_read_as_neuroscientists_write_them() {
        for (written, shown) in [
            ("V/s", "mV/ms"),
            ("mV/ms", "mV/ms"),
            ("nA/s", "pA/ms"),
            ("Hz", "Hz"),
            ("1/ms", "1/ms"),
            ("mV", "mV"),
            ("V", "V"),
            ("kohm", "kohm"),
            ("uA/cm^2", "uA/cm^2"),
        ] {
            let u = lookup_unit(written).unwrap_or_else(|| panic!("{written} is a unit"));
            assert_eq!(render_unit(u), shown, "{written}");
        }
    }
}
