//! IR expressions lowered to Cranelift instructions, operation for operation as the
//! interpreter evaluates them (`cajal_runtime::interpreter`'s `eval` and `holds`): the same
//! arithmetic in the same order, the same functions called, conditions with the same
//! comparisons and NaN behaviour, `if` as branches.

use std::collections::HashMap;

use cajal_lang::ir::{Cmp, Expr, Func, Op, Var};
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{InstBuilder, Value, types};
use cranelift_frontend::FunctionBuilder;

use crate::define::{Calls, trusted};
use crate::functions::{HAZARD, POWI};

/// Where one kind of value (parameters, states, inputs) comes from.
#[derive(Clone, Copy)]
pub enum Values<'v> {
    /// In memory: value k at `address + 8·k`.
    At(Value),
    /// Already computed: value k is `values[k]`.
    Each(&'v [Value]),
}

/// The step's time step and the keys of its random draws, where an expression may read
/// them (integration and event conditions); elsewhere `dt` and draws read as NaN, as in the
/// interpreter.
#[derive(Clone, Copy)]
pub struct Draws {
    /// Time step (ms).
    pub dt: Value,
    /// The population's seed (`i64`).
    pub seed: Value,
    /// The instance (`i64`).
    pub i: Value,
    /// Steps taken so far (`i64`).
    pub step: Value,
    /// √(dt·1e-3): white noise ξ = N(0, 1)/√(dt in s).
    pub noise_scale: Value,
}

/// What a plastic synapse's statements read besides its parameters and weight: the
/// synapse's own variables as the statements before have left them, and the network's
/// signals.
#[derive(Clone, Copy)]
pub struct SynapseReads<'v> {
    /// Per-synapse variables (traces, then continuous variables).
    pub vars: &'v [Value],
    /// The address of the signals' values (signal k at `8·k`).
    pub signals: Value,
}

/// What the expressions being lowered read: one instance's parameter, state and input
/// values, the time, and the draws.
#[derive(Clone, Copy)]
pub struct Inputs<'v> {
    /// Parameters.
    pub params: Values<'v>,
    /// States.
    pub states: Values<'v>,
    /// Inputs.
    pub inputs: Values<'v>,
    /// Time (ms).
    pub t: Value,
    /// `dt` and the draws, where readable.
    pub draws: Option<Draws>,
    /// A plastic synapse's variables and signals, in its statements.
    pub synapse: Option<SynapseReads<'v>>,
    /// A coupling's `[pre, post, total]`, in its terms (what a term is not given reads as
    /// the interpreter gives it).
    pub coupling: Option<[Value; 3]>,
    /// The weight: a plastic synapse's, as its statements before have left it, or a plastic
    /// coupling's (NaN outside dw/dt).
    pub weight: Option<Value>,
}

/// Lowers expressions into one function under construction.
pub struct Lower<'a, 'b, 'v> {
    /// The function's builder.
    pub b: &'a mut FunctionBuilder<'b>,
    /// The functions it may call, by symbol.
    pub calls: &'a Calls,
    /// What it reads.
    pub at: Inputs<'v>,
    /// Values of subexpressions computed before the loop, by address.
    pub hoisted: Option<&'v HashMap<*const Expr, Value>>,
}

/// The symbol of a called function (`sqrt` and `abs` are instructions; `frozen` is the
/// identity).
fn symbol(f: Func) -> Option<&'static str> {
    Some(match f {
        Func::Exp => "cajal_exp",
        Func::Log => "cajal_ln",
        Func::Sin => "cajal_sin",
        Func::Cos => "cajal_cos",
        Func::Tan => "cajal_tan",
        Func::Tanh => "cajal_tanh",
        Func::Cosh => "cajal_cosh",
        Func::Sinh => "cajal_sinh",
        Func::Atan => "cajal_atan",
        Func::Floor => "cajal_floor",
        Func::Ceil => "cajal_ceil",
        Func::Log10 => "cajal_log10",
        Func::Expm1 => "cajal_expm1",
        Func::Exprel => "cajal_exprel",
        Func::Sigmoid => "cajal_sigmoid",
        Func::Sign => "cajal_sign",
        Func::Heaviside => "cajal_heaviside",
        Func::Min => "cajal_min",
        Func::Max => "cajal_max",
        Func::Atan2 => "cajal_atan2",
        Func::Clip => "cajal_clip",
        Func::Sqrt | Func::Abs | Func::Frozen => return None,
    })
}

