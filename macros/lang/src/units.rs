//! Physical dimensions and units: SI exponent vectors, prefixes and the unit table.
//!
//! Every unit Cajal knows is an exact power of ten of a coherent SI unit, so a unit is a
//! dimension plus a decimal exponent. Converting between prefixes is then exact integer
//! arithmetic on exponents, folded into constants at compile time.

use std::fmt;

/// Exponents of the SI base dimensions (length, mass, time, current, temperature, amount,
/// luminous intensity), stored doubled so that half powers such as the s^-1/2 of white noise
/// are exact.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Dim(pub [i8; 7]);

const BASE_SYMBOLS: [&str; 7] = ["m", "kg", "s", "A", "K", "mol", "cd"];

impl Dim {
    /// The dimension of a pure number.
    pub const NONE: Dim = Dim([0; 7]);
    /// Time.
    pub const TIME: Dim = Dim::of([0, 0, 1, 0, 0, 0, 0]);

    /// A dimension from whole exponents.
    pub const fn of(exponents: [i8; 7]) -> Dim {
        let mut doubled = [0i8; 7];
        let mut i = 0;
        while i < 7 {
            doubled[i] = exponents[i] * 2;
            i += 1;
        }
        Dim(doubled)
    }

    /// True for a pure number.
    pub fn is_none(self) -> bool {
        self == Dim::NONE
    }

    /// Largest doubled exponent: beyond it (s^51, say) a dimension is out of range.
    pub const MAX_DOUBLED_EXPONENT: i32 = 100;
    /// The dimension of a result whose exponents went out of range: it stays out of range
    /// through every later operation, and the checker reports it where it arose.
    pub const OUT_OF_RANGE: Dim = Dim([i8::MIN; 7]);

    /// True when an exponent went beyond ±[`Dim::MAX_DOUBLED_EXPONENT`]/2.
    pub fn out_of_range(self) -> bool {
        self.0[0] == i8::MIN
    }

    /// Doubled exponents as computed (wide) → a dimension, or [`Dim::OUT_OF_RANGE`].
    fn from_wide(wide: [i64; 7]) -> Dim {
        if wide
            .iter()
            .any(|e| e.abs() > i64::from(Dim::MAX_DOUBLED_EXPONENT))
        {
            return Dim::OUT_OF_RANGE;
        }
        Dim(wide.map(|e| e as i8))
    }

    /// Product of two dimensions.
    pub fn times(self, other: Dim) -> Dim {
        if self.out_of_range() || other.out_of_range() {
            return Dim::OUT_OF_RANGE;
        }
        let mut wide = [0i64; 7];
        for (k, w) in wide.iter_mut().enumerate() {
            *w = i64::from(self.0[k]) + i64::from(other.0[k]);
        }
        Dim::from_wide(wide)
    }

    /// Quotient of two dimensions.
    pub fn per(self, other: Dim) -> Dim {
        self.times(other.powi(-1))
    }

    /// Integer power.
    pub fn powi(self, n: i32) -> Dim {
        if self.out_of_range() {
            return Dim::OUT_OF_RANGE;
        }
        Dim::from_wide(self.0.map(|e| i64::from(e) * i64::from(n)))
    }

    /// Square root (exponents may become halves, as in s^-1/2), if every exponent is whole.
    pub fn sqrt(self) -> Option<Dim> {
        if self.out_of_range() {
            return Some(Dim::OUT_OF_RANGE);
        }
        if self.0.iter().all(|e| e % 2 == 0) {
            Some(Dim(self.0.map(|e| e / 2)))
        } else {
            None
        }
    }

    /// A human name such as "voltage" for the common dimensions, else the SI base form.
    pub fn describe(self) -> String {
        for (name, unit) in NAMED_DIMENSIONS {
            if let Some(u) = lookup_unit(unit)
                && u.dim == self
            {
                return format!("{name} ({unit})");
            }
        }
        format!("{self}")
    }
}

