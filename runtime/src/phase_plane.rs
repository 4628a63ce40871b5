//! Phase-plane analysis of a two-variable system dx/dt = f(x, y), dy/dt = g(x, y):
//! nullclines (f = 0 and g = 0, traced on a grid), fixed points (found by Newton's method
//! from every grid cell where both change sign) and their stability from the eigenvalues of
//! the Jacobian.

/// Kind of a fixed point, from the trace τ and determinant Δ of its Jacobian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stability {
    /// Δ > 0, τ < 0, real eigenvalues.
    StableNode,
    /// Δ > 0, τ < 0, complex eigenvalues.
    StableFocus,
    /// Δ > 0, τ > 0, real eigenvalues.
    UnstableNode,
    /// Δ > 0, τ > 0, complex eigenvalues.
    UnstableFocus,
    /// Δ < 0.
    Saddle,
    /// Δ > 0, τ = 0 (to rounding), or Δ = 0: linearisation decides nothing.
    Degenerate,
}

impl Stability {
    /// Lower-case name (`stable focus`, `saddle`, …).
    pub fn name(self) -> &'static str {
        match self {
            Stability::StableNode => "stable node",
            Stability::StableFocus => "stable focus",
            Stability::UnstableNode => "unstable node",
            Stability::UnstableFocus => "unstable focus",
            Stability::Saddle => "saddle",
            Stability::Degenerate => "degenerate",
        }
    }

    /// Whether nearby trajectories approach it.
    pub fn is_stable(self) -> bool {
        matches!(self, Stability::StableNode | Stability::StableFocus)
    }
}

/// A fixed point and its linearisation.
#[derive(Clone, Debug, PartialEq)]
pub struct FixedPoint {
    /// Position.
    pub x: f64,
    /// Position.
    pub y: f64,
    /// Jacobian [[∂f/∂x, ∂f/∂y], [∂g/∂x, ∂g/∂y]] (central differences).
    pub jacobian: [[f64; 2]; 2],
    /// Eigenvalues as (real, imaginary) pairs.
    pub eigenvalues: [(f64, f64); 2],
    /// Classification.
    pub stability: Stability,
}

/// Nullclines and fixed points of a planar system over a rectangle.
#[derive(Clone, Debug, PartialEq)]
pub struct PhasePlane {
    /// x range analysed.
    pub x_range: (f64, f64),
    /// y range analysed.
    pub y_range: (f64, f64),
    /// Segments of the x-nullcline (dx/dt = 0).
    pub x_nullcline: Vec<[(f64, f64); 2]>,
    /// Segments of the y-nullcline (dy/dt = 0).
    pub y_nullcline: Vec<[(f64, f64); 2]>,
    /// Fixed points inside the rectangle.
    pub fixed_points: Vec<FixedPoint>,
}

impl PhasePlane {
    /// Analyses `field` (returning (dx/dt, dy/dt)) over the rectangle on a `grid` × `grid`
    /// lattice of cells (at least 8).
    pub fn analyse(
        field: impl Fn(f64, f64) -> (f64, f64),
        x_range: (f64, f64),
        y_range: (f64, f64),
        grid: usize,
    ) -> PhasePlane {
        let n = grid.max(8);
        let (x0, x1) = x_range;
        let (y0, y1) = y_range;
        let xs: Vec<f64> = (0..=n)
            .map(|i| x0 + (x1 - x0) * i as f64 / n as f64)
            .collect();
        let ys: Vec<f64> = (0..=n)
            .map(|j| y0 + (y1 - y0) * j as f64 / n as f64)
            .collect();
        let values: Vec<Vec<(f64, f64)>> = xs
            .iter()
            .map(|&x| ys.iter().map(|&y| field(x, y)).collect())
            .collect();
        let f: Vec<Vec<f64>> = values
            .iter()
            .map(|c| c.iter().map(|v| v.0).collect())
            .collect();
        let g: Vec<Vec<f64>> = values
            .iter()
            .map(|c| c.iter().map(|v| v.1).collect())
            .collect();
        let x_nullcline = contour(&xs, &ys, &f);
        let y_nullcline = contour(&xs, &ys, &g);
        let scale = ((x1 - x0).abs().max(1e-300), (y1 - y0).abs().max(1e-300));
        let mut fixed_points: Vec<FixedPoint> = Vec::new();
        for i in 0..n {
            for j in 0..n {
                if !(changes_sign(&f, i, j) && changes_sign(&g, i, j)) {
                    continue;
                }
                let start = (0.5 * (xs[i] + xs[i + 1]), 0.5 * (ys[j] + ys[j + 1]));
                let Some((x, y)) = newton(&field, start, scale) else {
                    continue;
                };
                let inside =
                    x0.min(x1) <= x && x <= x0.max(x1) && y0.min(y1) <= y && y <= y0.max(y1);
                let known = fixed_points.iter().any(|p| {
                    ((p.x - x) / scale.0).abs() < 1e-6 && ((p.y - y) / scale.1).abs() < 1e-6
                });
                if inside && !known {
                    fixed_points.push(linearise(&field, x, y, scale));
                }
            }
        }
        fixed_points.sort_by(|a, b| a.x.total_cmp(&b.x));
        PhasePlane {
            x_range,
            y_range,
            x_nullcline,
            y_nullcline,
            fixed_points,
        }
    }
}