/// Why an expression cannot be compiled, if it cannot: it reads what only the interpreter
/// provides (delay histories, synapse and network variables), or (`in_step` false: in a
/// right-hand side compiled alone) the time step and the hazard draws.
pub fn unsupported(e: &Expr, in_step: bool) -> Option<String> {
    match e {
        Expr::Delayed(..) => Some("reads delayed states (`delayed(…)`)".into()),
        Expr::Var(v) => match v {
            Var::Param(_) | Var::State(_) | Var::Input(_) | Var::Time => None,
            Var::Draw(_) | Var::Dt if in_step => None,
            Var::Draw(_) | Var::Random { .. } => Some("draws random numbers".into()),
            Var::Dt => Some("reads the time step `dt`".into()),
            Var::Noise => Some("reads white noise outside its noise term".into()),
            _ => Some("reads a synapse's or a network's variables".into()),
        },
        _ => e
            .children()
            .into_iter()
            .find_map(|c| unsupported(c, in_step)),
    }
}

/// Why `e` cannot be compiled where only the variables `allowed` takes may be read, if it
/// cannot (a plastic synapse's statements, a coupling's terms).
pub fn reads_only(e: &Expr, allowed: &impl Fn(Var) -> bool) -> Option<String> {
    match e {
        Expr::Delayed(..) => Some("reads delayed states".into()),
        Expr::Var(v) if allowed(*v) => None,
        Expr::Var(v) => Some(format!("reads {v:?}")),
        _ => e
            .children()
            .into_iter()
            .find_map(|c| reads_only(c, allowed)),
    }
}

