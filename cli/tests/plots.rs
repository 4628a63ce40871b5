//! End-to-end tests of the plots of `cajal simulate`: every kind in SVG and PNG, and phase
//! planes of two-variable models.

mod common;

use common::{cajal, path, scratch, stderr};

#[test]
fn plots_are_valid_svg_and_png_files() {
    let dir = scratch("plots");
    for kind in ["trace", "phase", "raster", "rate"] {
        for ext in ["svg", "png"] {
            let plot = dir.join(format!("{kind}.{ext}"));
            let o = cajal(&[
                "simulate",
                "izhikevich",
                "--n",
                "3",
                "--input",
                "I=300pA",
                "--record",
                "v,u",
                "--duration",
                "300ms",
                "--plot",
                path(&plot),
                "--plot-kind",
                kind,
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            let bytes = std::fs::read(&plot).unwrap();
            assert!(bytes.len() > 5000, "{kind}.{ext}: {} bytes", bytes.len());
            match ext {
                "svg" => assert!(bytes.starts_with(b"<svg") && bytes.ends_with(b"</svg>\n")),
                _ => assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
            }
        }
    }
}

/// `--plot-kind phase` on a two-variable model draws its nullclines and fixed points and
/// names the fixed points with their stability: the FitzHugh–Nagumo rest state is a stable
/// focus at I = 0 (trace −0.50, determinant 0.11) and, past the Hopf bifurcation, an
/// unstable focus at I = 0.5, where v solves v − v³/3 − (v + 0.7)/0.8 + I = 0.
#[test]
fn phase_planes_show_nullclines_and_classified_fixed_points() {
    let dir = scratch("phase");
    let plot = dir.join("fhn.svg");
    let run = |current: &str| {
        let o = cajal(&[
            "simulate",
            "FitzHughNagumoNeuron",
            "--input",
            current,
            "--duration",
            "200ms",
            "--dt",
            "0.05ms",
            "--record",
            "v,w",
            "--plot",
            path(&plot),
            "--plot-kind",
            "phase",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let rest = run("I=0");
    assert!(
        rest.contains("stable focus") && !rest.contains("unstable"),
        "{rest}"
    );
    let active = run("I=0.5");
    let line = active
        .lines()
        .find(|l| l.starts_with("fixed point"))
        .expect("a fixed point is reported");
    assert!(line.ends_with("unstable focus"), "{line}");
    let v: f64 = line["fixed point v = ".len()..]
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let residual = v - v * v * v / 3.0 - (v + 0.7) / 0.8 + 0.5;
    assert!(residual.abs() < 1e-5, "v = {v}: residual {residual}");
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.contains("nullcline") && svg.contains("unstable focus"));
}