/// Whether `v` takes both signs (or a zero) at the corners of cell (i, j).
fn changes_sign(v: &[Vec<f64>], i: usize, j: usize) -> bool {
    let corners = [v[i][j], v[i + 1][j], v[i][j + 1], v[i + 1][j + 1]];
    let lo = corners.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = corners.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    lo <= 0.0 && hi >= 0.0
}

/// The zero level of `v` on the lattice as line segments (marching squares, with the
/// crossing on each edge linearly interpolated).
fn contour(xs: &[f64], ys: &[f64], v: &[Vec<f64>]) -> Vec<[(f64, f64); 2]> {
    let mut segments = Vec::new();
    for i in 0..xs.len() - 1 {
        for j in 0..ys.len() - 1 {
            // Corners counter-clockwise, and the crossings on the edges between them.
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let mut crossings = Vec::with_capacity(4);
            for e in 0..4 {
                let (a, b) = (corners[e], corners[(e + 1) % 4]);
                let (va, vb) = (v[a.0][a.1], v[b.0][b.1]);
                if !(va.is_finite() && vb.is_finite()) || (va > 0.0) == (vb > 0.0) {
                    continue;
                }
                let s = va / (va - vb);
                crossings.push((
                    xs[a.0] + s * (xs[b.0] - xs[a.0]),
                    ys[a.1] + s * (ys[b.1] - ys[a.1]),
                ));
            }
            // Two crossings: one segment; four (a saddle cell): two, paired around.
            for pair in crossings.chunks_exact(2) {
                segments.push([pair[0], pair[1]]);
            }
        }
    }
    segments
}

/// Jacobian by central differences, steps relative to the rectangle's size.
fn jacobian(
    field: &impl Fn(f64, f64) -> (f64, f64),
    x: f64,
    y: f64,
    scale: (f64, f64),
) -> [[f64; 2]; 2] {
    let (hx, hy) = (1e-6 * scale.0, 1e-6 * scale.1);
    let (fxp, gxp) = field(x + hx, y);
    let (fxm, gxm) = field(x - hx, y);
    let (fyp, gyp) = field(x, y + hy);
    let (fym, gym) = field(x, y - hy);
    [
        [(fxp - fxm) / (2.0 * hx), (fyp - fym) / (2.0 * hy)],
        [(gxp - gxm) / (2.0 * hx), (gyp - gym) / (2.0 * hy)],
    ]
}

/// Newton's method from `start`; `None` if it does not converge in 50 iterations.
fn newton(
    field: &impl Fn(f64, f64) -> (f64, f64),
    start: (f64, f64),
    scale: (f64, f64),
) -> Option<(f64, f64)> {
    let (mut x, mut y) = start;
    for _ in 0..50 {
        let (f, g) = field(x, y);
        let [[a, b], [c, d]] = jacobian(field, x, y, scale);
        let det = a * d - b * c;
        if !det.is_finite() || det == 0.0 {
            return None;
        }
        let dx = (d * f - b * g) / det;
        let dy = (a * g - c * f) / det;
        x -= dx;
        y -= dy;
        if !(x.is_finite() && y.is_finite()) {
            return None;
        }
        if (dx / scale.0).abs() < 1e-13 && (dy / scale.1).abs() < 1e-13 {
            return Some((x, y));
        }
    }
    None
}

