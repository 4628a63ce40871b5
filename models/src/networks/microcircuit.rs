//! The cortical microcircuit of Potjans & Diesmann (2014).

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// The cell-type specific cortical microcircuit of Potjans & Diesmann (2014, Cereb.
    /// Cortex 24:785): 77 169 [`LifExpCurrents`](crate::LifExpCurrents) cells under 1 mm² of
    /// early sensory cortex in eight populations (excitatory and inhibitory cells of layers
    /// 2/3, 4, 5 and 6), about 3·10⁸ synapses, with the parameters of the paper and of NEST's
    /// PyNEST example. Each projection draws its number of synapses so that a pair is
    /// connected with the probability of the paper's Table 5, ln(1 − C)/ln(1 − 1/(N_pre N_post))
    /// synapses with sources and targets drawn uniformly (multapses allowed); weights are the
    /// current J whose PSP peaks at 0.15 mV (87.8 pA; doubled from L4E to L2/3E, g = −4 times
    /// for inhibitory sources), drawn per synapse with 10 % spread keeping their sign; delays
    /// are drawn from N(1.5 ms, 0.75 ms) (excitatory) and N(0.75 ms, 0.375 ms) (inhibitory),
    /// at least one step. Each cell receives K_ext Poisson trains at 8 Hz (`poisson_bg = 1`)
    /// or, with `poisson_bg = 0`, the constant current of the same mean. Potentials start
    /// from N(−58 mV, 10 mV) (stream 0 of the seed).
    ///
    /// `scale` (0 < scale ≤ 1) scales the neurons and the in-degrees together (the pair
    /// probabilities are kept; sizes are rounded half up): weights grow by 1/√scale and a
    /// constant current restores each cell's mean input from the full-scale rates `nu_*`
    /// (van Albada, Helias & Diesmann 2015, as NEST's example does), so that the rates stay
    /// near the full model's. NEST's example scales the full model's synapse numbers by the
    /// square of the scale instead of drawing them for the scaled sizes: the same up to the
    /// rounding of the sizes.
    pub network Microcircuit {
        parameters {
            /// Fraction of the neurons and of the in-degrees of the full model.
            scale = 1,
            /// Mean PSP amplitude of an excitatory synapse (at rest).
            PSP_e = 0.15 mV,
            /// Relative standard deviation of the weights.
            w_sd = 0.1,
            /// Inhibitory weight relative to the excitatory one.
            g = -4,
            /// Rate of each background (external) input.
            bg_rate = 8 Hz,
            /// 1: Poisson background trains; 0: the constant current of their mean.
            poisson_bg = 1,
            /// Mean delay of excitatory synapses.
            d_e = 1.5 ms,
            /// Mean delay of inhibitory synapses.
            d_i = 0.75 ms,
            /// Relative standard deviation of the delays.
            d_sd = 0.5,
            /// Mean initial membrane potential.
            V0_mean = -58 mV,
            /// Standard deviation of the initial membrane potential.
            V0_sd = 10 mV,
            /// Membrane capacitance.
            C_m = 250 pF,
            /// Membrane time constant.
            tau_m = 10 ms,
            /// Time constant of the synaptic currents.
            tau_syn = 0.5 ms,
            /// Resting potential.
            E_L = -65 mV,
            /// Spike threshold.
            V_th = -50 mV,
            /// Reset potential.
            V_reset = -65 mV,
            /// Absolute refractory period.
            t_ref = 2 ms,
            /// Full-scale rate of L2/3E, for the compensation of a reduced scale (NEST's
            /// example; the rates below likewise).
            nu_L23E = 0.971 Hz,
            /// Full-scale rate of L2/3I.
            nu_L23I = 2.868 Hz,
            /// Full-scale rate of L4E.
            nu_L4E = 4.746 Hz,
            /// Full-scale rate of L4I.
            nu_L4I = 5.396 Hz,
            /// Full-scale rate of L5E.
            nu_L5E = 8.142 Hz,
            /// Full-scale rate of L5I.
            nu_L5I = 9.078 Hz,
            /// Full-scale rate of L6E.
            nu_L6E = 0.991 Hz,
            /// Full-scale rate of L6I.
            nu_L6I = 7.523 Hz,
            /// Full-scale size of L2/3E (Table 5; the sizes below likewise).
            N0_L23E = 20683,
            /// Full-scale size of L2/3I.
            N0_L23I = 5834,
            /// Full-scale size of L4E.
            N0_L4E = 21915,
            /// Full-scale size of L4I.
            N0_L4I = 5479,
            /// Full-scale size of L5E.
            N0_L5E = 4850,
            /// Full-scale size of L5I.
            N0_L5I = 1065,
            /// Full-scale size of L6E.
            N0_L6E = 14395,
            /// Full-scale size of L6I.
            N0_L6I = 2948,
            /// Excitatory weight: the current whose PSP peaks at PSP_e.
            J = PSP_e*C_m*(tau_m - tau_syn)/(tau_m*tau_syn)
                /((tau_syn/tau_m)^(tau_syn/(tau_m - tau_syn)) - (tau_syn/tau_m)^(tau_m/(tau_m - tau_syn))),
            /// Excitatory weight at this scale.
            J_s = J/sqrt(scale),
            /// Mean recurrent input of an L23E cell at full scale, Σ_j J_ij K_ij ν_j.
            I_rec_L23E = (J*log(1 - 0.1009)/log(1 - 1/(N0_L23E*N0_L23E))*nu_L23E
                + g*J*log(1 - 0.1689)/log(1 - 1/(N0_L23E*N0_L23I))*nu_L23I
                + 2*J*log(1 - 0.0437)/log(1 - 1/(N0_L23E*N0_L4E))*nu_L4E
                + g*J*log(1 - 0.0818)/log(1 - 1/(N0_L23E*N0_L4I))*nu_L4I
                + J*log(1 - 0.0323)/log(1 - 1/(N0_L23E*N0_L5E))*nu_L5E
                + J*log(1 - 0.0076)/log(1 - 1/(N0_L23E*N0_L6E))*nu_L6E)/N0_L23E,
            /// Mean recurrent input of an L23I cell at full scale, Σ_j J_ij K_ij ν_j.
            I_rec_L23I = (J*log(1 - 0.1346)/log(1 - 1/(N0_L23I*N0_L23E))*nu_L23E
                + g*J*log(1 - 0.1371)/log(1 - 1/(N0_L23I*N0_L23I))*nu_L23I
                + J*log(1 - 0.0316)/log(1 - 1/(N0_L23I*N0_L4E))*nu_L4E
                + g*J*log(1 - 0.0515)/log(1 - 1/(N0_L23I*N0_L4I))*nu_L4I
                + J*log(1 - 0.0755)/log(1 - 1/(N0_L23I*N0_L5E))*nu_L5E
                + J*log(1 - 0.0042)/log(1 - 1/(N0_L23I*N0_L6E))*nu_L6E)/N0_L23I,
            /// Mean recurrent input of an L4E cell at full scale, Σ_j J_ij K_ij ν_j.
            I_rec_L4E = (J*log(1 - 0.0077)/log(1 - 1/(N0_L4E*N0_L23E))*nu_L23E
                + g*J*log(1 - 0.0059)/log(1 - 1/(N0_L4E*N0_L23I))*nu_L23I
                + J*log(1 - 0.0497)/log(1 - 1/(N0_L4E*N0_L4E))*nu_L4E
                + g*J*log(1 - 0.135)/log(1 - 1/(N0_L4E*N0_L4I))*nu_L4I
                + J*log(1 - 0.0067)/log(1 - 1/(N0_L4E*N0_L5E))*nu_L5E
                + g*J*log(1 - 0.0003)/log(1 - 1/(N0_L4E*N0_L5I))*nu_L5I
                + J*log(1 - 0.0453)/log(1 - 1/(N0_L4E*N0_L6E))*nu_L6E)/N0_L4E,
            /// Mean recurrent input of an L4I cell at full scale, Σ_j J_ij K_ij ν_j.
            I_rec_L4I = (J*log(1 - 0.0691)/log(1 - 1/(N0_L4I*N0_L23E))*nu_L23E
                + g*J*log(1 - 0.0029)/log(1 - 1/(N0_L4I*N0_L23I))*nu_L23I
                + J*log(1 - 0.0794)/log(1 - 1/(N0_L4I*N0_L4E))*nu_L4E
                + g*J*log(1 - 0.1597)/log(1 - 1/(N0_L4I*N0_L4I))*nu_L4I
                + J*log(1 - 0.0033)/log(1 - 1/(N0_L4I*N0_L5E))*nu_L5E
                + J*log(1 - 0.1057)/log(1 - 1/(N0_L4I*N0_L6E))*nu_L6E)/N0_L4I,
            /// Mean recurrent input of an L5E cell at full scale, Σ_j J_ij K_ij ν_j.
            I_rec_L5E = (J*log(1 - 0.1004)/log(1 - 1/(N0_L5E*N0_L23E))*nu_L23E
                + g*J*log(1 - 0.0622)/log(1 - 1/(N0_L5E*N0_L23I))*nu_L23I
                + J*log(1 - 0.0505)/log(1 - 1/(N0_L5E*N0_L4E))*nu_L4E
                + g*J*log(1 - 0.0057)/log(1 - 1/(N0_L5E*N0_L4I))*nu_L4I
                + J*log(1 - 0.0831)/log(1 - 1/(N0_L5E*N0_L5E))*nu_L5E
                + g*J*log(1 - 0.3726)/log(1 - 1/(N0_L5E*N0_L5I))*nu_L5I
                + J*log(1 - 0.0204)/log(1 - 1/(N0_L5E*N0_L6E))*nu_L6E)/N0_L5E,
            /// Mean recurrent input of an L5I cell at full scale, Σ_j J_ij K_ij ν_j.
            I_rec_L5I = (J*log(1 - 0.0548)/log(1 - 1/(N0_L5I*N0_L23E))*nu_L23E
                + g*J*log(1 - 0.0269)/log(1 - 1/(N0_L5I*N0_L23I))*nu_L23I
                + J*log(1 - 0.0257)/log(1 - 1/(N0_L5I*N0_L4E))*nu_L4E
                + g*J*log(1 - 0.0022)/log(1 - 1/(N0_L5I*N0_L4I))*nu_L4I
                + J*log(1 - 0.06)/log(1 - 1/(N0_L5I*N0_L5E))*nu_L5E
                + g*J*log(1 - 0.3158)/log(1 - 1/(N0_L5I*N0_L5I))*nu_L5I
                + J*log(1 - 0.0086)/log(1 - 1/(N0_L5I*N0_L6E))*nu_L6E)/N0_L5I,
            /// Mean recurrent input of an L6E cell at full scale, Σ_j J_ij K_ij ν_j.
            I_rec_L6E = (J*log(1 - 0.0156)/log(1 - 1/(N0_L6E*N0_L23E))*nu_L23E
                + g*J*log(1 - 0.0066)/log(1 - 1/(N0_L6E*N0_L23I))*nu_L23I
                + J*log(1 - 0.0211)/log(1 - 1/(N0_L6E*N0_L4E))*nu_L4E
                + g*J*log(1 - 0.0166)/log(1 - 1/(N0_L6E*N0_L4I))*nu_L4I
                + J*log(1 - 0.0572)/log(1 - 1/(N0_L6E*N0_L5E))*nu_L5E
                + g*J*log(1 - 0.0197)/log(1 - 1/(N0_L6E*N0_L5I))*nu_L5I
                + J*log(1 - 0.0396)/log(1 - 1/(N0_L6E*N0_L6E))*nu_L6E
                + g*J*log(1 - 0.2252)/log(1 - 1/(N0_L6E*N0_L6I))*nu_L6I)/N0_L6E,
            /// Mean recurrent input of an L6I cell at full scale, Σ_j J_ij K_ij ν_j.
            I_rec_L6I = (J*log(1 - 0.0364)/log(1 - 1/(N0_L6I*N0_L23E))*nu_L23E
                + g*J*log(1 - 0.001)/log(1 - 1/(N0_L6I*N0_L23I))*nu_L23I
                + J*log(1 - 0.0034)/log(1 - 1/(N0_L6I*N0_L4E))*nu_L4E
                + g*J*log(1 - 0.0005)/log(1 - 1/(N0_L6I*N0_L4I))*nu_L4I
                + J*log(1 - 0.0277)/log(1 - 1/(N0_L6I*N0_L5E))*nu_L5E
                + g*J*log(1 - 0.008)/log(1 - 1/(N0_L6I*N0_L5I))*nu_L5I
                + J*log(1 - 0.0658)/log(1 - 1/(N0_L6I*N0_L6E))*nu_L6E
                + g*J*log(1 - 0.1443)/log(1 - 1/(N0_L6I*N0_L6I))*nu_L6I)/N0_L6I,
        }
        timestep 0.1 ms
        seed 2014
        population L23E = crate::LifExpCurrents[floor(20683*scale + 0.5)] {
            C_m = C_m, tau_m = tau_m, tau_ex = tau_syn, tau_in = tau_syn, E_L = E_L, V_th = V_th, V_reset = V_reset, t_ref = t_ref
            I_e = tau_syn*((1 - sqrt(scale))*I_rec_L23E + (1 - poisson_bg*sqrt(scale))*J*1600*bg_rate)
            init v = V0_mean + V0_sd*randn(0)
        }
        population L23I = crate::LifExpCurrents[floor(5834*scale + 0.5)] {
            C_m = C_m, tau_m = tau_m, tau_ex = tau_syn, tau_in = tau_syn, E_L = E_L, V_th = V_th, V_reset = V_reset, t_ref = t_ref
            I_e = tau_syn*((1 - sqrt(scale))*I_rec_L23I + (1 - poisson_bg*sqrt(scale))*J*1500*bg_rate)
            init v = V0_mean + V0_sd*randn(0)
        }
        population L4E = crate::LifExpCurrents[floor(21915*scale + 0.5)] {
            C_m = C_m, tau_m = tau_m, tau_ex = tau_syn, tau_in = tau_syn, E_L = E_L, V_th = V_th, V_reset = V_reset, t_ref = t_ref
            I_e = tau_syn*((1 - sqrt(scale))*I_rec_L4E + (1 - poisson_bg*sqrt(scale))*J*2100*bg_rate)
            init v = V0_mean + V0_sd*randn(0)
        }
        population L4I = crate::LifExpCurrents[floor(5479*scale + 0.5)] {
            C_m = C_m, tau_m = tau_m, tau_ex = tau_syn, tau_in = tau_syn, E_L = E_L, V_th = V_th, V_reset = V_reset, t_ref = t_ref
            I_e = tau_syn*((1 - sqrt(scale))*I_rec_L4I + (1 - poisson_bg*sqrt(scale))*J*1900*bg_rate)
            init v = V0_mean + V0_sd*randn(0)
        }
        population L5E = crate::LifExpCurrents[floor(4850*scale + 0.5)] {
            C_m = C_m, tau_m = tau_m, tau_ex = tau_syn, tau_in = tau_syn, E_L = E_L, V_th = V_th, V_reset = V_reset, t_ref = t_ref
            I_e = tau_syn*((1 - sqrt(scale))*I_rec_L5E + (1 - poisson_bg*sqrt(scale))*J*2000*bg_rate)
            init v = V0_mean + V0_sd*randn(0)
        }
        population L5I = crate::LifExpCurrents[floor(1065*scale + 0.5)] {
            C_m = C_m, tau_m = tau_m, tau_ex = tau_syn, tau_in = tau_syn, E_L = E_L, V_th = V_th, V_reset = V_reset, t_ref = t_ref
            I_e = tau_syn*((1 - sqrt(scale))*I_rec_L5I + (1 - poisson_bg*sqrt(scale))*J*1900*bg_rate)
            init v = V0_mean + V0_sd*randn(0)
        }
        population L6E = crate::LifExpCurrents[floor(14395*scale + 0.5)] {
            C_m = C_m, tau_m = tau_m, tau_ex = tau_syn, tau_in = tau_syn, E_L = E_L, V_th = V_th, V_reset = V_reset, t_ref = t_ref
            I_e = tau_syn*((1 - sqrt(scale))*I_rec_L6E + (1 - poisson_bg*sqrt(scale))*J*2900*bg_rate)
            init v = V0_mean + V0_sd*randn(0)
        }
        population L6I = crate::LifExpCurrents[floor(2948*scale + 0.5)] {
            C_m = C_m, tau_m = tau_m, tau_ex = tau_syn, tau_in = tau_syn, E_L = E_L, V_th = V_th, V_reset = V_reset, t_ref = t_ref
            I_e = tau_syn*((1 - sqrt(scale))*I_rec_L6I + (1 - poisson_bg*sqrt(scale))*J*2100*bg_rate)
            init v = V0_mean + V0_sd*randn(0)
        }
        projection L23E_L23E: L23E -> L23E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.1009) delay normal(d_e, d_sd*d_e)
        projection L23I_L23E: L23I -> L23E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.1689) delay normal(d_i, d_sd*d_i)
        projection L4E_L23E: L4E -> L23E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(2*J_s, 2*w_sd*J_s), p = 0.0437) delay normal(d_e, d_sd*d_e)
        projection L4I_L23E: L4I -> L23E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0818) delay normal(d_i, d_sd*d_i)
        projection L5E_L23E: L5E -> L23E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0323) delay normal(d_e, d_sd*d_e)
        projection L6E_L23E: L6E -> L23E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0076) delay normal(d_e, d_sd*d_e)
        projection L23E_L23I: L23E -> L23I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.1346) delay normal(d_e, d_sd*d_e)
        projection L23I_L23I: L23I -> L23I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.1371) delay normal(d_i, d_sd*d_i)
        projection L4E_L23I: L4E -> L23I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0316) delay normal(d_e, d_sd*d_e)
        projection L4I_L23I: L4I -> L23I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0515) delay normal(d_i, d_sd*d_i)
        projection L5E_L23I: L5E -> L23I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0755) delay normal(d_e, d_sd*d_e)
        projection L6E_L23I: L6E -> L23I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0042) delay normal(d_e, d_sd*d_e)
        projection L23E_L4E: L23E -> L4E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0077) delay normal(d_e, d_sd*d_e)
        projection L23I_L4E: L23I -> L4E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0059) delay normal(d_i, d_sd*d_i)
        projection L4E_L4E: L4E -> L4E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0497) delay normal(d_e, d_sd*d_e)
        projection L4I_L4E: L4I -> L4E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.135) delay normal(d_i, d_sd*d_i)
        projection L5E_L4E: L5E -> L4E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0067) delay normal(d_e, d_sd*d_e)
        projection L5I_L4E: L5I -> L4E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0003) delay normal(d_i, d_sd*d_i)
        projection L6E_L4E: L6E -> L4E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0453) delay normal(d_e, d_sd*d_e)
        projection L23E_L4I: L23E -> L4I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0691) delay normal(d_e, d_sd*d_e)
        projection L23I_L4I: L23I -> L4I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0029) delay normal(d_i, d_sd*d_i)
        projection L4E_L4I: L4E -> L4I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0794) delay normal(d_e, d_sd*d_e)
        projection L4I_L4I: L4I -> L4I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.1597) delay normal(d_i, d_sd*d_i)
        projection L5E_L4I: L5E -> L4I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0033) delay normal(d_e, d_sd*d_e)
        projection L6E_L4I: L6E -> L4I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.1057) delay normal(d_e, d_sd*d_e)
        projection L23E_L5E: L23E -> L5E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.1004) delay normal(d_e, d_sd*d_e)
        projection L23I_L5E: L23I -> L5E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0622) delay normal(d_i, d_sd*d_i)
        projection L4E_L5E: L4E -> L5E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0505) delay normal(d_e, d_sd*d_e)
        projection L4I_L5E: L4I -> L5E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0057) delay normal(d_i, d_sd*d_i)
        projection L5E_L5E: L5E -> L5E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0831) delay normal(d_e, d_sd*d_e)
        projection L5I_L5E: L5I -> L5E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.3726) delay normal(d_i, d_sd*d_i)
        projection L6E_L5E: L6E -> L5E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0204) delay normal(d_e, d_sd*d_e)
        projection L23E_L5I: L23E -> L5I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0548) delay normal(d_e, d_sd*d_e)
        projection L23I_L5I: L23I -> L5I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0269) delay normal(d_i, d_sd*d_i)
        projection L4E_L5I: L4E -> L5I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0257) delay normal(d_e, d_sd*d_e)
        projection L4I_L5I: L4I -> L5I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0022) delay normal(d_i, d_sd*d_i)
        projection L5E_L5I: L5E -> L5I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.06) delay normal(d_e, d_sd*d_e)
        projection L5I_L5I: L5I -> L5I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.3158) delay normal(d_i, d_sd*d_i)
        projection L6E_L5I: L6E -> L5I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0086) delay normal(d_e, d_sd*d_e)
        projection L23E_L6E: L23E -> L6E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0156) delay normal(d_e, d_sd*d_e)
        projection L23I_L6E: L23I -> L6E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0066) delay normal(d_i, d_sd*d_i)
        projection L4E_L6E: L4E -> L6E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0211) delay normal(d_e, d_sd*d_e)
        projection L4I_L6E: L4I -> L6E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0166) delay normal(d_i, d_sd*d_i)
        projection L5E_L6E: L5E -> L6E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0572) delay normal(d_e, d_sd*d_e)
        projection L5I_L6E: L5I -> L6E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0197) delay normal(d_i, d_sd*d_i)
        projection L6E_L6E: L6E -> L6E = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0396) delay normal(d_e, d_sd*d_e)
        projection L6I_L6E: L6I -> L6E = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.2252) delay normal(d_i, d_sd*d_i)
        projection L23E_L6I: L23E -> L6I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0364) delay normal(d_e, d_sd*d_e)
        projection L23I_L6I: L23I -> L6I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.001) delay normal(d_i, d_sd*d_i)
        projection L4E_L6I: L4E -> L6I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0034) delay normal(d_e, d_sd*d_e)
        projection L4I_L6I: L4I -> L6I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.0005) delay normal(d_i, d_sd*d_i)
        projection L5E_L6I: L5E -> L6I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0277) delay normal(d_e, d_sd*d_e)
        projection L5I_L6I: L5I -> L6I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.008) delay normal(d_i, d_sd*d_i)
        projection L6E_L6I: L6E -> L6I = crate::ExcitatoryCurrentKick
            with fixed_total_number(normal(J_s, w_sd*J_s), p = 0.0658) delay normal(d_e, d_sd*d_e)
        projection L6I_L6I: L6I -> L6I = crate::InhibitoryCurrentKick
            with fixed_total_number(normal(g*J_s, w_sd*abs(g)*J_s), p = 0.1443) delay normal(d_i, d_sd*d_i)
        /// Background input of the L23E cells: 1600 Poisson trains at bg_rate (scaled).
        poisson_input background_L23E: L23E.I_ex { count = 1, rate = poisson_bg*bg_rate*floor(1600*scale + 0.5), weight = J_s }
        /// Background input of the L23I cells: 1500 Poisson trains at bg_rate (scaled).
        poisson_input background_L23I: L23I.I_ex { count = 1, rate = poisson_bg*bg_rate*floor(1500*scale + 0.5), weight = J_s }
        /// Background input of the L4E cells: 2100 Poisson trains at bg_rate (scaled).
        poisson_input background_L4E: L4E.I_ex { count = 1, rate = poisson_bg*bg_rate*floor(2100*scale + 0.5), weight = J_s }
        /// Background input of the L4I cells: 1900 Poisson trains at bg_rate (scaled).
        poisson_input background_L4I: L4I.I_ex { count = 1, rate = poisson_bg*bg_rate*floor(1900*scale + 0.5), weight = J_s }
        /// Background input of the L5E cells: 2000 Poisson trains at bg_rate (scaled).
        poisson_input background_L5E: L5E.I_ex { count = 1, rate = poisson_bg*bg_rate*floor(2000*scale + 0.5), weight = J_s }
        /// Background input of the L5I cells: 1900 Poisson trains at bg_rate (scaled).
        poisson_input background_L5I: L5I.I_ex { count = 1, rate = poisson_bg*bg_rate*floor(1900*scale + 0.5), weight = J_s }
        /// Background input of the L6E cells: 2900 Poisson trains at bg_rate (scaled).
        poisson_input background_L6E: L6E.I_ex { count = 1, rate = poisson_bg*bg_rate*floor(2900*scale + 0.5), weight = J_s }
        /// Background input of the L6I cells: 2100 Poisson trains at bg_rate (scaled).
        poisson_input background_L6I: L6I.I_ex { count = 1, rate = poisson_bg*bg_rate*floor(2100*scale + 0.5), weight = J_s }
        record L23E
        record L23I
        record L4E
        record L4I
        record L5E
        record L5I
        record L6E
        record L6I
    }
}