impl Lower<'_, '_, '_> {
    /// Value `k` from `source`.
    fn read(&mut self, source: Values, k: usize) -> Value {
        match source {
            Values::Each(values) => values[k],
            Values::At(base) => {
                let offset = i32::try_from(8 * k).expect("fewer than 2^28 values");
                self.b.ins().load(types::F64, trusted(), base, offset)
            }
        }
    }

    /// What a plastic synapse's statement reads (only they read traces, the weight and
    /// signals: [`crate::plasticity::refusal`] keeps the rest from lowering them).
    fn synapse(&self) -> SynapseReads<'_> {
        self.at
            .synapse
            .expect("only a synapse's statements read its variables")
    }

    /// What a coupling's term reads (only they read `pre`, `post` and `total`:
    /// [`crate::coupling::refusal`] keeps the rest from lowering them).
    fn coupling(&self) -> [Value; 3] {
        self.at
            .coupling
            .expect("only a coupling's terms read its values")
    }

    /// `dt` or draw `v`, or NaN where they are not readable.
    fn draw(&mut self, v: Var) -> Value {
        let Some(d) = self.at.draws else {
            return self.b.ins().f64const(f64::NAN);
        };
        match v {
            Var::Dt => d.dt,
            Var::Draw(k) => {
                let k = self.b.ins().iconst(types::I32, i64::from(k));
                self.call(HAZARD, &[d.seed, k, d.i, d.step])
            }
            other => unreachable!("{other:?} is not a draw"),
        }
    }

    /// Calls `name` with `args`; its one result.
    pub fn call(&mut self, name: &str, args: &[Value]) -> Value {
        let f = self.calls[name];
        let call = self.b.ins().call(f, args);
        self.b.inst_results(call)[0]
    }

    /// The value of `e` (checked with [`unsupported`] first).
    pub fn value(&mut self, e: &Expr) -> Value {
        if let Some(v) = self.hoisted.and_then(|h| h.get(&(e as *const Expr))) {
            return *v;
        }
        match e {
            Expr::Num(x) => self.b.ins().f64const(*x),
            Expr::Var(v) => match *v {
                Var::Param(k) => self.read(self.at.params, k),
                Var::State(k) => self.read(self.at.states, k),
                Var::Input(k) => self.read(self.at.inputs, k),
                Var::Time => self.at.t,
                Var::Dt | Var::Draw(_) => self.draw(*v),
                Var::Trace(k) => self.synapse().vars[k],
                Var::Weight => self
                    .at
                    .weight
                    .expect("only synapse statements and coupling rules read the weight"),
                Var::Pre => self.coupling()[0],
                Var::Post => self.coupling()[1],
                Var::Total => self.coupling()[2],
                Var::Signal(k) => {
                    let signals = self.synapse().signals;
                    self.read(Values::At(signals), k)
                }
                other => unreachable!("{other:?} is refused before lowering"),
            },
            Expr::Neg(a) => {
                let a = self.value(a);
                self.b.ins().fneg(a)
            }
            Expr::Bin(op, a, b) => {
                let (a, b) = (self.value(a), self.value(b));
                match op {
                    Op::Add => self.b.ins().fadd(a, b),
                    Op::Sub => self.b.ins().fsub(a, b),
                    Op::Mul => self.b.ins().fmul(a, b),
                    Op::Div => self.b.ins().fdiv(a, b),
                }
            }
            Expr::Powi(a, n) => {
                let x = self.value(a);
                match n {
                    2 => self.b.ins().fmul(x, x),
                    3 => {
                        let x2 = self.b.ins().fmul(x, x);
                        self.b.ins().fmul(x2, x)
                    }
                    4 => {
                        let x2 = self.b.ins().fmul(x, x);
                        self.b.ins().fmul(x2, x2)
                    }
                    -1 => {
                        let one = self.b.ins().f64const(1.0);
                        self.b.ins().fdiv(one, x)
                    }
                    n => {
                        let n = self.b.ins().iconst(types::I32, i64::from(*n));
                        self.call(POWI, &[x, n])
                    }
                }
            }
            Expr::Powf(a, b) => {
                let (a, b) = (self.value(a), self.value(b));
                self.call("cajal_powf", &[a, b])
            }
            Expr::Call(f, args) => {
                let values: Vec<Value> = args.iter().map(|a| self.value(a)).collect();
                match (f, symbol(*f)) {
                    (Func::Sqrt, _) => self.b.ins().sqrt(values[0]),
                    (Func::Abs, _) => self.b.ins().fabs(values[0]),
                    (_, Some(name)) => self.call(name, &values),
                    _ => values[0],
                }
            }
            Expr::Select(c, a, b) => {
                let then_block = self.b.create_block();
                let else_block = self.b.create_block();
                let merge = self.b.create_block();
                self.b.append_block_param(merge, types::F64);
                let c = self.condition(c);
                self.b.ins().brif(c, then_block, &[], else_block, &[]);
                for (block, branch) in [(then_block, a), (else_block, b)] {
                    self.b.switch_to_block(block);
                    self.b.seal_block(block);
                    let v = self.value(branch);
                    self.b.ins().jump(merge, &[v.into()]);
                }
                self.b.switch_to_block(merge);
                self.b.seal_block(merge);
                self.b.block_params(merge)[0]
            }
            Expr::Cmp(..) | Expr::And(..) | Expr::Or(..) | Expr::Not(..) => {
                let c = self.condition(e);
                let (one, zero) = (self.b.ins().f64const(1.0), self.b.ins().f64const(0.0));
                self.b.ins().select(c, one, zero)
            }
            Expr::Delayed(..) => unreachable!("delayed states are refused before lowering"),
        }
    }

    /// Whether the condition `e` holds, as an `i8` (0 or 1).
    pub fn condition(&mut self, e: &Expr) -> Value {
        match e {
            Expr::Cmp(c, a, b) => {
                let (a, b) = (self.value(a), self.value(b));
                let cc = match c {
                    Cmp::Lt => FloatCC::LessThan,
                    Cmp::Le => FloatCC::LessThanOrEqual,
                    Cmp::Gt => FloatCC::GreaterThan,
                    Cmp::Ge => FloatCC::GreaterThanOrEqual,
                    Cmp::Eq => FloatCC::Equal,
                    Cmp::Ne => FloatCC::NotEqual,
                };
                self.b.ins().fcmp(cc, a, b)
            }
            Expr::And(a, b) => {
                let (a, b) = (self.condition(a), self.condition(b));
                self.b.ins().band(a, b)
            }
            Expr::Or(a, b) => {
                let (a, b) = (self.condition(a), self.condition(b));
                self.b.ins().bor(a, b)
            }
            Expr::Not(a) => {
                let a = self.condition(a);
                self.b.ins().bxor_imm_u(a, 1)
            }
            other => {
                let v = self.value(other);
                let zero = self.b.ins().f64const(0.0);
                self.b.ins().fcmp(FloatCC::NotEqual, v, zero)
            }
        }
    }
}