/// The fixed point at (x, y) with its Jacobian, eigenvalues and classification.
fn linearise(
    field: &impl Fn(f64, f64) -> (f64, f64),
    x: f64,
    y: f64,
    scale: (f64, f64),
) -> FixedPoint {
    let jac = jacobian(field, x, y, scale);
    let [[a, b], [c, d]] = jac;
    let (trace, det) = (a + d, a * d - b * c);
    let disc = trace * trace - 4.0 * det;
    let eigenvalues = if disc >= 0.0 {
        let r = disc.sqrt();
        [(0.5 * (trace - r), 0.0), (0.5 * (trace + r), 0.0)]
    } else {
        let w = 0.5 * (-disc).sqrt();
        [(0.5 * trace, -w), (0.5 * trace, w)]
    };
    let tiny = 1e-9 * (a.abs() + b.abs() + c.abs() + d.abs()).max(1e-300);
    let stability = if det < -tiny * tiny {
        Stability::Saddle
    } else if det.abs() <= tiny * tiny || trace.abs() <= tiny {
        Stability::Degenerate
    } else if trace < 0.0 {
        if disc >= 0.0 {
            Stability::StableNode
        } else {
            Stability::StableFocus
        }
    } else if disc >= 0.0 {
        Stability::UnstableNode
    } else {
        Stability::UnstableFocus
    };
    FixedPoint {
        x,
        y,
        jacobian: jac,
        eigenvalues,
        stability,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A linear system with a known fixed point (1, −2) and Jacobian [[a, b], [c, d]].
    fn linear(a: f64, b: f64, c: f64, d: f64) -> impl Fn(f64, f64) -> (f64, f64) {
        move |x, y| {
            let (u, v) = (x - 1.0, y + 2.0);
            (a * u + b * v, c * u + d * v)
        }
    }

    #[test]
    fn linear_systems_are_classified_by_trace_and_determinant() {
        let cases = [
            ((-1.0, 0.0, 0.0, -2.0), Stability::StableNode),
            ((-0.1, 1.0, -1.0, -0.1), Stability::StableFocus),
            ((1.0, 0.0, 0.0, 2.0), Stability::UnstableNode),
            ((0.1, 1.0, -1.0, 0.1), Stability::UnstableFocus),
            ((1.0, 0.0, 0.0, -1.0), Stability::Saddle),
        ];
        for ((a, b, c, d), expected) in cases {
            let plane = PhasePlane::analyse(linear(a, b, c, d), (-3.0, 4.0), (-5.0, 3.0), 40);
            assert_eq!(plane.fixed_points.len(), 1, "{expected:?}");
            let p = &plane.fixed_points[0];
            assert!(
                (p.x - 1.0).abs() < 1e-9 && (p.y + 2.0).abs() < 1e-9,
                "{p:?}"
            );
            assert_eq!(p.stability, expected);
        }
        // Eigenvalues of the focus: −0.1 ± i.
        let plane =
            PhasePlane::analyse(linear(-0.1, 1.0, -1.0, -0.1), (-3.0, 4.0), (-5.0, 3.0), 40);
        let [(r0, i0), (r1, i1)] = plane.fixed_points[0].eigenvalues;
        assert!((r0 + 0.1).abs() < 1e-6 && (r1 + 0.1).abs() < 1e-6);
        assert!((i0 + 1.0).abs() < 1e-6 && (i1 - 1.0).abs() < 1e-6);
    }

    /// The nullclines of x' = y − x², y' = x − y lie on y = x² and y = x; their crossings,
    /// (0, 0) and (1, 1), are found: with J = [[−2x, 1], [1, −1]],
    /// at (0, 0) det = −1 (saddle); at (1, 1) det = 1, trace = −3 (stable node).
    #[test]
    fn nullclines_lie_on_their_curves_and_both_crossings_are_found() {
        let plane = PhasePlane::analyse(|x, y| (y - x * x, x - y), (-1.5, 2.0), (-1.0, 3.0), 60);
        assert!(!plane.x_nullcline.is_empty() && !plane.y_nullcline.is_empty());
        for seg in &plane.x_nullcline {
            for &(x, y) in seg {
                assert!((y - x * x).abs() < 0.02, "({x}, {y}) off y = x²");
            }
        }
        for seg in &plane.y_nullcline {
            for &(x, y) in seg {
                assert!((y - x).abs() < 1e-9, "({x}, {y}) off y = x");
            }
        }
        let kinds: Vec<(f64, f64, Stability)> = plane
            .fixed_points
            .iter()
            .map(|p| (p.x, p.y, p.stability))
            .collect();
        assert_eq!(kinds.len(), 2, "{kinds:?}");
        assert!(kinds[0].0.abs() < 1e-9 && kinds[0].2 == Stability::Saddle);
        assert!((kinds[1].0 - 1.0).abs() < 1e-9 && kinds[1].2 == Stability::StableNode);
    }
}