const NAMED_DIMENSIONS: &[(&str, &str)] = &[
    ("dimensionless", "1"),
    ("voltage", "V"),
    ("time", "s"),
    ("current", "A"),
    ("conductance", "S"),
    ("capacitance", "F"),
    ("resistance", "ohm"),
    ("frequency", "Hz"),
    ("length", "m"),
    ("area", "m^2"),
    ("concentration", "M"),
    ("amount", "mol"),
    ("voltage/time", "V/s"),
    ("current/time", "A/s"),
    ("conductance/time", "S/s"),
    ("conductance/voltage", "S/V"),
    ("current density", "A/m^2"),
    ("conductance density", "S/m^2"),
    ("capacitance density", "F/m^2"),
    ("1/voltage", "1/V"),
    ("1/time^2", "1/s^2"),
    ("voltage^2", "V^2"),
    ("current×voltage", "V*A"),
    ("conductance×voltage^2", "S*V^2"),
];

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_none() {
            return write!(f, "1");
        }
        let mut first = true;
        for (sym, doubled) in BASE_SYMBOLS.iter().zip(self.0) {
            if doubled == 0 {
                continue;
            }
            if !first {
                write!(f, "*")?;
            }
            first = false;
            match (doubled % 2 == 0, doubled / 2) {
                (true, 1) => write!(f, "{sym}")?,
                (true, e) => write!(f, "{sym}^{e}")?,
                (false, _) => write!(f, "{sym}^({doubled}/2)")?,
            }
        }
        Ok(())
    }
}

/// A unit: a dimension and the power of ten that converts a value in this unit to coherent SI.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Unit {
    /// The physical dimension.
    pub dim: Dim,
    /// Value in SI = value in this unit × 10^exp10.
    pub exp10: i32,
}

impl Unit {
    /// The unit of a pure number.
    pub const ONE: Unit = Unit {
        dim: Dim::NONE,
        exp10: 0,
    };
    /// Milliseconds, the time unit of `t`, `dt` and every derivative in generated code.
    pub const MS: Unit = Unit {
        dim: Dim::TIME,
        exp10: -3,
    };

    /// Largest power of ten of a unit's scale (10^±300 is near the ends of `f64`).
    pub const MAX_EXP10: i32 = 300;

    /// True when the dimension's exponents or the scale went out of range.
    pub fn out_of_range(self) -> bool {
        self.dim.out_of_range() || self.exp10.abs() > Unit::MAX_EXP10
    }

    /// Product of units.
    pub fn times(self, o: Unit) -> Unit {
        Unit {
            dim: self.dim.times(o.dim),
            exp10: self.exp10.saturating_add(o.exp10),
        }
    }

    /// Quotient of units.
    pub fn per(self, o: Unit) -> Unit {
        Unit {
            dim: self.dim.per(o.dim),
            exp10: self.exp10.saturating_sub(o.exp10),
        }
    }

    /// Integer power of a unit.
    pub fn powi(self, n: i32) -> Unit {
        Unit {
            dim: self.dim.powi(n),
            exp10: self.exp10.saturating_mul(n),
        }
    }
}

/// Base unit symbols: (symbol, dimension, power of ten to SI).
const BASE_UNITS: &[(&str, Dim, i32)] = &[
    ("V", Dim::of([2, 1, -3, -1, 0, 0, 0]), 0),
    ("A", Dim::of([0, 0, 0, 1, 0, 0, 0]), 0),
    ("S", Dim::of([-2, -1, 3, 2, 0, 0, 0]), 0),
    ("F", Dim::of([-2, -1, 4, 2, 0, 0, 0]), 0),
    ("ohm", Dim::of([2, 1, -3, -2, 0, 0, 0]), 0),
    ("Ohm", Dim::of([2, 1, -3, -2, 0, 0, 0]), 0),
    ("Hz", Dim::of([0, 0, -1, 0, 0, 0, 0]), 0),
    ("s", Dim::of([0, 0, 1, 0, 0, 0, 0]), 0),
    ("m", Dim::of([1, 0, 0, 0, 0, 0, 0]), 0),
    ("g", Dim::of([0, 1, 0, 0, 0, 0, 0]), -3),
    ("mol", Dim::of([0, 0, 0, 0, 0, 1, 0]), 0),
    ("M", Dim::of([-3, 0, 0, 0, 0, 1, 0]), 3),
    ("L", Dim::of([3, 0, 0, 0, 0, 0, 0]), -3),
    ("C", Dim::of([0, 0, 1, 1, 0, 0, 0]), 0),
    ("K", Dim::of([0, 0, 0, 0, 1, 0, 0]), 0),
];

/// SI prefixes Cajal accepts, with their powers of ten.
const PREFIXES: &[(&str, i32)] = &[
    ("G", 9),
    ("M", 6),
    ("k", 3),
    ("c", -2),
    ("m", -3),
    ("u", -6),
    ("µ", -6),
    ("n", -9),
    ("p", -12),
    ("f", -15),
];

/// Looks up one unit symbol with an optional prefix (`mV`, `nS`, `Mohm`, `uF`), or a
/// product/quotient/power written as text (`nS/mV`, `uF/cm^2`, `1/ms`).
pub fn lookup_unit(text: &str) -> Option<Unit> {
    let text = text.trim();
    if text == "1" {
        return Some(Unit::ONE);
    }
    if text.contains(['/', '*', '^']) {
        return lookup_compound(text);
    }
    lookup_symbol(text)
}

