//! The struct-of-arrays state and the input buffers of a population.

use proc_macro2::TokenStream;
use quote::quote;

use super::Parts;
use crate::docs::doc_attrs;

/// `NameState` and `NameInputs`: one vector per variable, one value per instance.
pub(super) fn state_and_inputs(p: &Parts) -> TokenStream {
    let (m, vis, ty_state, ty_inputs, s_ids, i_ids) =
        (p.m, &p.vis, &p.ty_state, &p.ty_inputs, &p.s_ids, &p.i_ids);
    let s_docs = m.states.iter().map(|s| {
        let mut lines = s.doc.clone();
        lines.push(format!("Unit: `{}`; one value per instance.", s.unit.text));
        doc_attrs(&lines)
    });
    let i_docs = m.inputs.iter().map(|s| {
        let mut lines = s.doc.clone();
        lines.push(format!(
            "Unit: `{}`; one value per instance, read by the next step.",
            s.unit.text
        ));
        doc_attrs(&lines)
    });
    let doc_state = format!(
        " State variables of [`{}`], one value per instance.",
        m.name
    );
    let doc_inputs = format!(" Inputs of [`{}`], one value per instance.", m.name);
    quote! {
        #[doc = #doc_state]
        #[derive(Clone, Debug, PartialEq, Default)]
        #[allow(non_snake_case)]
        #vis struct #ty_state {
            #( #s_docs pub #s_ids: ::std::vec::Vec<f64>, )*
        }

        #[doc = #doc_inputs]
        #[derive(Clone, Debug, PartialEq, Default)]
        #[allow(non_snake_case)]
        #vis struct #ty_inputs {
            #( #i_docs pub #i_ids: ::std::vec::Vec<f64>, )*
        }
    }
}