/// One symbol, such as `mV` or `Mohm`.
pub fn lookup_symbol(sym: &str) -> Option<Unit> {
    if let Some(&(_, dim, exp10)) = BASE_UNITS.iter().find(|(s, ..)| *s == sym) {
        return Some(Unit { dim, exp10 });
    }
    for &(p, pexp) in PREFIXES {
        if let Some(rest) = sym.strip_prefix(p)
            && let Some(&(_, dim, exp10)) = BASE_UNITS.iter().find(|(s, ..)| *s == rest)
        {
            return Some(Unit {
                dim,
                exp10: exp10 + pexp,
            });
        }
    }
    None
}

fn lookup_compound(text: &str) -> Option<Unit> {
    let mut unit = Unit::ONE;
    let mut divide = false;
    let mut token = String::new();
    let flush = |token: &mut String, unit: &mut Unit, divide: bool| -> Option<()> {
        if token.is_empty() {
            return Some(());
        }
        let (sym, pow) = match token.split_once('^') {
            Some((s, p)) => (s.trim(), p.trim().parse::<i32>().ok()?),
            None => (token.trim(), 1),
        };
        let u = if sym == "1" {
            Unit::ONE
        } else {
            lookup_symbol(sym)?
        }
        .powi(pow);
        *unit = if divide { unit.per(u) } else { unit.times(u) };
        token.clear();
        Some(())
    };
    for c in text.chars() {
        match c {
            '*' | '/' => {
                flush(&mut token, &mut unit, divide)?;
                divide = c == '/';
            }
            c if c.is_whitespace() => {}
            c => token.push(c),
        }
    }
    flush(&mut token, &mut unit, divide)?;
    Some(unit)
}

/// Every unit symbol without prefix, for documentation and suggestions.
pub fn base_symbols() -> impl Iterator<Item = &'static str> {
    BASE_UNITS.iter().map(|(s, ..)| *s)
}

/// The exact `f64` nearest to 10^k (parsed from its decimal form, so `1e-3` is the same
/// number a user would type).
pub fn pow10(k: i32) -> f64 {
    format!("1e{k}")
        .parse()
        .expect("a decimal power of ten always parses")
}

/// Whether a declaration in `text` (a unit of dimension `unit`) needs its unit written with
/// every value: a pure number whose declaration names a unit (`/s/Hz`, `mV/mV`), where a bare
/// number would be read in that unit silently — as brainmass's per-ms `gamma_e = 0.000641`
/// would be for a kinetic factor declared per second.
pub fn needs_written_unit(text: &str, unit: Unit) -> bool {
    unit.dim == Dim::NONE && !matches!(text.trim(), "" | "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_compounds() {
        let mv = lookup_unit("mV").unwrap();
        assert_eq!(mv.exp10, -3);
        let ns_per_mv = lookup_unit("nS/mV").unwrap();
        assert_eq!(ns_per_mv.exp10, -6);
        assert_eq!(
            ns_per_mv.dim,
            lookup_unit("S")
                .unwrap()
                .dim
                .per(lookup_unit("V").unwrap().dim)
        );
        let per_ms = lookup_unit("1/ms").unwrap();
        assert_eq!(per_ms.dim, Dim::TIME.powi(-1));
        assert_eq!(per_ms.exp10, 3);
        let density = lookup_unit("uF/cm^2").unwrap();
        assert_eq!(density.exp10, -6 + 4);
        assert_eq!(lookup_unit("Mohm").unwrap().exp10, 6);
        assert_eq!(lookup_unit("mM").unwrap().exp10, 0);
        assert!(lookup_unit("mX").is_none());
        assert!(lookup_unit("tau").is_none());
    }

    #[test]
    fn ohms_law_is_coherent() {
        let v = lookup_unit("mV").unwrap();
        let r = lookup_unit("Mohm").unwrap();
        let i = lookup_unit("nA").unwrap();
        assert_eq!(r.times(i), v);
        let s = lookup_unit("nS").unwrap();
        assert_eq!(s.times(v).dim, lookup_unit("A").unwrap().dim);
    }

    #[test]
    fn describes_dimensions() {
        assert_eq!(lookup_unit("mV").unwrap().dim.describe(), "voltage (V)");
        assert_eq!(lookup_unit("pA").unwrap().dim.describe(), "current (A)");
        assert_eq!(pow10(-3), 0.001);
        assert_eq!(pow10(3), 1000.0);
    }
}
